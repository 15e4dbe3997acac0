/** The only way domain code learns the time. Tests inject a FakeClock; `serve` uses systemClock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move; scenarios run on it. */
export class FakeClock implements Clock {
  #ms: number;
  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** Instants leave the domain as ISO-8601 UTC strings with milliseconds; they sort as text. */
export type Instant = string;

export function toInstant(d: Date): Instant {
  return d.toISOString();
}

/** Stands in for "no due time" in sortable columns: later than any real instant, never shown. */
export const NEVER: Instant = "9999-12-31T23:59:59.999Z";
