import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from "react";
import { api, messageOf, query } from "../api";
import { Empty, ErrorMessage, Loading, PriorityBadge, StatusBadge } from "../components/ui";
import { humanize } from "../format";
import { isTyping, useGet } from "../hooks";
import { useEventStream } from "../live";
import { DueCell, useDuePromises } from "../promises/DueCell";
import { useNow } from "../promises/useNow";
import type { CasePromise } from "../promises/types";

import { staffName, teamName, useSession } from "../session";
import { CASE_STATUSES, type Case, type Page } from "../types";

const TABS = [
  { id: "mine", label: "My cases", params: { assignee: "me", open: true, sort: "due" } },
  { id: "unassigned", label: "Unassigned", params: { assignee: "none", open: true } },
  { id: "all", label: "All open", params: { open: true } },
] as const;
type TabId = (typeof TABS)[number]["id"];

const TAB_KEY = "frontdesk.queue.tab";

function initialTab(): TabId {
  const saved = sessionStorage.getItem(TAB_KEY);
  return TABS.find((t) => t.id === saved)?.id ?? "mine";
}

export default function QueuePage(): ReactNode {
  const [tab, setTab] = useState<TabId>(initialTab);
  const [status, setStatus] = useState("");
  const [search, setSearch] = useState("");
  const [searchQuery, setSearchQuery] = useState("");
  const [extra, setExtra] = useState<Case[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<string | undefined>(undefined);
  const listRef = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const current = TABS.find((t) => t.id === tab) ?? TABS[0];
  const { open, ...rest } = current.params;
  // A chosen status replaces "open only", so solved and closed cases can be listed too.
  const listPath = `/api/cases${query({ ...rest, ...(status ? { status } : { open }), limit: 50 })}`;
  const list = useGet<Page<Case>>(searchQuery ? null : listPath);
  const found = useGet<{ items: Case[] }>(
    searchQuery ? `/api/search${query({ q: searchQuery, limit: 50 })}` : null,
  );

  useEffect(() => {
    setExtra([]);
    setCursor(list.data?.nextCursor ?? null);
  }, [list.data]);

  // Searching as one types, a moment after the last key.
  useEffect(() => {
    const handle = window.setTimeout(() => {
      setSearchQuery(search.trim());
    }, 250);
    return () => {
      window.clearTimeout(handle);
    };
  }, [search]);

  // Live: a change anywhere in the workspace re-reads the queue, at most once a second. When the
  // reader has paged further ("Load more"), re-reading would pull those rows away, so the queue
  // says it changed and waits to be refreshed.
  const [stale, setStale] = useState(false);
  const pendingRefresh = useRef<number | undefined>(undefined);
  const paged = useRef(false);
  paged.current = extra.length > 0;
  const { reload: reloadList } = list;
  const { reload: reloadFound } = found;
  const refreshQueue = (): void => {
    setStale(false);
    reloadList();
    if (searchQuery) reloadFound();
  };
  const refreshRef = useRef(refreshQueue);
  refreshRef.current = refreshQueue;
  useEventStream("/api/events", {
    onChange: () => {
      if (pendingRefresh.current !== undefined) return;
      pendingRefresh.current = window.setTimeout(() => {
        pendingRefresh.current = undefined;
        if (paged.current) setStale(true);
        else refreshRef.current();
      }, 1_000);
    },
    onResync: () => {
      refreshRef.current();
    },
  });
  useEffect(
    () => () => {
      window.clearTimeout(pendingRefresh.current);
    },
    [],
  );

  const rows: Case[] = searchQuery ? (found.data?.items ?? []) : [...(list.data?.items ?? []), ...extra];
  const active = searchQuery ? found : list;
  const duePromises = useDuePromises(rows);
  const now = useNow(30_000);

  const rowLinks = (): HTMLAnchorElement[] =>
    Array.from(listRef.current?.querySelectorAll<HTMLAnchorElement>("a.case-row") ?? []);

  const moveFocus = (delta: number): void => {
    const links = rowLinks();
    if (links.length === 0) return;
    const at = links.findIndex((a) => a === document.activeElement);
    const next =
      at === -1 ? (delta > 0 ? 0 : links.length - 1) : Math.max(0, Math.min(links.length - 1, at + delta));
    links[next]?.focus();
  };

  // j/k (and the arrow keys inside the list) move through the cases; Enter opens the focused one.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.querySelector("dialog[open]")) return;
      if (isTyping(event)) {
        if (event.key === "ArrowDown" && event.target === searchRef.current) {
          event.preventDefault();
          moveFocus(1);
        }
        return;
      }
      if (event.key === "j") {
        event.preventDefault();
        moveFocus(1);
      } else if (event.key === "k") {
        event.preventDefault();
        moveFocus(-1);
      } else if (event.key === "/") {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  });

  const onListKey = (event: ReactKeyboardEvent): void => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      moveFocus(1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      moveFocus(-1);
    }
  };

  const onTabKey = (event: ReactKeyboardEvent, index: number): void => {
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    const next = TABS[(index + delta + TABS.length) % TABS.length];
    if (!next) return;
    selectTab(next.id);
    tabRefs.current[TABS.indexOf(next)]?.focus();
  };

  const selectTab = (id: TabId): void => {
    setTab(id);
    sessionStorage.setItem(TAB_KEY, id);
    setSearch("");
    setSearchQuery("");
  };

  const loadMore = async (): Promise<void> => {
    if (!cursor) return;
    try {
      const page = await api.get<Page<Case>>(`${listPath}&cursor=${encodeURIComponent(cursor)}`);
      setExtra((e) => [...e, ...page.items]);
      setCursor(page.nextCursor);
      setMoreError(undefined);
    } catch (err) {
      setMoreError(messageOf(err));
    }
  };

  return (
    <section className="page queue" aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">Queue</h1>
        <p className="shortcuts" aria-hidden="true">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>/</kbd> search · <kbd>n</kbd> new case
        </p>
      </div>
      <div className="queue-tools">
        <div role="tablist" aria-label="Queues" className="tabs">
          {TABS.map((t, i) => (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={!searchQuery && tab === t.id}
              aria-controls="queue-panel"
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => {
                selectTab(t.id);
              }}
              onKeyDown={(e) => {
                onTabKey(e, i);
              }}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div className="queue-filters">
          <label className="inline-field">
            <span>Status</span>
            <select
              value={status}
              onChange={(e) => {
                setStatus(e.target.value);
              }}
              disabled={Boolean(searchQuery)}
            >
              <option value="">Any open status</option>
              {CASE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </label>
          <form
            role="search"
            className="inline-field search"
            onSubmit={(e) => {
              e.preventDefault();
              setSearchQuery(search.trim());
            }}
          >
            <label htmlFor="queue-search">Search cases</label>
            <input
              id="queue-search"
              ref={searchRef}
              type="search"
              placeholder="Words from a subject or message"
              value={search}
              aria-keyshortcuts="/"
              onChange={(e) => {
                setSearch(e.target.value);
              }}
              onKeyDown={(e) => {
                if (e.key === "Escape") {
                  setSearch("");
                  setSearchQuery("");
                }
              }}
            />
          </form>
        </div>
      </div>
      <div
        id="queue-panel"
        role="tabpanel"
        aria-labelledby={searchQuery ? undefined : `tab-${tab}`}
        aria-label={searchQuery ? `Search results for ${searchQuery}` : undefined}
        aria-busy={active.loading}
        className="queue-panel"
      >
        {searchQuery && (
          <p className="result-note" aria-live="polite">
            {found.loading
              ? "Searching…"
              : `${rows.length === 1 ? "1 case matches" : `${rows.length} cases match`} “${searchQuery}”.`}
          </p>
        )}
        {stale && (
          <p className="result-note" role="status">
            Cases in this queue have changed.{" "}
            <button type="button" className="link-button" onClick={refreshQueue}>
              Refresh
            </button>
          </p>
        )}
        <ErrorMessage message={active.error} onRetry={active.reload} />
        {active.loading && rows.length === 0 ? (
          <Loading label="Loading cases…" lines={5} />
        ) : !active.error && rows.length === 0 ? (
          <Empty>
            {searchQuery
              ? "No case matches those words."
              : tab === "mine"
                ? "Nothing assigned to you is open. Take one from Unassigned."
                : "No cases here."}
          </Empty>
        ) : (
          <ul className="case-list" ref={listRef} onKeyDown={onListKey} aria-label="Cases">
            {rows.map((c) => (
              <li key={c.id}>
                <CaseRow item={c} due={duePromises.get(c.id)} now={now} />
              </li>
            ))}
          </ul>
        )}
        {!searchQuery && cursor && (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              void loadMore();
            }}
          >
            Load more
          </button>
        )}
        <ErrorMessage message={moreError} />
      </div>
    </section>
  );
}

function CaseRow({ item, due, now }: { item: Case; due: CasePromise | undefined; now: number }): ReactNode {
  const state = useSession();
  const who = item.assigneeId
    ? staffName(state, item.assigneeId)
    : item.teamId
      ? teamName(state, item.teamId)
      : "Unassigned";
  return (
    <a className="case-row" href={`#/cases/${item.number}`}>
      <span className="case-number">#{item.number}</span>
      <span className="case-subject">{item.subject}</span>
      <span className="case-meta">
        <StatusBadge status={item.status} />
        <PriorityBadge priority={item.priority} />
        <span className="channel">{humanize(item.channel)}</span>
      </span>
      <span className="case-who">{who}</span>
      <DueCell item={item} promise={due} now={now} />
    </a>
  );
}
