import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { api, messageOf } from "../../api";
import { useAction, useGet } from "../../hooks";
import type { Evaluation, Policy, PolicyRequestDetail } from "../../policyTypes";
import { ErrorMessage, Field } from "../ui";
import { PrecedentsPanel } from "./PolicyBits";

/** Minor-unit digits of a currency (USD 2, JPY 0). */
export function fractionDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** "30", "30.5", "30.00" → minor units; null when it is not a plain non-negative amount. */
export function toMinor(text: string, currency: string): number | null {
  const digits = fractionDigits(currency);
  const m = /^\s*(\d{1,12})(?:[.,](\d*))?\s*$/.exec(text);
  if (!m?.[1]) return null;
  const frac = (m[2] ?? "").padEnd(digits, "0");
  if (frac.length > digits) return null;
  return Number(m[1]) * 10 ** digits + (digits > 0 ? Number(frac) : 0);
}

const OUTCOME_WORDS: Record<Evaluation["outcome"], string> = {
  allowed: "Allowed as is",
  needs_exception: "Needs an exception",
  no_exception: "No exception is possible",
};

/**
 * "Apply policy" on a case: what the customer asks for under which policy, the desk's answer as
 * it is typed (with the words to say, the rationale and the precedents), then record it.
 */
export default function ApplyPolicyDialog({
  caseId,
  onClose,
  onRecorded,
}: {
  caseId: string;
  onClose: () => void;
  onRecorded: (request: PolicyRequestDetail) => void;
}): ReactNode {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const policies = useGet<Policy[]>("/api/policies");
  const [policyId, setPolicyId] = useState("");
  const [value, setValue] = useState("");
  const [evidence, setEvidence] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [preview, setPreview] = useState<Evaluation | undefined>(undefined);
  const [previewError, setPreviewError] = useState<string | undefined>(undefined);
  const action = useAction();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const policy = policies.data?.find((p) => p.id === policyId);
  const terms = policy?.current ?? null;
  const limit = terms?.limit ?? null;

  const ask = useMemo((): Record<string, unknown> | null => {
    if (!terms) return null;
    const base = { evidenceGiven: evidence.filter((e) => terms.evidenceRequired.includes(e)) };
    if (!limit) return base;
    if (value.trim() === "") return null;
    if (limit.measure === "quantity") {
      const n = /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : null;
      return n === null ? null : { ...base, quantity: n };
    }
    const minor = toMinor(value, limit.currency);
    return minor === null ? null : { ...base, amountMinor: minor };
  }, [terms, limit, value, evidence]);

  useEffect(() => {
    setPreview(undefined);
    setPreviewError(undefined);
    if (!policyId || !ask) return;
    let stale = false;
    const handle = window.setTimeout(() => {
      api.post<Evaluation>(`/api/policies/${policyId}/preview`, ask).then(
        (e) => {
          if (!stale) setPreview(e);
        },
        (err: unknown) => {
          if (!stale) setPreviewError(messageOf(err));
        },
      );
    }, 200);
    return () => {
      stale = true;
      window.clearTimeout(handle);
    };
  }, [policyId, ask]);

  const record = async (): Promise<void> => {
    if (!ask) return;
    await action.run(async () => {
      const created = await api.post<PolicyRequestDetail>(`/api/cases/${caseId}/policy-requests`, {
        policyId,
        ...ask,
        ...(note.trim() && { note: note.trim() }),
      });
      onRecorded(created);
    });
  };

  const valueLabel = !limit
    ? ""
    : limit.measure === "quantity"
      ? `How many ${limit.unit}s${limit.per ? ` (${limit.per})` : ""}`
      : `Amount in ${limit.currency}${limit.per ? ` (${limit.per})` : ""}`;

  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void record();
        }}
      >
        <h2 id={`${id}-title`}>Apply a policy</h2>
        <ErrorMessage message={policies.error} onRetry={policies.reload} />
        <Field label="Policy" htmlFor={`${id}-policy`}>
          <select
            id={`${id}-policy`}
            autoFocus
            required
            value={policyId}
            onChange={(e) => {
              setPolicyId(e.target.value);
              setValue("");
              setEvidence([]);
            }}
          >
            <option value="">Choose a policy…</option>
            {policies.data
              ?.filter((p) => p.current)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} — {p.current?.name}
                </option>
              ))}
          </select>
        </Field>
        {terms && (
          <>
            <p className="policy-statement">{terms.statement}</p>
            {limit && (
              <Field
                label={valueLabel}
                htmlFor={`${id}-value`}
                {...(terms.limitText && { hint: `Allowed as is: ${terms.limitText}.` })}
              >
                <input
                  id={`${id}-value`}
                  inputMode={limit.measure === "quantity" ? "numeric" : "decimal"}
                  required
                  value={value}
                  aria-describedby={terms.limitText ? `${id}-value-hint` : undefined}
                  onChange={(e) => {
                    setValue(e.target.value);
                  }}
                />
              </Field>
            )}
            {terms.evidenceRequired.length > 0 && (
              <fieldset className="checks">
                <legend>Evidence the customer gave</legend>
                {terms.evidenceRequired.map((e) => (
                  <label key={e} className="check">
                    <input
                      type="checkbox"
                      checked={evidence.includes(e)}
                      onChange={(ev) => {
                        setEvidence(ev.target.checked ? [...evidence, e] : evidence.filter((x) => x !== e));
                      }}
                    />
                    {e}
                  </label>
                ))}
              </fieldset>
            )}
            <Field label="What the customer says (optional)" htmlFor={`${id}-note`}>
              <textarea
                id={`${id}-note`}
                rows={2}
                maxLength={1000}
                value={note}
                onChange={(e) => {
                  setNote(e.target.value);
                }}
              />
            </Field>
          </>
        )}
        <div aria-live="polite">
          {previewError && <p className="error-text">{previewError}</p>}
          {preview && (
            <section className={`answer answer-${preview.outcome}`} aria-label="The desk's answer">
              <p className="answer-outcome">{OUTCOME_WORDS[preview.outcome]}</p>
              <p>{preview.explanation}</p>
              <h3>Say to the customer</h3>
              <blockquote className="wording">{preview.say}</blockquote>
              <details>
                <summary>Why we have this policy</summary>
                <p>{preview.rationale}</p>
              </details>
              {preview.whoCanGrant.length > 0 && (
                <>
                  <h3>Who can grant it</h3>
                  <ul className="mini-list">
                    {preview.whoCanGrant.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                </>
              )}
              {preview.outcome !== "allowed" && <PrecedentsPanel precedents={preview.precedents} />}
            </section>
          )}
        </div>
        <ErrorMessage message={action.error} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={action.busy || !ask}>
            {preview?.outcome === "needs_exception"
              ? "Ask for the exception"
              : preview?.outcome === "no_exception"
                ? "Record the refusal"
                : "Record the request"}
          </button>
          <button type="button" className="button secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
