import { lazy, Suspense, useId, useState, type ReactNode } from "react";
import { api } from "../../api";
import { formatDateTime } from "../../format";
import { useAction, useGet } from "../../hooks";
import type { PolicyRequest, PolicyRequestDetail } from "../../policyTypes";
import { can, useSession } from "../../session";
import { Empty, ErrorMessage, Field, Loading } from "../ui";
import { RequestStatusBadge } from "./PolicyBits";

const ApplyPolicyDialog = lazy(() => import("./ApplyPolicyDialog"));

/** The policy requests on a case, the "apply policy" dialog, and recording what was done. */
export function PolicyPanel({
  caseId,
  onChanged,
}: {
  caseId: string;
  onChanged: () => Promise<void>;
}): ReactNode {
  const id = useId();
  const state = useSession();
  const list = useGet<PolicyRequest[]>(`/api/cases/${caseId}/policy-requests`);
  const [open, setOpen] = useState(false);
  const [last, setLast] = useState<PolicyRequestDetail | null>(null);
  const mayWrite = can(state, "cases:write");

  const refresh = async (): Promise<void> => {
    list.reload();
    await onChanged();
  };

  return (
    <section className="panel policies-panel" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>Policies</h2>
        {mayWrite && (
          <button
            type="button"
            className="button secondary small"
            onClick={() => {
              setOpen(true);
            }}
          >
            Apply a policy
          </button>
        )}
      </div>
      {last && (
        <p className="saved" role="status">
          {last.status === "pending"
            ? `Exception requested from ${last.routedTo?.name ?? "nobody yet"}. Say: “${last.say}”`
            : last.status === "refused_by_policy"
              ? `Recorded as refused (${last.policyCode}). Say: “${last.say}”`
              : `Recorded: allowed as is under ${last.policyCode}.`}
        </p>
      )}
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={2} />}
      {list.data?.length === 0 && <Empty>No policy applied on this case yet.</Empty>}
      {list.data && list.data.length > 0 && (
        <ul className="request-list">
          {list.data.map((r) => (
            <RequestItem key={r.id} request={r} caseId={caseId} mayWrite={mayWrite} onDone={refresh} />
          ))}
        </ul>
      )}
      {open && (
        <Suspense fallback={null}>
          <ApplyPolicyDialog
            caseId={caseId}
            onClose={() => {
              setOpen(false);
            }}
            onRecorded={(r) => {
              setOpen(false);
              setLast(r);
              void refresh();
            }}
          />
        </Suspense>
      )}
    </section>
  );
}

function RequestItem({
  request: r,
  caseId,
  mayWrite,
  onDone,
}: {
  request: PolicyRequest;
  caseId: string;
  mayWrite: boolean;
  onDone: () => Promise<void>;
}): ReactNode {
  const id = useId();
  const [description, setDescription] = useState("");
  const action = useAction();
  const usable = (r.status === "granted" || r.status === "allowed") && !r.actedAt;

  const recordAction = async (): Promise<void> => {
    await action.run(async () => {
      await api.post(`/api/cases/${caseId}/policy-actions`, {
        policyId: r.policyId,
        ...(r.quantity !== null && { quantity: r.quantity }),
        ...(r.amountMinor !== null && { amountMinor: r.amountMinor }),
        evidenceGiven: r.evidenceGiven,
        description: description.trim(),
      });
      setDescription("");
      await onDone();
    });
  };

  return (
    <li>
      <p className="request-head">
        <strong>
          {r.policyCode} {r.policyName}
        </strong>
        {r.valueText && <span> · {r.valueText}</span>} <RequestStatusBadge status={r.status} />
      </p>
      <p className="muted small">
        Asked by {r.askedBy?.name ?? "the system"}, {formatDateTime(r.createdAt)}
        {r.status === "pending" && r.routedTo && <> · waiting for {r.routedTo.name}</>}
        {r.decidedBy && (
          <>
            {" "}
            · {r.status === "granted" ? "granted" : "refused"} by {r.decidedBy.name}
          </>
        )}
      </p>
      {r.decisionReason && r.status !== "refused_by_policy" && (
        <p className="precedent-reason">“{r.decisionReason}”</p>
      )}
      {r.actedAt && (
        <p className="small">
          Done: {r.actionDescription} ({r.actedBy?.name ?? "someone"})
        </p>
      )}
      {usable && mayWrite && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void recordAction();
          }}
        >
          <Field label="What was done" htmlFor={`${id}-done`}>
            <input
              id={`${id}-done`}
              required
              maxLength={500}
              placeholder={r.valueText ? `e.g. Issued ${r.valueText}` : undefined}
              value={description}
              onChange={(e) => {
                setDescription(e.target.value);
              }}
            />
          </Field>
          <button type="submit" className="button secondary small" disabled={action.busy}>
            Record it
          </button>
          <ErrorMessage message={action.error} />
        </form>
      )}
    </li>
  );
}
