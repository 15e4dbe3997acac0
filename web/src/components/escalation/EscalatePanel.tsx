import { useId, useState, type ReactNode } from "react";
import { api } from "../../api";
import { useAction } from "../../hooks";
import { useSession } from "../../session";
import { AUTHORITY_LEVELS, type Case } from "../../types";
import { ErrorMessage, Field } from "../ui";
import { ContextCardEditor, textOf } from "./ContextCardEditor";
import "./escalation.css";
import type { CardText, ContextCard, EscalationPreview, Handoff } from "./types";

/**
 * "I'll get someone who can": escalate to a level or a named person. The desk shows who would
 * receive it and why (who was passed over) before anything is sent; the sender completes the
 * pre-filled context card and sends.
 */
export function EscalatePanel({
  item,
  onChanged,
}: {
  item: Case;
  onChanged: () => Promise<void>;
}): ReactNode {
  const id = useId();
  const state = useSession();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState("level:manager");
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<EscalationPreview | undefined>(undefined);
  const [card, setCard] = useState<ContextCard | undefined>(undefined);
  const [text, setText] = useState<CardText | undefined>(undefined);
  const [sent, setSent] = useState<Handoff | undefined>(undefined);
  const previewAction = useAction();
  const sendAction = useAction();

  const targetBody = (): Record<string, string> => {
    const [kind, value] = target.split(":");
    return kind === "staff" ? { staffId: value ?? "" } : { level: value ?? "manager" };
  };

  const showPreview = (): void => {
    void previewAction.run(async () => {
      setSent(undefined);
      const [p, draft] = await Promise.all([
        api.post<EscalationPreview>(`/api/cases/${item.id}/escalations/preview`, targetBody()),
        card ? Promise.resolve(card) : api.get<ContextCard>(`/api/cases/${item.id}/context-card/draft`),
      ]);
      setPreview(p);
      if (!card) {
        setCard(draft);
        setText(textOf(draft));
      }
    });
  };

  const send = (): void => {
    void sendAction.run(async () => {
      const res = await api.post<{ handoff: Handoff; decision: EscalationPreview }>(
        `/api/cases/${item.id}/escalations`,
        { ...targetBody(), reason: reason.trim(), ...(text && { card: text }) },
      );
      setSent(res.handoff);
      setPreview(undefined);
      setCard(undefined);
      setReason("");
      await onChanged();
    });
  };

  const others = state.staff.filter((s) => s.isActive && s.id !== state.session.staffId);
  return (
    <section className="panel escalate" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Escalate</h2>
      {sent && (
        <p className="ok" role="status">
          Escalated to {sent.toName ?? "the next person in"}; they will acknowledge it.
        </p>
      )}
      {!open ? (
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setOpen(true);
          }}
        >
          Escalate…
        </button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (preview && preview.outcome !== "nobody") send();
            else showPreview();
          }}
        >
          <Field label="To" htmlFor={`${id}-to`}>
            <select
              id={`${id}-to`}
              value={target}
              onChange={(e) => {
                setTarget(e.target.value);
                setPreview(undefined);
              }}
            >
              <optgroup label="Someone with the authority">
                {AUTHORITY_LEVELS.filter((l) => l !== "agent").map((l) => (
                  <option key={l} value={`level:${l}`}>
                    a {l} (or above)
                  </option>
                ))}
              </optgroup>
              <optgroup label="A named person">
                {others.map((s) => (
                  <option key={s.id} value={`staff:${s.id}`}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </Field>
          <Field label="Reason" htmlFor={`${id}-reason`}>
            <input
              id={`${id}-reason`}
              value={reason}
              required
              maxLength={1000}
              onChange={(e) => {
                setReason(e.target.value);
              }}
            />
          </Field>
          <button
            type="button"
            className="button secondary"
            onClick={showPreview}
            disabled={previewAction.busy}
          >
            {previewAction.busy ? "Checking who is in…" : "Show who would receive it"}
          </button>
          <ErrorMessage message={previewAction.error} />
          {preview && (
            <div className="routing-decision" role="status" aria-live="polite">
              <p>
                <strong>{preview.summary}</strong>
              </p>
              {preview.lines.length > 0 && (
                <ul aria-label="Who was considered">
                  {preview.lines.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )}
              <p className="muted">You can tell the customer: “{preview.customerWording}”</p>
            </div>
          )}
          {preview && card && text && <ContextCardEditor card={card} text={text} onChange={setText} />}
          {preview && preview.outcome !== "nobody" && (
            <button
              type="submit"
              className="button primary"
              disabled={sendAction.busy || reason.trim() === ""}
            >
              {sendAction.busy ? "Sending…" : `Send to ${preview.receiver?.name ?? "them"}`}
            </button>
          )}
          {preview && reason.trim() === "" && <p className="hint">Give a reason before sending.</p>}
          <ErrorMessage message={sendAction.error} />
        </form>
      )}
    </section>
  );
}
