import type { ReactNode } from "react";
import type { CustomerStatus } from "./types";

/** A case's status in the customer's words, coloured by what it means for them. */
export function CustomerStatusBadge({ status, text }: { status: CustomerStatus; text: string }): ReactNode {
  return <span className={`badge cstatus-${status}`}>{text}</span>;
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function When({ iso }: { iso: string }): ReactNode {
  return <time dateTime={iso}>{when.format(new Date(iso))}</time>;
}
