/**
 * Precedents and reports, pure: which earlier decisions are "similar" to a request, the counts and
 * grant rates they add up to, and the report buckets (per policy, decider, asker, week).
 */
import { DateTime } from "luxon";

/** What a request asked for, as similarity compares it. */
export interface AskedValue {
  /** The policy's measure when the request was made; null for a policy without one. */
  measure: "quantity" | "amount" | null;
  value: number | null;
  /** For amounts: the ISO currency; for quantities: the unit counted. */
  unit: string | null;
}

/**
 * Two requests under the same policy are similar when
 * - the policy has no measure (P1, P3: only the evidence decides): always; or
 * - they measure the same thing (same measure and same unit or currency) and the asked values
 *   differ by at most a quarter of the larger one — or, for quantities, by at most 1.
 *
 * So 4 vouchers is similar to 3, 4 and 5 (not 2 or 6), USD 30 to anything from USD 22.50 to
 * USD 40, and USD 40 to USD 30–53.33. The relation is symmetric. Integer arithmetic only.
 */
export function isSimilar(a: AskedValue, b: AskedValue): boolean {
  if (a.measure === null && b.measure === null) return true;
  if (a.measure !== b.measure || a.unit !== b.unit || a.value === null || b.value === null) return false;
  const diff = Math.abs(a.value - b.value);
  if (a.measure === "quantity" && diff <= 1) return true;
  return 4 * diff <= Math.max(a.value, b.value);
}

export type DecidedStatus = "granted" | "refused" | "refused_by_policy";

export interface Precedent extends AskedValue {
  requestId: string;
  caseId: string;
  caseNumber: number;
  policyVersion: number;
  status: DecidedStatus;
  /** null for refused_by_policy: the policy decided, not a person. */
  deciderId: string | null;
  deciderName: string | null;
  askedById: string | null;
  askedByName: string | null;
  reason: string;
  decidedAt: string;
}

export interface DeciderStats {
  /** null: refusals the policy made by itself ("exceptions: nobody"). */
  deciderId: string | null;
  name: string;
  granted: number;
  refused: number;
  /** granted / (granted + refused); null when this decider decided nothing. */
  grantRate: number | null;
}

export interface PrecedentStats {
  total: number;
  granted: number;
  refused: number;
  grantRate: number | null;
  byDecider: DeciderStats[];
}

export const POLICY_DECIDER_NAME = "The policy (no exception possible)";

function rate(granted: number, refused: number): number | null {
  return granted + refused === 0 ? null : granted / (granted + refused);
}

/** Counts, grant rate and grant rate per decider (most decisions first, then by name). */
export function precedentStats(precedents: readonly Precedent[]): PrecedentStats {
  const by = new Map<string, DeciderStats>();
  let granted = 0;
  for (const p of precedents) {
    const key = p.deciderId ?? "";
    const entry = by.get(key) ?? {
      deciderId: p.deciderId,
      name: p.deciderId === null ? POLICY_DECIDER_NAME : (p.deciderName ?? "(unknown)"),
      granted: 0,
      refused: 0,
      grantRate: null,
    };
    if (p.status === "granted") {
      entry.granted += 1;
      granted += 1;
    } else entry.refused += 1;
    by.set(key, entry);
  }
  const byDecider = [...by.values()]
    .map((d) => ({ ...d, grantRate: rate(d.granted, d.refused) }))
    .sort((a, b) => b.granted + b.refused - (a.granted + a.refused) || a.name.localeCompare(b.name));
  const refused = precedents.length - granted;
  return { total: precedents.length, granted, refused, grantRate: rate(granted, refused), byDecider };
}

/** The similar precedents of a request, most recent first, and their stats. */
export function similarPrecedents(
  request: AskedValue & { requestId?: string | null },
  decided: readonly Precedent[],
): { items: Precedent[]; stats: PrecedentStats } {
  const items = decided
    .filter((p) => p.requestId !== request.requestId && isSimilar(request, p))
    .sort((a, b) => (a.decidedAt < b.decidedAt ? 1 : a.decidedAt > b.decidedAt ? -1 : 0));
  return { items, stats: precedentStats(items) };
}

/** One request as the reports read it. */
export interface ReportRow {
  status: "allowed" | "pending" | "granted" | "refused" | "refused_by_policy" | "withdrawn";
  policyId: string;
  policyCode: string;
  policyName: string;
  askedById: string | null;
  askedByName: string | null;
  deciderId: string | null;
  deciderName: string | null;
  createdAt: string;
  measure: "quantity" | "amount" | null;
  unit: string | null;
  /** Beyond what the policy allowed; what a grant gives away. */
  excess: number | null;
}

export interface GivenAway {
  measure: "quantity" | "amount";
  /** The currency (amounts) or the unit counted (quantities). */
  unit: string;
  /** Sum of granted excess: minor units for amounts, a count for quantities. */
  total: number;
}

export interface ReportBucket {
  key: string;
  label: string;
  /** Within the policy as is: no exception needed. */
  allowed: number;
  /** Exceptions asked for (pending, decided or withdrawn) and asks no exception could cover. */
  exceptions: number;
  pending: number;
  granted: number;
  refused: number;
  withdrawn: number;
  grantRate: number | null;
  givenAway: GivenAway[];
}

export interface PolicyReport {
  perPolicy: ReportBucket[];
  perDecider: ReportBucket[];
  perAsker: ReportBucket[];
  perWeek: ReportBucket[];
}

/** The Monday (ISO date) of the week an instant falls in, in the workspace's time zone. */
export function weekOf(at: string, timeZone: string): string {
  return DateTime.fromISO(at, { zone: timeZone }).startOf("week").toISODate() ?? at.slice(0, 10);
}

function emptyBucket(key: string, label: string): ReportBucket {
  return {
    key,
    label,
    allowed: 0,
    exceptions: 0,
    pending: 0,
    granted: 0,
    refused: 0,
    withdrawn: 0,
    grantRate: null,
    givenAway: [],
  };
}

function add(bucket: ReportBucket, row: ReportRow): void {
  if (row.status === "allowed") {
    bucket.allowed += 1;
    return;
  }
  bucket.exceptions += 1;
  if (row.status === "pending") bucket.pending += 1;
  else if (row.status === "withdrawn") bucket.withdrawn += 1;
  else if (row.status === "granted") bucket.granted += 1;
  else bucket.refused += 1;
  if (row.status === "granted" && row.measure && row.unit !== null && row.excess !== null && row.excess > 0) {
    const { measure, unit } = row;
    const given = bucket.givenAway.find((g) => g.measure === measure && g.unit === unit);
    if (given) given.total += row.excess;
    else bucket.givenAway.push({ measure, unit, total: row.excess });
  }
}

function bucketsBy(
  rows: readonly ReportRow[],
  keyOf: (r: ReportRow) => [string, string] | null,
  order: (a: ReportBucket, b: ReportBucket) => number,
): ReportBucket[] {
  const map = new Map<string, ReportBucket>();
  for (const r of rows) {
    const k = keyOf(r);
    if (!k) continue;
    const b = map.get(k[0]) ?? emptyBucket(k[0], k[1]);
    add(b, r);
    map.set(k[0], b);
  }
  return [...map.values()]
    .map((b) => ({
      ...b,
      grantRate: rate(b.granted, b.refused),
      givenAway: [...b.givenAway].sort((x, y) => x.unit.localeCompare(y.unit)),
    }))
    .sort(order);
}

const byLabel = (a: ReportBucket, b: ReportBucket) =>
  a.label.localeCompare(b.label) || a.key.localeCompare(b.key);

/**
 * The policy report over a set of requests. Deciders count only decisions (a refusal by the
 * policy itself is its own bucket); askers and weeks count every request; weeks start on Monday
 * in the workspace's time zone and are keyed by that date, oldest first.
 */
export function policyReport(rows: readonly ReportRow[], timeZone: string): PolicyReport {
  return {
    perPolicy: bucketsBy(rows, (r) => [r.policyId, `${r.policyCode} ${r.policyName}`], byLabel),
    perDecider: bucketsBy(
      rows,
      (r) => {
        if (r.status === "refused_by_policy") return ["policy", POLICY_DECIDER_NAME];
        if (r.status !== "granted" && r.status !== "refused") return null;
        return [r.deciderId ?? "unknown", r.deciderName ?? "(unknown)"];
      },
      byLabel,
    ),
    perAsker: bucketsBy(rows, (r) => [r.askedById ?? "system", r.askedByName ?? "The system"], byLabel),
    perWeek: bucketsBy(
      rows,
      (r) => {
        const w = weekOf(r.createdAt, timeZone);
        return [w, `Week of ${w}`];
      },
      (a, b) => a.key.localeCompare(b.key),
    ),
  };
}
