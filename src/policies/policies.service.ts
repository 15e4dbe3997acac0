/**
 * The policy catalog: policies with versions. A change never edits a version; it adds the next one,
 * so every request keeps the exact terms it was decided under.
 */
import { recordAudit } from "../audit/audit.service.js";
import type { Actor } from "../auth/auth.rules.js";
import { requirePermission } from "../auth/permissions.js";
import { foldForSearch, searchTerms } from "../cases/cases.rules.js";
import { normaliseCurrency } from "../clients/clients.rules.js";
import type { Conn } from "../db/database.js";
import type { Deps } from "../deps.js";
import { toInstant } from "../shared/clock.js";
import { conflict, invalid, notFound } from "../shared/errors.js";
import {
  presentPolicy,
  presentVersion,
  teamIdsIn,
  termsOf,
  type PolicyDetailView,
  type PolicyVersionView,
  type PolicyView,
} from "./policies.present.js";
import {
  policyProblems,
  versionInEffect,
  type ExceptionAuthority,
  type PolicyLimit,
  type PolicyTerms,
} from "./policies.rules.js";
import {
  findPolicy,
  findPolicyByCode,
  insertPolicy,
  insertPolicyVersion,
  listPolicyRows,
  listVersionRows,
  lockPolicy,
  teamNamesOf,
  updatePolicyRow,
  type PolicyRow,
  type PolicyVersionRow,
} from "./policies.store.js";

export interface PolicyInput {
  code: string;
  name: string;
  statement: string;
  rationale: string;
  customerWording: string;
  authority: ExceptionAuthority;
  limit: PolicyLimit | null;
  evidenceRequired: string[];
  /** When this version starts; default now. Never in the past: a change cannot rewrite history. */
  effectiveFrom?: string | undefined;
  /** When the policy stops applying (retires); null or absent: open-ended. */
  effectiveUntil?: string | null | undefined;
  changeNote?: string | undefined;
}

export type PolicyRevision = Partial<Omit<PolicyInput, "code" | "changeNote">> & { changeNote: string };

/** Everything a version says, trimmed and checked; throws `invalid` listing every problem. */
async function checkedTerms(conn: Conn, actor: Actor, raw: PolicyTerms): Promise<PolicyTerms> {
  const limit: PolicyLimit | null =
    raw.limit === null
      ? null
      : raw.limit.measure === "quantity"
        ? { ...raw.limit, unit: raw.limit.unit.trim(), per: raw.limit.per?.trim() || null }
        : {
            ...raw.limit,
            currency: normaliseCurrency(raw.limit.currency) ?? raw.limit.currency,
            per: raw.limit.per?.trim() || null,
          };
  const terms: PolicyTerms = {
    code: raw.code.trim(),
    name: raw.name.trim(),
    statement: raw.statement.trim(),
    rationale: raw.rationale.trim(),
    customerWording: raw.customerWording.trim(),
    authority: raw.authority,
    limit,
    evidenceRequired: raw.evidenceRequired.map((e) => e.trim()),
  };
  const problems = policyProblems(terms);
  if (limit?.measure === "amount" && normaliseCurrency(limit.currency) === null)
    problems.push({ field: "limit.currency", message: "An ISO 4217 currency code, e.g. USD." });
  const teamIds = [...new Set(teamIdsIn(terms.authority))];
  const names = await teamNamesOf(conn, actor.workspaceId, teamIds);
  if (teamIds.some((id) => !names.has(id)))
    problems.push({
      field: "authority",
      message: "A tier names a team that is not a team of this workspace.",
    });
  const first = problems[0];
  if (first) throw invalid(problems.map((p) => p.message).join(" "), { field: first.field, problems });
  return terms;
}

function checkDates(from: string, until: string | null, now: string): void {
  if (from < now) throw invalid("A version cannot start in the past.", { field: "effectiveFrom" });
  if (until !== null && until <= from)
    throw invalid("effectiveUntil must be after effectiveFrom.", { field: "effectiveUntil" });
}

function iso(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(`${field} is not an instant.`, { field });
  return new Date(ms).toISOString();
}

function searchTextOf(t: PolicyTerms): string {
  return foldForSearch(
    [t.code, t.name, t.statement, t.rationale, t.customerWording, ...t.evidenceRequired].join(" "),
  ).toLowerCase();
}

function versionRow(
  deps: Deps,
  actor: Actor,
  policyId: string,
  version: number,
  t: PolicyTerms,
  dates: { from: string; until: string | null; at: string },
  changeNote: string,
): PolicyVersionRow {
  return {
    id: deps.newId(),
    workspace_id: actor.workspaceId,
    policy_id: policyId,
    version,
    name: t.name,
    statement: t.statement,
    rationale: t.rationale,
    customer_wording: t.customerWording,
    authority: JSON.stringify(t.authority),
    limits: JSON.stringify(t.limit),
    evidence_required: JSON.stringify(t.evidenceRequired),
    effective_from: dates.from,
    effective_until: dates.until,
    change_note: changeNote,
    created_by_id: actor.staffId,
    created_at: dates.at,
  };
}

/** Views of these policies with all their versions; `now` picks the version in effect. */
async function viewsOf(conn: Conn, workspaceId: string, rows: readonly PolicyRow[], now: string) {
  const versions = await listVersionRows(
    conn,
    workspaceId,
    rows.map((r) => r.id),
  );
  const teams = await teamNamesOf(
    conn,
    workspaceId,
    versions.flatMap((v) => teamIdsIn(JSON.parse(v.authority) as ExceptionAuthority)),
  );
  return rows.map((p) => {
    const mine = versions.filter((v) => v.policy_id === p.id).map((v) => presentVersion(p.code, v, teams));
    return { policy: presentPolicy(p, mine, versionInEffect(mine, now)), versions: mine };
  });
}

/** The policy library: every policy, or those whose text holds every word of `q`. */
export async function listPolicies(
  deps: Deps,
  actor: Actor,
  opts: { q?: string | undefined },
): Promise<PolicyView[]> {
  requirePermission(actor, "cases:read");
  const terms = opts.q === undefined ? [] : searchTerms(opts.q);
  const rows = await listPolicyRows(deps.db, actor.workspaceId, terms);
  const views = await viewsOf(deps.db, actor.workspaceId, rows, toInstant(deps.clock.now()));
  return views.map((v) => v.policy);
}

export async function getPolicy(deps: Deps, actor: Actor, id: string): Promise<PolicyDetailView> {
  requirePermission(actor, "cases:read");
  const row = await findPolicy(deps.db, actor.workspaceId, id);
  if (!row) throw notFound("policy");
  const [view] = await viewsOf(deps.db, actor.workspaceId, [row], toInstant(deps.clock.now()));
  if (!view) throw notFound("policy");
  return { ...view.policy, versions: view.versions };
}

/** Adds a policy to the catalog as version 1. */
export async function createPolicy(deps: Deps, actor: Actor, input: PolicyInput): Promise<PolicyDetailView> {
  requirePermission(actor, "policies:write");
  const at = toInstant(deps.clock.now());
  const from = input.effectiveFrom === undefined ? at : iso(input.effectiveFrom, "effectiveFrom");
  const until = input.effectiveUntil ? iso(input.effectiveUntil, "effectiveUntil") : null;
  checkDates(from, until, at);
  const id = deps.newId();
  await deps.db.transaction().execute(async (trx) => {
    const terms = await checkedTerms(trx, actor, input);
    if (await findPolicyByCode(trx, actor.workspaceId, terms.code))
      throw conflict(`A policy ${terms.code} already exists.`, { field: "code" });
    await insertPolicy(trx, {
      id,
      workspace_id: actor.workspaceId,
      code: terms.code,
      latest_version: 1,
      search_text: searchTextOf(terms),
      created_at: at,
      updated_at: at,
    });
    const v = versionRow(
      deps,
      actor,
      id,
      1,
      terms,
      { from, until, at },
      input.changeNote?.trim() || "First version.",
    );
    await insertPolicyVersion(trx, v);
    await recordAudit(trx, deps, actor, {
      action: "policy.created",
      subjectKind: "policy",
      subjectId: id,
      data: { code: terms.code, versionId: v.id, version: 1, effectiveFrom: from, effectiveUntil: until },
    });
  });
  return getPolicy(deps, actor, id);
}

/** Makes the next version from the latest one and the given changes; older versions stay as they were. */
export async function revisePolicy(
  deps: Deps,
  actor: Actor,
  id: string,
  input: PolicyRevision,
): Promise<PolicyDetailView> {
  requirePermission(actor, "policies:write");
  const at = toInstant(deps.clock.now());
  const from = input.effectiveFrom === undefined ? at : iso(input.effectiveFrom, "effectiveFrom");
  const until = input.effectiveUntil ? iso(input.effectiveUntil, "effectiveUntil") : null;
  checkDates(from, until, at);
  const changeNote = input.changeNote.trim();
  if (changeNote.length === 0) throw invalid("Say what changes and why.", { field: "changeNote" });
  await deps.db.transaction().execute(async (trx) => {
    const p = await lockPolicy(trx, deps.dialect, actor.workspaceId, id);
    if (!p) throw notFound("policy");
    const latest = (await listVersionRows(trx, actor.workspaceId, [id])).find(
      (v) => v.version === p.latest_version,
    );
    if (!latest) throw notFound("policy");
    const before = termsOf(p.code, latest);
    const { changeNote: _n, effectiveFrom: _f, effectiveUntil: _u, ...changes } = input;
    const terms = await checkedTerms(trx, actor, { ...before, ...stripUndefined(changes), code: p.code });
    const changed = (Object.keys(terms) as (keyof PolicyTerms)[]).filter(
      (k) => JSON.stringify(terms[k]) !== JSON.stringify(before[k]),
    );
    if (changed.length === 0 && until === latest.effective_until)
      throw invalid("Nothing changes: give the fields that are different.", { field: "changeNote" });
    const version = p.latest_version + 1;
    const v = versionRow(deps, actor, id, version, terms, { from, until, at }, changeNote);
    await insertPolicyVersion(trx, v);
    await updatePolicyRow(trx, actor.workspaceId, id, {
      latest_version: version,
      search_text: searchTextOf(terms),
      updated_at: at,
    });
    await recordAudit(trx, deps, actor, {
      action: "policy.revised",
      subjectKind: "policy",
      subjectId: id,
      data: {
        code: p.code,
        versionId: v.id,
        version,
        changed,
        changeNote,
        effectiveFrom: from,
        effectiveUntil: until,
      },
    });
  });
  return getPolicy(deps, actor, id);
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]-?: Exclude<T[K], undefined>;
  };
}

/** The policy and the version in effect now (for applying it); `conflict` when none is. */
export async function policyInEffect(
  conn: Conn,
  workspaceId: string,
  policyId: string,
  now: string,
  missing: () => Error,
): Promise<{ policy: PolicyRow; version: PolicyVersionRow; terms: PolicyTerms }> {
  const policy = await findPolicy(conn, workspaceId, policyId);
  if (!policy) throw missing();
  const versions = await listVersionRows(conn, workspaceId, [policyId]);
  const version = versionInEffect(
    versions.map((v) => ({ ...v, effectiveFrom: v.effective_from, effectiveUntil: v.effective_until })),
    now,
  );
  if (!version) throw conflict(`${policy.code} is not in effect now.`, { field: "policyId" });
  return { policy, version, terms: termsOf(policy.code, version) };
}

export type { PolicyVersionView };
