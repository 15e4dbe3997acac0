import { useId, useState, type ReactNode } from "react";
import { PolicyEditor } from "../components/policy/PolicyEditor";
import { PrecedentsPanel, percent } from "../components/policy/PolicyBits";
import { Empty, ErrorMessage, Loading } from "../components/ui";
import { formatDate, formatDateTime, formatMoney } from "../format";
import { useGet } from "../hooks";
import type { PolicyDetail, PolicyReport, Precedents, ReportBucket } from "../policyTypes";
import { can, staffName, useSession } from "../session";

function givenAway(b: ReportBucket): string {
  if (b.givenAway.length === 0) return "—";
  return b.givenAway
    .map((g) =>
      g.measure === "amount"
        ? formatMoney(g.total, g.unit)
        : `${g.total} extra ${g.unit}${g.total === 1 ? "" : "s"}`,
    )
    .join(", ");
}

/** One policy: the version in effect, its history of versions, decisions over time and its report. */
export default function PolicyPage({ policyId }: { policyId: string }): ReactNode {
  const id = useId();
  const state = useSession();
  const policy = useGet<PolicyDetail>(`/api/policies/${policyId}`);
  const history = useGet<Precedents>(`/api/policies/${policyId}/history`);
  const mayReport = can(state, "audit:read");
  const report = useGet<PolicyReport>(mayReport ? `/api/reports/policies?policyId=${policyId}` : null);
  const [editing, setEditing] = useState(false);
  const p = policy.data;
  const v = p ? (p.current ?? p.latest) : undefined;
  const mayEdit = can(state, "policies:write");

  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <p className="back">
        <a href="#/policies">← All policies</a>
      </p>
      <div className="page-head">
        <h1 id={`${id}-title`}>{p && v ? `${p.code} ${v.name}` : "Policy"}</h1>
        {mayEdit && p && !editing && (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setEditing(true);
            }}
          >
            Change this policy
          </button>
        )}
      </div>
      {editing && p && (
        <PolicyEditor
          version={p.latest}
          onCancel={() => {
            setEditing(false);
          }}
          onSaved={() => {
            setEditing(false);
            policy.reload();
          }}
        />
      )}
      <ErrorMessage message={policy.error} onRetry={policy.reload} />
      {!p && !policy.error && <Loading lines={6} />}
      {p && v && (
        <div className="policy-layout">
          <div>
            <section className="panel" aria-labelledby={`${id}-terms`}>
              <h2 id={`${id}-terms`}>
                Version {v.version} {p.current ? "(in effect)" : "(not in effect now)"}
              </h2>
              <p className="policy-statement">{v.statement}</p>
              <h3>Say to the customer</h3>
              <blockquote className="wording">{v.customerWording}</blockquote>
              <h3>Why</h3>
              <p>{v.rationale}</p>
              <dl className="facts">
                <dt>Limit</dt>
                <dd>{v.limitText ?? (v.limit ? "No cap (recorded only)" : "None")}</dd>
                <dt>Evidence</dt>
                <dd>{v.evidenceRequired.length > 0 ? v.evidenceRequired.join(", ") : "None"}</dd>
                <dt>Exceptions</dt>
                <dd>{v.authorityText.replace(/^Exceptions: /, "")}</dd>
                <dt>In effect</dt>
                <dd>
                  from {formatDateTime(v.effectiveFrom)}
                  {v.effectiveUntil ? ` until ${formatDateTime(v.effectiveUntil)}` : ""}
                </dd>
              </dl>
            </section>
            <section className="panel" aria-labelledby={`${id}-versions`}>
              <h2 id={`${id}-versions`}>Versions</h2>
              <ol className="version-list" reversed>
                {[...p.versions].reverse().map((ver) => (
                  <li key={ver.id}>
                    <strong>Version {ver.version}</strong> · from {formatDate(ver.effectiveFrom)} ·{" "}
                    <span className="muted">
                      {ver.createdById ? staffName(state, ver.createdById) : "the system"}
                    </span>
                    <br />
                    {ver.changeNote}
                    {ver.limitText && <span className="muted"> · limit {ver.limitText}</span>}
                  </li>
                ))}
              </ol>
            </section>
          </div>
          <div>
            <section className="panel" aria-labelledby={`${id}-history`}>
              <h2 id={`${id}-history`}>Decisions over time</h2>
              <ErrorMessage message={history.error} onRetry={history.reload} />
              {history.data && (
                <PrecedentsPanel precedents={history.data} title="Every decision under this policy" />
              )}
            </section>
            {mayReport && (
              <section className="panel" aria-labelledby={`${id}-report`}>
                <h2 id={`${id}-report`}>Report, last 12 weeks</h2>
                <ErrorMessage message={report.error} onRetry={report.reload} />
                {report.data && report.data.perWeek.length === 0 && (
                  <Empty>No requests in these weeks.</Empty>
                )}
                {report.data && report.data.perWeek.length > 0 && (
                  <div className="table-wrap" tabIndex={0} role="region" aria-label="Requests per week">
                    <table className="report-table">
                      <caption className="visually-hidden">Requests per week</caption>
                      <thead>
                        <tr>
                          <th scope="col">Week</th>
                          <th scope="col">Asked</th>
                          <th scope="col">Granted</th>
                          <th scope="col">Refused</th>
                          <th scope="col">Grant rate</th>
                          <th scope="col">Given away</th>
                        </tr>
                      </thead>
                      <tbody>
                        {report.data.perWeek.map((b) => (
                          <tr key={b.key}>
                            <th scope="row">{formatDate(`${b.key}T12:00:00Z`)}</th>
                            <td>{b.exceptions}</td>
                            <td>{b.granted}</td>
                            <td>{b.refused}</td>
                            <td>{percent(b.grantRate)}</td>
                            <td>{givenAway(b)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
                {report.data && report.data.perDecider.length > 0 && (
                  <p className="small">
                    By decider:{" "}
                    {report.data.perDecider
                      .map((d) => `${d.label} ${d.granted}/${d.granted + d.refused}`)
                      .join(" · ")}
                  </p>
                )}
              </section>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
