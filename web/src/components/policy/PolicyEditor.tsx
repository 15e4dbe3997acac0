import { useId, useState, type ReactNode } from "react";
import { api } from "../../api";
import { useAction } from "../../hooks";
import type { PolicyDetail, PolicyLimit, PolicyVersion } from "../../policyTypes";
import { ErrorMessage, Field } from "../ui";
import { fractionDigits, toMinor } from "./ApplyPolicyDialog";

function capText(limit: PolicyLimit | null): string {
  if (!limit) return "";
  if (limit.measure === "quantity") return limit.max === null ? "" : String(limit.max);
  if (limit.maxMinor === null) return "";
  const d = fractionDigits(limit.currency);
  return (limit.maxMinor / 10 ** d).toFixed(d);
}

/**
 * Changes a policy's words and its cap; saving makes the next version (from now), and earlier
 * decisions keep the version they were made under. Exception tiers are changed through the API.
 */
export function PolicyEditor({
  version: v,
  onSaved,
  onCancel,
}: {
  version: PolicyVersion;
  onSaved: (next: PolicyDetail) => void;
  onCancel: () => void;
}): ReactNode {
  const id = useId();
  const [name, setName] = useState(v.name);
  const [statement, setStatement] = useState(v.statement);
  const [wording, setWording] = useState(v.customerWording);
  const [rationale, setRationale] = useState(v.rationale);
  const [cap, setCap] = useState(capText(v.limit));
  const [note, setNote] = useState("");
  const action = useAction();

  const limitOf = (): PolicyLimit | null | "bad" => {
    const limit = v.limit;
    if (!limit) return null;
    const text = cap.trim();
    if (limit.measure === "quantity") {
      if (text === "") return { ...limit, max: null };
      return /^\d{1,9}$/.test(text) ? { ...limit, max: Number(text) } : "bad";
    }
    if (text === "") return { ...limit, maxMinor: null };
    const minor = toMinor(text, limit.currency);
    return minor === null ? "bad" : { ...limit, maxMinor: minor };
  };

  const save = async (): Promise<void> => {
    await action.run(async () => {
      const limit = limitOf();
      if (limit === "bad")
        throw new Error("The limit is a whole number (or an amount), or empty for no cap.");
      const next = await api.post<PolicyDetail>(`/api/policies/${v.policyId}/versions`, {
        name: name.trim(),
        statement: statement.trim(),
        customerWording: wording.trim(),
        rationale: rationale.trim(),
        limit,
        changeNote: note.trim(),
      });
      onSaved(next);
    });
  };

  return (
    <form
      className="panel editor"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id={`${id}-title`}>Change {v.code}</h2>
      <p className="hint">
        Saving makes version {v.version + 1}, in effect from now. Decisions already made keep their version.
      </p>
      <Field label="Name" htmlFor={`${id}-name`}>
        <input
          id={`${id}-name`}
          required
          maxLength={120}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
          }}
        />
      </Field>
      <Field label="Statement" htmlFor={`${id}-statement`}>
        <textarea
          id={`${id}-statement`}
          required
          rows={2}
          maxLength={1000}
          value={statement}
          onChange={(e) => {
            setStatement(e.target.value);
          }}
        />
      </Field>
      <Field label="What we say to the customer" htmlFor={`${id}-wording`}>
        <textarea
          id={`${id}-wording`}
          required
          rows={3}
          maxLength={1000}
          value={wording}
          onChange={(e) => {
            setWording(e.target.value);
          }}
        />
      </Field>
      <Field label="Why we have this policy" htmlFor={`${id}-rationale`}>
        <textarea
          id={`${id}-rationale`}
          required
          rows={3}
          maxLength={2000}
          value={rationale}
          onChange={(e) => {
            setRationale(e.target.value);
          }}
        />
      </Field>
      {v.limit && (
        <Field
          label={
            v.limit.measure === "quantity"
              ? `Allowed as is (${v.limit.unit}s)`
              : `Allowed as is (${v.limit.currency})`
          }
          htmlFor={`${id}-cap`}
          hint="Empty: no cap."
        >
          <input
            id={`${id}-cap`}
            inputMode="decimal"
            value={cap}
            aria-describedby={`${id}-cap-hint`}
            onChange={(e) => {
              setCap(e.target.value);
            }}
          />
        </Field>
      )}
      <Field label="What changes and why" htmlFor={`${id}-note`}>
        <input
          id={`${id}-note`}
          required
          maxLength={500}
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
          }}
        />
      </Field>
      <ErrorMessage message={action.error} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={action.busy}>
          Save as version {v.version + 1}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
