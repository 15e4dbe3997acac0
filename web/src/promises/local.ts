/** A `datetime-local` value (the browser's zone) for an instant, to the minute. */
export function toLocalInput(iso: string | number): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a `datetime-local` value names in the browser's zone; undefined when empty or bad. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** "New York" from "America/New_York", as the API's wording names zones. */
export function zoneCity(timeZone: string): string {
  return (timeZone.split("/").at(-1) ?? timeZone).replace(/_/g, " ");
}

/** An instant's day and time in a zone, the way customers are told: "Mon 4 Jan" and "14:00". */
export function zoneParts(iso: string, timeZone: string): { day: string; time: string } {
  const d = new Date(iso);
  const day = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone })
    .format(d)
    .replace(",", "");
  const time = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(d);
  return { day, time };
}

/** "Mon 4 Jan, 03:00 (New York time)". */
export function inZone(iso: string, timeZone: string): string {
  const { day, time } = zoneParts(iso, timeZone);
  return `${day}, ${time} (${zoneCity(timeZone)} time)`;
}
