import type { ReactNode } from "react";

/** A field's problems from the API, in words, beside the field (referenced by aria-describedby). */
export function FieldProblems({ id, messages }: { id: string | undefined; messages: string[] }): ReactNode {
  if (!id || messages.length === 0) return null;
  return (
    <ul id={id} className="field-problems">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}
