import type { ReactNode } from "react";
import { formatDate } from "../../format";
import type { Precedents, RequestStatus } from "../../policyTypes";
import { Empty } from "../ui";

const STATUS_WORDS: Record<RequestStatus, string> = {
  allowed: "Allowed as is",
  refused_by_policy: "Refused by the policy",
  pending: "Waiting for a decision",
  granted: "Exception granted",
  refused: "Exception refused",
  withdrawn: "Withdrawn",
};

export function RequestStatusBadge({ status }: { status: RequestStatus }): ReactNode {
  return <span className={`badge request-${status}`}>{STATUS_WORDS[status]}</span>;
}

export function percent(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 100)}%`;
}

/**
 * How similar requests were decided before: counts, grant rate, per decider, and the recent ones
 * with their reasons. Shown beside every request so decisions stay consistent.
 */
export function PrecedentsPanel({
  precedents,
  title = "How similar requests were decided",
  headingLevel = 3,
}: {
  precedents: Precedents;
  title?: string;
  headingLevel?: 2 | 3;
}): ReactNode {
  const { stats, items } = precedents;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="precedents">
      <Heading>{title}</Heading>
      {stats.total === 0 ? (
        <Empty>No similar request has been decided yet.</Empty>
      ) : (
        <>
          <p className="precedent-summary">
            <strong>{stats.granted}</strong> granted, <strong>{stats.refused}</strong> refused of{" "}
            {stats.total} (grant rate {percent(stats.grantRate)})
          </p>
          <table className="compact">
            <caption className="visually-hidden">Decisions per decider</caption>
            <thead>
              <tr>
                <th scope="col">Decided by</th>
                <th scope="col">Granted</th>
                <th scope="col">Refused</th>
                <th scope="col">Grant rate</th>
              </tr>
            </thead>
            <tbody>
              {stats.byDecider.map((d) => (
                <tr key={d.deciderId ?? "policy"}>
                  <th scope="row">{d.name}</th>
                  <td>{d.granted}</td>
                  <td>{d.refused}</td>
                  <td>{percent(d.grantRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="precedent-list">
            {items.map((p) => (
              <li key={p.requestId}>
                <span className={`outcome outcome-${p.status === "granted" ? "granted" : "refused"}`}>
                  {p.status === "granted" ? "Granted" : "Refused"}
                </span>{" "}
                {p.valueText && <span>{p.valueText} · </span>}
                <span className="muted">
                  {p.deciderName ?? "the policy"} · {formatDate(p.decidedAt)} ·{" "}
                  <a href={`#/cases/${p.caseNumber}`}>#{p.caseNumber}</a>
                </span>
                {p.reason && <span className="precedent-reason">“{p.reason}”</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="hint">{precedents.basis}</p>
    </div>
  );
}
