/**
 * The calendar validator names where each problem is ("weekly.mon: …", "exceptions.2026-12-24: …",
 * "timeZone: …"); the editor shows each beside its field. What names no field goes at the top.
 */
export type ProblemsByField = Map<string, string[]>;

export function problemsByField(problems: readonly string[]): ProblemsByField {
  const out: ProblemsByField = new Map();
  for (const p of problems) {
    const m = /^([A-Za-z]+(?:\.[0-9A-Za-z-]+)?):\s*(.*)$/.exec(p);
    const key = m?.[1] ?? "";
    const text = m?.[2] ?? p;
    out.set(key, [...(out.get(key) ?? []), text]);
  }
  return out;
}

/** Problems for one field key, and the id to point aria-describedby at (undefined when none). */
export function fieldProblems(
  map: ProblemsByField,
  key: string,
  idBase: string,
): { messages: string[]; id: string | undefined } {
  const messages = map.get(key) ?? [];
  return {
    messages,
    id: messages.length > 0 ? `${idBase}-${key.replace(/[^0-9A-Za-z-]/g, "-")}-problem` : undefined,
  };
}
