import { useState, type ReactNode } from "react";
import { messageOf } from "../api";
import { Empty, ErrorMessage, Loading } from "../components/ui";
import { usePortalGet } from "./hooks";
import { CustomerStatusBadge, When } from "./parts";
import { portalApi } from "./portalApi";
import type { PortalCaseSummary, PortalMe, PortalPage } from "./types";

/** The customer's requests, newest first, with their status in the customer's words. */
export default function CasesPage({ me }: { me: PortalMe }): ReactNode {
  const first = usePortalGet<PortalPage<PortalCaseSummary>>("/api/portal/cases?limit=25");
  const [more, setMore] = useState<PortalCaseSummary[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [moreError, setMoreError] = useState<string | undefined>(undefined);
  const next = cursor === undefined ? first.data?.nextCursor : cursor;
  const items = [...(first.data?.items ?? []), ...more];

  const loadMore = async (): Promise<void> => {
    if (!next) return;
    try {
      const page = await portalApi.get<PortalPage<PortalCaseSummary>>(
        `/api/portal/cases?limit=25&cursor=${encodeURIComponent(next)}`,
      );
      setMore((m) => [...m, ...page.items]);
      setCursor(page.nextCursor);
      setMoreError(undefined);
    } catch (err) {
      setMoreError(messageOf(err));
    }
  };

  return (
    <section className="portal-page" aria-labelledby="cases-title">
      <h1 id="cases-title">Your requests</h1>
      <p className="muted">
        {me.name ? `Signed in as ${me.name}` : "Signed in"}
        {me.email ? ` (${me.email})` : ""}.
      </p>
      <ErrorMessage message={first.error} onRetry={first.reload} />
      {first.loading && !first.data && <Loading label="Loading your requests…" lines={3} />}
      {first.data && items.length === 0 && (
        <Empty>
          You have no requests with us yet. <a href="#/request">Send us a request</a>.
        </Empty>
      )}
      {items.length > 0 && (
        <ul className="portal-cases">
          {items.map((c) => (
            <li key={c.number}>
              <a href={`#/portal/cases/${c.number}`} className="portal-case-row">
                <span className="portal-case-title">
                  <span className="case-number">#{c.number}</span> {c.subject}
                </span>
                <span className="portal-case-meta">
                  <CustomerStatusBadge status={c.status} text={c.statusText} />
                  <span className="muted">
                    Updated <When iso={c.updatedAt} />
                  </span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage message={moreError} />
      {next && (
        <button type="button" className="button secondary" onClick={() => void loadMore()}>
          Show older requests
        </button>
      )}
    </section>
  );
}
