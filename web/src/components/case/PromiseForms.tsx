import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api } from "../../api";
import { formatDateTime } from "../../format";
import { useAction, useGet } from "../../hooks";
import { fromLocalInput, toLocalInput } from "../../promises/local";
import { useReloadOn } from "../../promises/useReloadOn";
import {
  PROMISE_KINDS,
  type CasePromise,
  type HonestPromise,
  type PromiseKind,
  type PromiseTarget,
  type Renegotiation,
} from "../../promises/types";
import { ErrorMessage, Field } from "../ui";

const HOUR = 3_600_000;

/** Moves a promise openly: a new time and the reason; the customer is told (on the timeline). */
export function RenegotiateForm({
  promise,
  title,
  onDone,
}: {
  promise: CasePromise;
  title: string;
  /** Called with what the customer was told when it moved, or undefined when cancelled. */
  onDone: (told: string | undefined) => Promise<void>;
}): ReactNode {
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  const [due, setDue] = useState(() => toLocalInput(Math.max(Date.parse(promise.dueAt), Date.now()) + HOUR));
  const [reason, setReason] = useState("");
  const action = useAction();
  useEffect(() => {
    first.current?.focus();
  }, []);

  const submit = async (): Promise<void> => {
    const dueAt = fromLocalInput(due);
    let result: Renegotiation | undefined;
    const ok = await action.run(async () => {
      if (!dueAt) throw new Error("Give the new time.");
      result = await api.post<Renegotiation>(`/api/promises/${promise.id}/renegotiate`, {
        dueAt,
        reason: reason.trim(),
      });
    });
    if (ok && result) await onDone(result.wording);
  };

  return (
    <form
      className="promise-form"
      aria-label={`Renegotiate ${title}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field label="New time" htmlFor={`${id}-due`} hint="Your time zone; the customer is told in theirs.">
        <input
          id={`${id}-due`}
          ref={first}
          type="datetime-local"
          required
          value={due}
          aria-describedby={`${id}-due-hint`}
          onChange={(e) => {
            setDue(e.target.value);
          }}
        />
      </Field>
      <Field
        label="Why it moves"
        htmlFor={`${id}-reason`}
        hint="Recorded on the timeline with what the customer was told."
      >
        <input
          id={`${id}-reason`}
          required
          maxLength={500}
          value={reason}
          aria-describedby={`${id}-reason-hint`}
          onChange={(e) => {
            setReason(e.target.value);
          }}
        />
      </Field>
      <div className="button-row">
        <button type="submit" className="button primary small" disabled={action.busy}>
          Move and tell the customer
        </button>
        <button
          type="button"
          className="button secondary small"
          onClick={() => {
            void onDone(undefined);
          }}
        >
          Cancel
        </button>
      </div>
      <ErrorMessage message={action.error} />
    </form>
  );
}

const KIND_LABELS: Record<PromiseKind, string> = {
  custom: "Get back to them by",
  callback_by: "Call back by",
  reply_by: "Reply by",
  appointment_at: "Appointment at",
  deliverable_by: "Deliver by",
};

/** A promise a person makes: "I'll check with the warehouse by 3 pm". */
export function AddPromiseForm({
  caseId,
  onDone,
}: {
  caseId: string;
  /** Called with the new promise's wording, or undefined when cancelled. */
  onDone: (wording: string | undefined) => Promise<void>;
}): ReactNode {
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<PromiseKind>("custom");
  const [description, setDescription] = useState("");
  const [due, setDue] = useState(() => toLocalInput(Date.now() + HOUR));
  const [told, setTold] = useState(true);
  const action = useAction();
  useEffect(() => {
    first.current?.focus();
  }, []);

  const submit = async (): Promise<void> => {
    const dueAt = fromLocalInput(due);
    let made: CasePromise | undefined;
    const ok = await action.run(async () => {
      if (!dueAt) throw new Error("Give the time you promise.");
      made = await api.post<CasePromise>(`/api/cases/${caseId}/promises`, {
        kind,
        dueAt,
        toldCustomer: told,
        ...(description.trim() && { description: description.trim() }),
      });
    });
    if (ok && made) await onDone(made.wording);
  };

  return (
    <form
      className="promise-form"
      aria-label="Add a promise"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Field
        label="What you promise"
        htmlFor={`${id}-what`}
        hint="In the customer's words, e.g. “Check with the warehouse”."
      >
        <input
          id={`${id}-what`}
          ref={first}
          maxLength={500}
          value={description}
          aria-describedby={`${id}-what-hint`}
          onChange={(e) => {
            setDescription(e.target.value);
          }}
        />
      </Field>
      <Field label="Kind" htmlFor={`${id}-kind`}>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as PromiseKind);
          }}
        >
          {PROMISE_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="By" htmlFor={`${id}-due`}>
        <input
          id={`${id}-due`}
          type="datetime-local"
          required
          value={due}
          onChange={(e) => {
            setDue(e.target.value);
          }}
        />
      </Field>
      <div className="check">
        <input
          id={`${id}-told`}
          type="checkbox"
          checked={told}
          onChange={(e) => {
            setTold(e.target.checked);
          }}
        />
        <label htmlFor={`${id}-told`}>The customer was told</label>
      </div>
      <div className="button-row">
        <button type="submit" className="button primary small" disabled={action.busy}>
          Save promise
        </button>
        <button
          type="button"
          className="button secondary small"
          onClick={() => {
            void onDone(undefined);
          }}
        >
          Cancel
        </button>
      </div>
      <ErrorMessage message={action.error} />
    </form>
  );
}

const TARGET_CHOICES: { target: PromiseTarget; label: string; kind: PromiseKind }[] = [
  { target: "next_reply", label: "Next reply", kind: "reply_by" },
  { target: "first_reply", label: "First reply", kind: "reply_by" },
  { target: "callback", label: "Callback", kind: "callback_by" },
  { target: "resolution", label: "Resolution", kind: "custom" },
];

/**
 * "What can I honestly promise?" (S6 at 16:45): the earliest time the case's agreement allows
 * for a target, whether that is still today, and a button to make exactly that promise.
 */
export function HonestPromisePanel({
  caseId,
  refreshKey,
  onMade,
}: {
  caseId: string;
  refreshKey: number;
  onMade: (wording: string) => Promise<void>;
}): ReactNode {
  const id = useId();
  const [target, setTarget] = useState<PromiseTarget>("next_reply");
  const honest = useGet<HonestPromise>(`/api/cases/${caseId}/honest-promise?target=${target}`);
  const make = useAction();
  useReloadOn(refreshKey, honest.reload);
  const choice = TARGET_CHOICES.find((c) => c.target === target) ?? TARGET_CHOICES[0];
  const h = honest.data;
  return (
    <div className="honest" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Earliest honest promise</h3>
      <Field label="For" htmlFor={`${id}-target`}>
        <select
          id={`${id}-target`}
          value={target}
          onChange={(e) => {
            setTarget(e.target.value as PromiseTarget);
          }}
        >
          {TARGET_CHOICES.map((c) => (
            <option key={c.target} value={c.target}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      {honest.error && <p className="muted small">{honest.error}</p>}
      {h && (
        <>
          <p className="honest-wording">“{h.wording}”</p>
          <p className="small">
            {h.isSameDay ? "Still today." : "Not today: a same-day answer would not be honest."}
            {!h.isOpenNow && ` The desk is closed now; the clock starts ${formatDateTime(h.startsAt)}.`}
          </p>
          <button
            type="button"
            className="button secondary small"
            disabled={make.busy}
            onClick={() => {
              void make.run(async () => {
                const made = await api.post<CasePromise>(`/api/cases/${caseId}/promises`, {
                  kind: choice?.kind ?? "reply_by",
                  target,
                  toldCustomer: true,
                });
                await onMade(made.wording);
              });
            }}
          >
            Promise this
          </button>
          <ErrorMessage message={make.error} />
        </>
      )}
    </div>
  );
}
