import type { ReactNode } from "react";
import { useGet } from "../hooks";

/** The nav link's label with the unread count, so new messages show from any page. */
export function InboxNavLabel(): ReactNode {
  const unread = useGet<{ unread: number }>("/api/messages/unread-count");
  const n = unread.data?.unread ?? 0;
  return (
    <>
      Messages
      {n > 0 && (
        <span className="badge nav-count">
          {n}
          <span className="visually-hidden"> unread</span>
        </span>
      )}
    </>
  );
}
