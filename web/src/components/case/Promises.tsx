import { useId, useState, type ReactNode } from "react";
import { api } from "../../api";
import { formatDateTime, humanize } from "../../format";
import { useAction, useGet } from "../../hooks";
import { countdown, promiseTone } from "../../promises/tone";
import { ToneBadge } from "../../promises/ToneBadge";
import type { Acknowledgement, CasePromise } from "../../promises/types";
import { useNow } from "../../promises/useNow";
import { useReloadOn } from "../../promises/useReloadOn";
import { can, useSession } from "../../session";
import type { Case } from "../../types";
import { Empty, ErrorMessage, Loading } from "../ui";
import { AddPromiseForm, HonestPromisePanel, RenegotiateForm } from "./PromiseForms";

const TARGET_NAMES: Record<string, string> = {
  first_reply: "First reply",
  next_reply: "Next reply",
  resolution: "Resolution",
  callback: "Callback",
};

/** What a promise is, in a few words: its target, or what a person wrote. */
export function promiseTitle(p: CasePromise): string {
  if (p.target && p.description === TARGET_NAMES[p.target]) return TARGET_NAMES[p.target] ?? p.description;
  return p.description || humanize(p.kind);
}

/**
 * Every open promise on the case with its due time and a live countdown that turns amber at the
 * desk's warning and red when overdue; keep, renegotiate (the customer is told), add one, or make
 * the earliest honest promise; closed promises in a collapsed history.
 */
export function Promises({
  item,
  refreshKey,
  onChanged,
}: {
  item: Case;
  /** Changes whenever the case changed elsewhere on the page (a reply keeps promises, say). */
  refreshKey: number;
  onChanged: () => Promise<void>;
}): ReactNode {
  const id = useId();
  const state = useSession();
  const list = useGet<CasePromise[]>(`/api/cases/${item.id}/promises`);
  const now = useNow();
  const mayWrite = can(state, "cases:write") && item.status !== "closed";
  const [adding, setAdding] = useState(false);
  // What the last change told the customer, announced politely and kept until the next one.
  const [notice, setNotice] = useState("");
  const { reload } = list;
  useReloadOn(refreshKey, reload);

  // The page bumps refreshKey after every change, which reloads this list and the customer view.
  const changed = async (message = ""): Promise<void> => {
    setNotice(message);
    await onChanged();
  };

  const all = list.data ?? [];
  const open = all.filter((p) => p.status === "open").sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const closed = all
    .filter((p) => p.status !== "open")
    .sort((a, b) => (b.closedAt ?? "").localeCompare(a.closedAt ?? ""));

  return (
    <section className="panel promises" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Promises</h2>
      <ErrorMessage message={list.error} onRetry={reload} />
      {list.loading && !list.data && <Loading label="Loading promises…" lines={2} />}
      {list.data && open.length === 0 && <Empty>Nothing is promised right now.</Empty>}
      {open.length > 0 && (
        <ul className="promise-list" aria-label="Open promises">
          {open.map((p) => (
            <OpenPromise key={p.id} promise={p} now={now} mayWrite={mayWrite} onChanged={changed} />
          ))}
        </ul>
      )}
      <p className="saved" role="status">
        {notice}
      </p>
      {mayWrite && item.status !== "solved" && (
        <HonestPromisePanel
          caseId={item.id}
          refreshKey={refreshKey}
          onMade={(wording) => changed(`Promised: “${wording}”`)}
        />
      )}
      {mayWrite &&
        (adding ? (
          <AddPromiseForm
            caseId={item.id}
            onDone={async (wording) => {
              setAdding(false);
              if (wording) await changed(`Promised: “${wording}”`);
            }}
          />
        ) : (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setAdding(true);
            }}
          >
            Add a promise
          </button>
        ))}
      {closed.length > 0 && <History promises={closed} all={all} />}
      <CustomerView caseId={item.id} refreshKey={refreshKey} />
    </section>
  );
}

function OpenPromise({
  promise: p,
  now,
  mayWrite,
  onChanged,
}: {
  promise: CasePromise;
  now: number;
  mayWrite: boolean;
  onChanged: (notice?: string) => Promise<void>;
}): ReactNode {
  const [renegotiating, setRenegotiating] = useState(false);
  const keep = useAction();
  const tone = promiseTone(p, now);
  const title = promiseTitle(p);
  return (
    <li className={`promise tone-box-${tone}`}>
      <div className="promise-head">
        <span className="promise-title">{title}</span>
        <ToneBadge tone={tone} />
      </div>
      <p className="promise-wording">“{p.wording}”</p>
      <p className="promise-due">
        <time dateTime={p.dueAt}>Due {formatDateTime(p.dueAt)}</time>
        {p.pausedAt ? (
          <span> · paused while we wait on the customer</span>
        ) : (
          <span className="countdown"> · {countdown(p.dueAt, now)}</span>
        )}
      </p>
      {p.warnAt && tone === "ok" && <p className="hint">At risk from {formatDateTime(p.warnAt)}.</p>}
      {mayWrite && !renegotiating && (
        <div className="button-row">
          <button
            type="button"
            className="button secondary small"
            disabled={keep.busy}
            aria-label={`Keep: ${title}`}
            onClick={() => {
              void keep.run(async () => {
                await api.post(`/api/promises/${p.id}/keep`, {});
                await onChanged(`Kept: ${title}.`);
              });
            }}
          >
            Keep
          </button>
          <button
            type="button"
            className="button secondary small"
            aria-label={`Renegotiate: ${title}`}
            onClick={() => {
              setRenegotiating(true);
            }}
          >
            Renegotiate
          </button>
        </div>
      )}
      <ErrorMessage message={keep.error} />
      {renegotiating && (
        <RenegotiateForm
          promise={p}
          title={title}
          onDone={async (told) => {
            setRenegotiating(false);
            if (told) await onChanged(`Moved. The customer was told: “${told}”`);
          }}
        />
      )}
    </li>
  );
}

function History({ promises, all }: { promises: CasePromise[]; all: CasePromise[] }): ReactNode {
  return (
    <details className="promise-history">
      <summary>History ({promises.length})</summary>
      <ul className="mini-list">
        {promises.map((p) => {
          const next = p.replacedById ? all.find((x) => x.id === p.replacedById) : undefined;
          return (
            <li key={p.id}>
              <span className="promise-title">{promiseTitle(p)}</span>{" "}
              <ToneBadge tone={promiseTone(p, 0)} status={p.status} />
              <span className="muted small">
                {" "}
                · was due {formatDateTime(p.dueAt)}
                {next ? `, moved to ${formatDateTime(next.dueAt)}` : ""}
                {p.closedAt ? ` · closed ${formatDateTime(p.closedAt)}` : ""}
              </span>
            </li>
          );
        })}
      </ul>
    </details>
  );
}

/** The acknowledgement the customer receives, loaded when opened. */
function CustomerView({ caseId, refreshKey }: { caseId: string; refreshKey: number }): ReactNode {
  const [isOpen, setOpen] = useState(false);
  const ack = useGet<Acknowledgement>(isOpen ? `/api/cases/${caseId}/acknowledgement` : null);
  useReloadOn(refreshKey, ack.reload);
  return (
    <details
      className="customer-view"
      onToggle={(e) => {
        setOpen(e.currentTarget.open);
      }}
    >
      <summary>What the customer is told</summary>
      <ErrorMessage message={ack.error} onRetry={ack.reload} />
      {ack.loading && !ack.data && <Loading lines={2} />}
      {ack.data && (
        <>
          <p className="muted small">Subject: {ack.data.subject}</p>
          <pre className="ack-text">{ack.data.text}</pre>
        </>
      )}
    </details>
  );
}
