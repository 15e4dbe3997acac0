import { type ReactNode } from "react";
import { api } from "../../api";
import { useAction, useGet } from "../../hooks";
import { staffName, teamName, useSession } from "../../session";
import type { Case } from "../../types";
import { ErrorMessage } from "../ui";
import type { Handoff } from "./types";
import "./escalation.css";

/**
 * "In hand-over": shown to everyone on a case with a pending hand-over; the receiver (or a member
 * of the receiving team) reads the context card and acknowledges it here.
 */
export function HandoverBanner({
  item,
  onChanged,
}: {
  item: Case;
  onChanged: () => Promise<void>;
}): ReactNode {
  const state = useSession();
  const pending = item.handover ?? null;
  const handoff = useGet<Handoff>(pending ? `/api/handoffs/${pending.id}` : null);
  const ack = useAction();
  if (!pending) return null;
  const me = state.session.staffId;
  const mine = state.staff.find((s) => s.id === me);
  const isReceiver =
    pending.toStaffId === me ||
    (pending.toStaffId === null &&
      pending.toTeamId !== null &&
      (mine?.teamIds.includes(pending.toTeamId) ?? false));
  const to = pending.toStaffId
    ? staffName(state, pending.toStaffId)
    : pending.toTeamId
      ? `team ${teamName(state, pending.toTeamId)}`
      : "someone";
  const h = handoff.data;
  return (
    <section className="panel handover" aria-labelledby="handover-title">
      <h2 id="handover-title">
        <span className="badge in-handover">In hand-over</span> to {to}
      </h2>
      {h && (
        <>
          <p>
            From {h.fromName ?? "the desk"}: {h.reason}
          </p>
          {h.routing && (
            <details>
              <summary>Why it went to {h.toName ?? to}</summary>
              <p>{h.routing.summary}</p>
              <ul>
                {h.routing.lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            </details>
          )}
          <dl className="card-view">
            <dt>What the customer wants</dt>
            <dd>{h.card.wants}</dd>
            {h.card.customerWords && (
              <>
                <dt>How they see it</dt>
                <dd className="pre">{h.card.customerWords}</dd>
              </>
            )}
            {h.card.tried && (
              <>
                <dt>What was tried</dt>
                <dd className="pre">{h.card.tried}</dd>
              </>
            )}
            <dt>Next step</dt>
            <dd>{h.card.nextStep}</dd>
            <dt>Open promises</dt>
            <dd>
              {h.card.promises.length === 0 ? (
                "None"
              ) : (
                <ul>
                  {h.card.promises.map((p) => (
                    <li key={p.id}>
                      {p.description}: {p.wording}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
        </>
      )}
      <ErrorMessage message={handoff.error} />
      {isReceiver ? (
        <button
          type="button"
          className="button primary"
          disabled={ack.busy}
          onClick={() => {
            void ack.run(async () => {
              await api.post(`/api/handoffs/${pending.id}/acknowledge`, undefined);
              await onChanged();
            });
          }}
        >
          {ack.busy ? "Acknowledging…" : "Acknowledge: I have this case"}
        </button>
      ) : (
        <p className="muted">Waiting for {to} to acknowledge.</p>
      )}
      <ErrorMessage message={ack.error} />
    </section>
  );
}
