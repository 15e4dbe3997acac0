import { useId, useState, type ReactNode } from "react";
import { api } from "../../api";
import { useAction } from "../../hooks";
import type { Case } from "../../types";
import { ErrorMessage, Field } from "../ui";

const KINDS = [
  { id: "reply", label: "Reply" },
  { id: "note", label: "Internal note" },
  { id: "call", label: "Log a call" },
  { id: "walk_in", label: "Log a walk-in" },
] as const;
type Kind = (typeof KINDS)[number]["id"];

const SAVED: Record<Kind, string> = {
  reply: "Reply sent and added to the timeline.",
  note: "Note added to the timeline.",
  call: "Call logged in the timeline.",
  walk_in: "Walk-in logged in the timeline.",
};

const REPLY_CHANNELS = ["email", "portal", "chat", "phone"] as const;

function bodyLabel(kind: Kind): string {
  switch (kind) {
    case "reply":
      return "Reply to the customer";
    case "note":
      return "Note for colleagues (the customer never sees it)";
    case "call":
      return "What was said";
    case "walk_in":
      return "What they came in about";
  }
}

/** Adds a reply, an internal note, a call log or a walk-in to the timeline. */
export function Composer({
  item,
  onAdded,
  onTyping,
  onIdle,
  presence,
}: {
  item: Case;
  onAdded: () => Promise<void>;
  /** The reader is typing (for "… is replying" on colleagues' screens). */
  onTyping?: () => void;
  /** The reader stopped: sent, or emptied the box. */
  onIdle?: () => void;
  /** Who else is on the case, shown beside the heading. */
  presence?: ReactNode;
}): ReactNode {
  const id = useId();
  const [kind, setKind] = useState<Kind>("reply");
  const [body, setBody] = useState("");
  const [channel, setChannel] = useState<string>(
    (REPLY_CHANNELS as readonly string[]).includes(item.channel) ? item.channel : "email",
  );
  const [direction, setDirection] = useState<"in" | "out">("in");
  const [answer, setAnswer] = useState("");
  const [duration, setDuration] = useState("");
  const [saved, setSaved] = useState("");
  const action = useAction();

  const payload = (): Record<string, unknown> => {
    switch (kind) {
      case "reply":
        return { kind: "message", direction: "out", channel, body };
      case "note":
        return { kind: "note", body };
      case "call":
        return {
          kind: "call",
          direction,
          body,
          ...(answer !== "" && { answerSeconds: Number(answer) }),
          ...(duration !== "" && { durationSeconds: Number(duration) }),
        };
      case "walk_in":
        return { kind: "walk_in", body };
    }
  };

  const submit = async (): Promise<void> => {
    const ok = await action.run(async () => {
      await api.post(`/api/cases/${item.id}/entries`, payload());
      await onAdded();
    });
    if (ok) {
      onIdle?.();
      setBody("");
      setAnswer("");
      setDuration("");
      setSaved(SAVED[kind]);
    }
  };

  return (
    <section className="panel composer" aria-labelledby={`${id}-title`}>
      <div className="composer-head">
        <h2 id={`${id}-title`}>Add to the case</h2>
        {presence}
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className="segmented">
          <legend>Kind of entry</legend>
          {KINDS.map((k) => (
            <label key={k.id} className={kind === k.id ? "checked" : undefined}>
              <input
                type="radio"
                name={`${id}-kind`}
                value={k.id}
                checked={kind === k.id}
                onChange={() => {
                  setKind(k.id);
                  setSaved("");
                  action.clear();
                }}
              />
              {k.label}
            </label>
          ))}
        </fieldset>
        <div className="composer-extra">
          {kind === "reply" && (
            <Field label="Send by" htmlFor={`${id}-channel`}>
              <select
                id={`${id}-channel`}
                value={channel}
                onChange={(e) => {
                  setChannel(e.target.value);
                }}
              >
                {REPLY_CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {c.charAt(0).toUpperCase() + c.slice(1)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {kind === "call" && (
            <>
              <Field label="Direction" htmlFor={`${id}-direction`}>
                <select
                  id={`${id}-direction`}
                  value={direction}
                  onChange={(e) => {
                    setDirection(e.target.value === "out" ? "out" : "in");
                  }}
                >
                  <option value="in">Customer called us</option>
                  <option value="out">We called the customer</option>
                </select>
              </Field>
              <Field label="Answered after (seconds)" htmlFor={`${id}-answer`}>
                <input
                  id={`${id}-answer`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={86400}
                  value={answer}
                  onChange={(e) => {
                    setAnswer(e.target.value);
                  }}
                />
              </Field>
              <Field label="Duration (seconds)" htmlFor={`${id}-duration`}>
                <input
                  id={`${id}-duration`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={86400}
                  value={duration}
                  onChange={(e) => {
                    setDuration(e.target.value);
                  }}
                />
              </Field>
            </>
          )}
        </div>
        <Field label={bodyLabel(kind)} htmlFor={`${id}-body`}>
          <textarea
            id={`${id}-body`}
            className={kind === "note" ? "note-input" : undefined}
            rows={4}
            required
            maxLength={100000}
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              setSaved("");
              if (e.target.value.trim()) onTyping?.();
              else onIdle?.();
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={action.busy}>
            {kind === "reply"
              ? "Send reply"
              : kind === "note"
                ? "Add note"
                : kind === "call"
                  ? "Log call"
                  : "Log walk-in"}
          </button>
          <span className="hint">Ctrl+Enter submits</span>
          <span className="saved" role="status">
            {saved}
          </span>
        </div>
        <ErrorMessage message={action.error} />
      </form>
    </section>
  );
}
