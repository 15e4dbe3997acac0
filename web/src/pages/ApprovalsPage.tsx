import { useId, useState, type ReactNode } from "react";
import { api } from "../api";
import { PrecedentsPanel } from "../components/policy/PolicyBits";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { formatDateTime } from "../format";
import { useAction, useGet } from "../hooks";
import type { Approval } from "../policyTypes";

/**
 * The approvals inbox: exception requests the reader may decide, the ones routed to them first,
 * each with how similar requests were decided before, and a decision with a required reason.
 */
export default function ApprovalsPage(): ReactNode {
  const id = useId();
  const inbox = useGet<{ items: Approval[]; routedToMe: number }>("/api/approvals");
  const [done, setDone] = useState<string | null>(null);

  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h1 id={`${id}-title`}>Approvals</h1>
      </div>
      <p className="hint">
        Exception requests you may decide. A reason is always required; it is shown to the next person who
        considers a similar request.
      </p>
      {done && (
        <p className="saved" role="status">
          {done}
        </p>
      )}
      <ErrorMessage message={inbox.error} onRetry={inbox.reload} />
      {inbox.loading && !inbox.data && <Loading lines={4} />}
      {inbox.data?.items.length === 0 && <Empty>Nothing waits for your decision.</Empty>}
      {inbox.data && inbox.data.items.length > 0 && (
        <ul className="approval-list">
          {inbox.data.items.map((a) => (
            <ApprovalItem
              key={a.id}
              item={a}
              onDecided={(text) => {
                setDone(text);
                inbox.reload();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ApprovalItem({
  item: a,
  onDecided,
}: {
  item: Approval;
  onDecided: (text: string) => void;
}): ReactNode {
  const id = useId();
  const [reason, setReason] = useState("");
  const action = useAction();

  const decide = async (decision: "grant" | "refuse"): Promise<void> => {
    await action.run(async () => {
      await api.post(`/api/policy-requests/${a.id}/decision`, { decision, reason: reason.trim() });
      onDecided(
        `${decision === "grant" ? "Granted" : "Refused"}: ${a.policyCode} ${a.valueText ?? ""} on case #${a.caseNumber}.`,
      );
    });
  };

  return (
    <li className="panel approval" aria-labelledby={`${id}-title`}>
      <div className="approval-request">
        <h2 id={`${id}-title`}>
          {a.policyCode} {a.policyName}
          {a.valueText && <>: {a.valueText}</>}
        </h2>
        <p className="muted small">
          <a href={`#/cases/${a.caseNumber}`}>Case #{a.caseNumber}</a> · asked by{" "}
          {a.askedBy?.name ?? "the system"}, {formatDateTime(a.createdAt)}
          {a.isRoutedToMe ? " · routed to you" : a.routedTo ? ` · routed to ${a.routedTo.name}` : ""}
        </p>
        <p>{a.explanation}</p>
        {a.note && <p className="notes">Customer: “{a.note}”</p>}
        {a.evidenceGiven.length > 0 && <p className="small">Evidence given: {a.evidenceGiven.join(", ")}</p>}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void decide("grant");
          }}
        >
          <Field label="Reason (required)" htmlFor={`${id}-reason`}>
            <textarea
              id={`${id}-reason`}
              required
              rows={2}
              maxLength={1000}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
              }}
            />
          </Field>
          <ErrorMessage message={action.error} />
          <div className="button-row">
            <button type="submit" className="button primary" disabled={action.busy || !reason.trim()}>
              Grant
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={action.busy || !reason.trim()}
              onClick={() => {
                void decide("refuse");
              }}
            >
              Refuse
            </button>
          </div>
        </form>
      </div>
      <aside className="approval-precedents" aria-label={`Precedents for ${a.policyCode}`}>
        <PrecedentsPanel precedents={a.precedents} />
      </aside>
    </li>
  );
}
