/** Pure decisions about customers: how their addresses are written down and matched. No I/O. */

/** Emails are kept trimmed and lower-case, so one person is one address however they typed it. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A plausible address: one "@", something before it, a dotted domain after it, no spaces. */
export function isEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

/** The mail domain of a normalised address ("dan@acme.example" → "acme.example"), or null. */
export function domainOfEmail(email: string): string | null {
  const at = email.lastIndexOf("@");
  return at > 0 && at < email.length - 1 ? email.slice(at + 1) : null;
}

/**
 * The client a new customer joins from their mail domain: only an unambiguous match links, since
 * a wrong link would show one client's cases and orders beside another's.
 */
export function clientForDomain(matchingClientIds: readonly string[]): string | null {
  return matchingClientIds.length === 1 ? (matchingClientIds[0] ?? null) : null;
}

/**
 * A LIKE pattern matching values that start with `prefix`, with LIKE's wildcards escaped (use
 * with `ESCAPE '\'`). Lower-cased: callers compare against lower(column).
 */
export function prefixPattern(prefix: string): string {
  return `${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
