/** Pure decisions about clients and their in-house credit accounts. No I/O, no clock. */

export const ORDER_STATUSES = ["placed", "fulfilled", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_METHODS = ["card", "bank_transfer", "cash", "cheque", "other"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const DEFAULT_CURRENCY = "USD";
export const DEFAULT_TERMS_DAYS = 30;
/** Longest credit terms we accept; anything longer is a typo for a limit, not terms. */
export const MAX_TERMS_DAYS = 365;

const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

/** An ISO 4217 code as we store it (upper-case), or null when the code is not one we know. */
export function normaliseCurrency(code: string): string | null {
  const upper = code.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(upper) && KNOWN_CURRENCIES.has(upper) ? upper : null;
}

/**
 * A client's mail domain as stored: lower-case, no leading "@" or trailing dot; null when the
 * text is not a host name. Customers whose email has exactly this domain link to the client.
 */
export function normaliseDomain(domain: string): string | null {
  const d = domain.trim().toLowerCase().replace(/^@/, "").replace(/\.$/, "");
  const label = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
  return d.length <= 253 && new RegExp(`^${label}(?:\\.${label})+$`).test(d) ? d : null;
}

/** Money is whole minor units; amounts beyond 2^53 would silently lose cents in JavaScript. */
export function isMoney(amountMinor: number, opts: { positive: boolean }): boolean {
  return Number.isSafeInteger(amountMinor) && (opts.positive ? amountMinor > 0 : amountMinor >= 0);
}

/**
 * What an order adds to the client's balance: its amount when charged on account. An order
 * recorded as already cancelled was never owed, so it adds nothing.
 */
export function chargeOf(order: { amountMinor: number; onAccount: boolean; status: OrderStatus }): number {
  return order.onAccount && order.status !== "cancelled" ? order.amountMinor : 0;
}

/** Credit still available; negative when the client is over their limit. */
export function availableCredit(limitMinor: number, balanceMinor: number): number {
  return limitMinor - balanceMinor;
}
