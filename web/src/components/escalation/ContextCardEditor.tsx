import { useId, type ReactNode } from "react";
import { Field } from "../ui";
import type { CardText, ContextCard } from "./types";

/**
 * The context card, pre-filled from the case, for the sender to complete: what the customer
 * wants, how they see it (their words), what was tried, the next step. Open promises and the
 * history are the desk's own and travel as they are.
 */
export function ContextCardEditor({
  card,
  text,
  onChange,
}: {
  card: ContextCard;
  text: CardText;
  onChange: (next: CardText) => void;
}): ReactNode {
  const id = useId();
  const field = (name: keyof CardText, label: string, hint: string, rows: number): ReactNode => (
    <Field label={label} htmlFor={`${id}-${name}`} hint={hint}>
      <textarea
        id={`${id}-${name}`}
        rows={rows}
        value={text[name]}
        aria-describedby={`${id}-${name}-hint`}
        onChange={(e) => {
          onChange({ ...text, [name]: e.target.value });
        }}
      />
    </Field>
  );
  return (
    <fieldset className="context-card">
      <legend>Context card</legend>
      {field("wants", "What the customer wants", "In a sentence.", 2)}
      {field("customerWords", "How they see it", "In their own words.", 3)}
      {field("tried", "What was tried", "So nobody tries it again.", 3)}
      {field("nextStep", "Next step", "What the receiver should do first.", 2)}
      <div className="card-promises">
        <h3>Open promises ({card.promises.length})</h3>
        {card.promises.length === 0 ? (
          <p className="muted">Nothing is promised on this case.</p>
        ) : (
          <ul>
            {card.promises.map((p) => (
              <li key={p.id}>
                {p.description}: {p.wording}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">
          The receiver gets the whole timeline ({card.history.entries} entries, {card.history.contactAttempts}{" "}
          contact attempts).
        </p>
      </div>
    </fieldset>
  );
}

export function textOf(card: ContextCard): CardText {
  return { wants: card.wants, customerWords: card.customerWords, tried: card.tried, nextStep: card.nextStep };
}
