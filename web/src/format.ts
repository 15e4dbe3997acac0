const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** The API's "nothing promised" sentinel is far in the future; show it as no due time. */
export function isNever(iso: string | null): boolean {
  return !iso || iso.startsWith("9999");
}

export function formatDateTime(iso: string | null): string {
  if (!iso || isNever(iso)) return "—";
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string | null): string {
  if (!iso || isNever(iso)) return "—";
  return dateOnly.format(new Date(iso));
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} min ${String(s).padStart(2, "0")} s` : `${s} s`;
}

/** Money is integer minor units in the API; the currency says how many decimals it has. */
export function formatMoney(minor: number, currency: string): string {
  try {
    const f = new Intl.NumberFormat(undefined, { style: "currency", currency });
    const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
    return f.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** `waiting_on_customer` → "Waiting on customer". */
export function humanize(value: string): string {
  const s = value.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
