import { useEffect, useRef, useState, type ReactNode } from "react";
import { messageOf } from "../api";
import { Loading } from "../components/ui";
import { goTo } from "./hooks";
import { portalApi } from "./portalApi";
import type { PortalMe } from "./types";

/** Shown at #/portal/opening after a reload: the token is gone from the address, as it should be. */
const INTERRUPTED = "The link did not finish opening. Open it again from our message.";

/**
 * Opens a portal link: the token leaves the address bar at once (so it is not left in history or
 * shown over a shoulder), is traded for a portal session, and the customer lands on their cases —
 * or straight on the case, for a per-case link.
 */
export default function EnterPage({
  token,
  onEntered,
}: {
  token: string | null;
  onEntered: (me: PortalMe) => void;
}): ReactNode {
  const [error, setError] = useState<string | undefined>(token === null ? INTERRUPTED : undefined);
  const started = useRef(false);

  useEffect(() => {
    if (started.current || token === null) return;
    started.current = true;
    // Not a history entry of its own; the page stays mounted until the exchange answers.
    history.replaceState(null, "", "#/portal/opening");
    portalApi.post<PortalMe>("/api/portal/session", { token }).then(
      (me) => {
        onEntered(me);
        goTo(me.scope === "case" && me.caseNumber !== null ? `#/portal/cases/${me.caseNumber}` : "#/portal");
      },
      (err: unknown) => {
        setError(messageOf(err));
      },
    );
  }, [token, onEntered]);

  if (error) {
    return (
      <section className="portal-page" aria-labelledby="enter-title">
        <h1 id="enter-title">This link does not open</h1>
        <p className="error-text" role="alert">
          {error}
        </p>
        <p>If we sent you a newer link, open that one. Or write to us again:</p>
        <p>
          <a className="button primary" href="#/request">
            Send a new request
          </a>
        </p>
      </section>
    );
  }
  return (
    <section className="portal-page" aria-labelledby="enter-title" aria-busy="true">
      <h1 id="enter-title">Opening your requests…</h1>
      <Loading label="Opening your link…" lines={3} />
    </section>
  );
}
