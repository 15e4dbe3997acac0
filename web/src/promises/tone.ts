/** What the state of a promise depends on (a CasePromise has these; no imports, so tests load it alone). */
interface ToneInput {
  status: "open" | "kept" | "renegotiated" | "broken" | "cancelled";
  dueAt: string;
  warnAt: string | null;
  pausedAt: string | null;
}

/**
 * How a promise stands now, in one word the console shows with its colour and icon: the same rule
 * the desk's due work follows (warnAt from the API, never re-derived here), so the page turns
 * amber when the desk warns and red when the promise is overdue or broken.
 */
export type Tone = "ok" | "warn" | "late" | "paused" | "done";

export function promiseTone(p: ToneInput, nowMs: number): Tone {
  if (p.status === "broken") return "late";
  if (p.status !== "open") return "done";
  if (p.pausedAt !== null) return "paused";
  if (nowMs >= Date.parse(p.dueAt)) return "late";
  if (p.warnAt !== null && nowMs >= Date.parse(p.warnAt)) return "warn";
  return "ok";
}

/** The visible word for a tone (colour is never the only signal). */
export function toneWord(tone: Tone, status: ToneInput["status"] = "open"): string {
  switch (tone) {
    case "ok":
      return "On track";
    case "warn":
      return "At risk";
    case "late":
      return status === "broken" ? "Broken" : "Overdue";
    case "paused":
      return "Paused";
    case "done":
      return status.charAt(0).toUpperCase() + status.slice(1);
  }
}

/** A shape that differs per tone, so the states differ without colour too (aria-hidden). */
export const TONE_ICON: Record<Tone, string> = {
  ok: "●",
  warn: "▲",
  late: "■",
  paused: "Ⅱ",
  done: "✓",
};

/** "1 d 3 h", "1 h 12 min", "5 min", "less than a minute". */
export function spanWords(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "less than a minute";
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return `${m} min`;
}

/** "due in 1 h 12 min" or "overdue by 5 min". */
export function countdown(dueAt: string, nowMs: number): string {
  const left = Date.parse(dueAt) - nowMs;
  return left > 0 ? `due in ${spanWords(left)}` : `overdue by ${spanWords(-left)}`;
}
