/**
 * How policy values read in words: "4 vouchers", "USD 30.00", "2 vouchers per room per night".
 * Pure; no I/O, no clock.
 */
import type { AuthorityLevel } from "../auth/auth.rules.js";

/** A policy's measure: a count of something, or money in one currency (integer minor units). */
export type Measure = { measure: "quantity"; unit: string } | { measure: "amount"; currency: string };

const fractionDigitsCache = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency (USD 2, JPY 0, KWD 3). */
export function fractionDigits(currency: string): number {
  let digits = fractionDigitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    fractionDigitsCache.set(currency, digits);
  }
  return digits;
}

/** "USD 30.00" from 3000 minor units; negative amounts keep their sign. */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = fractionDigits(currency);
  const sign = amountMinor < 0 ? "-" : "";
  const abs = Math.abs(amountMinor);
  if (digits === 0) return `${currency} ${sign}${abs}`;
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale);
  const minor = String(abs % scale).padStart(digits, "0");
  return `${currency} ${sign}${whole}.${minor}`;
}

/**
 * A naive English plural for a unit name ("voucher" → "vouchers", "copy" → "copies"). Units are
 * entered in the singular; a policy in another language would want a plural field instead.
 */
export function pluralOf(unit: string): string {
  if (/(s|x|z|ch|sh)$/i.test(unit)) return `${unit}es`;
  if (/[^aeiou]y$/i.test(unit)) return `${unit.slice(0, -1)}ies`;
  return `${unit}s`;
}

/** "4 vouchers", "1 voucher", "USD 30.00". */
export function formatValue(m: Measure, value: number): string {
  if (m.measure === "amount") return formatMoney(value, m.currency);
  return `${value} ${value === 1 ? m.unit : pluralOf(m.unit)}`;
}

/** "2 extra vouchers", "USD 35.00 more": a value beyond what the policy allows. */
export function formatExtra(m: Measure, value: number): string {
  if (m.measure === "amount") return formatMoney(value, m.currency);
  return `${value} extra ${value === 1 ? m.unit : pluralOf(m.unit)}`;
}

/** A value with the limit's period, when it has one: "USD 35.00 a month". */
export function withPeriod(text: string, per: string | null): string {
  return per ? `${text} ${per}` : text;
}

export function authorityWord(level: AuthorityLevel): string {
  return `${level} authority or above`;
}

/** "a, b or c" */
export function listOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1) ?? ""}`;
}
