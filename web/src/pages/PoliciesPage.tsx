import { useEffect, useId, useState, type ReactNode } from "react";
import { query } from "../api";
import { Empty, ErrorMessage, Loading } from "../components/ui";
import { useGet } from "../hooks";
import type { Policy } from "../policyTypes";

/**
 * The policy library: search by any words and read the wording to say while on the phone, with
 * the rationale and who can make an exception one click away.
 */
export default function PoliciesPage(): ReactNode {
  const id = useId();
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const list = useGet<Policy[]>(`/api/policies${query({ q })}`);

  useEffect(() => {
    const handle = window.setTimeout(() => {
      setQ(search.trim());
    }, 150);
    return () => {
      window.clearTimeout(handle);
    };
  }, [search]);

  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h1 id={`${id}-title`}>Policies</h1>
      </div>
      <div className="inline-field search">
        <label htmlFor={`${id}-q`}>Search policies</label>
        <input
          id={`${id}-q`}
          type="search"
          autoFocus
          placeholder="e.g. vouchers, price, phone number"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
          }}
        />
      </div>
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={4} />}
      <p className="result-note" aria-live="polite">
        {list.data && q
          ? `${list.data.length} ${list.data.length === 1 ? "policy matches" : "policies match"}`
          : ""}
      </p>
      {list.data?.length === 0 && <Empty>No policy matches “{q}”.</Empty>}
      {list.data && list.data.length > 0 && (
        <ul className="policy-library">
          {list.data.map((p) => {
            const v = p.current ?? p.latest;
            return (
              <li key={p.id} className="panel policy-card">
                <h2>
                  <a href={`#/policies/${p.id}`}>
                    <span className="policy-code">{p.code}</span> {v.name}
                  </a>
                </h2>
                <p className="policy-statement">{v.statement}</p>
                <h3>Say to the customer</h3>
                <blockquote className="wording">{v.customerWording}</blockquote>
                <p className="small">
                  <strong>{v.authorityText}</strong>
                  {v.evidenceRequired.length > 0 && <> Evidence: {v.evidenceRequired.join(", ")}.</>}
                </p>
                <details>
                  <summary>Why we do this</summary>
                  <p>{v.rationale}</p>
                </details>
                {!p.current && <p className="muted small">Not in effect now.</p>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
