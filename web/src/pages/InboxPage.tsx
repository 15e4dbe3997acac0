import { useId, useState, type ReactNode } from "react";
import { api, query } from "../api";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { useAction, useGet } from "../hooks";
import { useSession } from "../session";
import type { Page } from "../types";
import { DESK_ZONE, when, type Message, type PageItem } from "../whoisin";

/**
 * A staff member's inbox: messages the desk took for them (mark read, call returned — which keeps
 * the callback promise — or hand on), and pages reaching them now (accept or decline).
 */
export default function InboxPage(): ReactNode {
  const id = useId();
  const [status, setStatus] = useState<"open" | "returned">("open");
  const list = useGet<Page<Message>>(`/api/messages${query({ status, limit: 100 })}`);
  const unread = useGet<{ unread: number }>("/api/messages/unread-count");
  const pages = useGet<PageItem[]>("/api/pages?mine=true&status=paging");
  const reload = (): void => {
    list.reload();
    unread.reload();
    pages.reload();
  };

  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h1 id={`${id}-title`}>Messages</h1>
        {unread.data && <span className="badge unread">{unread.data.unread} unread</span>}
      </div>

      {pages.data && pages.data.length > 0 && (
        <section className="panel pages-now" aria-labelledby={`${id}-pages`}>
          <h2 id={`${id}-pages`}>You are being paged</h2>
          <ul className="mini-list">
            {pages.data.map((p) => (
              <PageRow key={p.id} page={p} onChanged={reload} />
            ))}
          </ul>
        </section>
      )}

      <div className="tabs" role="group" aria-label="Show">
        {(["open", "returned"] as const).map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={status === s}
            onClick={() => {
              setStatus(s);
            }}
          >
            {s === "open" ? "To call back" : "Returned"}
          </button>
        ))}
      </div>
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={4} />}
      {list.data?.items.length === 0 && (
        <Empty>{status === "open" ? "No messages waiting for you." : "No returned calls yet."}</Empty>
      )}
      {list.data && list.data.items.length > 0 && (
        <ul className="message-list">
          {list.data.items.map((m) => (
            <li key={m.id}>
              <MessageCard message={m} onChanged={reload} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PageRow({ page, onChanged }: { page: PageItem; onChanged: () => void }): ReactNode {
  const action = useAction();
  const act = async (verb: "accept" | "decline"): Promise<void> => {
    const ok = await action.run(async () => {
      await api.post(`/api/pages/${page.id}/${verb}`, {});
    });
    if (ok) onChanged();
  };
  return (
    <li>
      <span>
        <strong>Urgent:</strong> case{" "}
        {page.caseNumber !== null ? <a href={`#/cases/${page.caseNumber}`}>#{page.caseNumber}</a> : "—"}
        {page.note && <> — {page.note}</>}
        {page.deadlineAt && <span className="muted"> · answer by {when(page.deadlineAt, DESK_ZONE)}</span>}
      </span>
      <span className="button-row">
        {page.canAccept && (
          <button
            type="button"
            className="button primary small"
            disabled={action.busy}
            onClick={() => void act("accept")}
          >
            Accept
          </button>
        )}
        {page.canDecline && (
          <button
            type="button"
            className="button secondary small"
            disabled={action.busy}
            onClick={() => void act("decline")}
          >
            Decline
          </button>
        )}
      </span>
      <ErrorMessage message={action.error} />
    </li>
  );
}

function MessageCard({ message: m, onChanged }: { message: Message; onChanged: () => void }): ReactNode {
  const id = useId();
  const state = useSession();
  const [mode, setMode] = useState<"none" | "return" | "hand">("none");
  const [note, setNote] = useState("");
  const [to, setTo] = useState("");
  const action = useAction();
  const post = async (path: string, body: unknown): Promise<void> => {
    const ok = await action.run(async () => {
      await api.post(path, body);
    });
    if (ok) {
      setMode("none");
      onChanged();
    }
  };
  const colleagues = state.staff.filter((s) => s.isActive && s.id !== m.staffId);
  return (
    <article className={`panel message ${m.readAt ? "read" : "unread"}`} aria-labelledby={`${id}-from`}>
      <div className="card-head">
        <h2 id={`${id}-from`}>
          {m.fromName}
          {!m.readAt && m.status === "open" && <span className="visually-hidden"> (unread)</span>}
        </h2>
        {m.urgency === "urgent" && <span className="badge priority-urgent">Urgent, as they said</span>}
      </div>
      <p>{m.about}</p>
      <dl className="facts">
        <dt>Reach them at</dt>
        <dd>{m.reachAt || "—"}</dd>
        <dt>Case</dt>
        <dd>{m.caseNumber !== null ? <a href={`#/cases/${m.caseNumber}`}>#{m.caseNumber}</a> : "—"}</dd>
        <dt>Promised</dt>
        <dd>{m.promise ? `${m.promise.wording} (${m.promise.status})` : "No callback time promised"}</dd>
        <dt>Taken by</dt>
        <dd>
          {m.takenByName ?? "—"} · {when(m.createdAt, DESK_ZONE)}
        </dd>
        {m.handNote && (
          <>
            <dt>Handed on</dt>
            <dd>{m.handNote}</dd>
          </>
        )}
      </dl>
      {m.status === "open" && (
        <div className="button-row">
          {!m.readAt && (
            <button
              type="button"
              className="button secondary small"
              disabled={action.busy}
              onClick={() => void post(`/api/messages/${m.id}/read`, {})}
            >
              Mark read
            </button>
          )}
          <button
            type="button"
            className="button primary small"
            aria-expanded={mode === "return"}
            onClick={() => {
              setMode(mode === "return" ? "none" : "return");
            }}
          >
            Call returned
          </button>
          <button
            type="button"
            className="button secondary small"
            aria-expanded={mode === "hand"}
            onClick={() => {
              setMode(mode === "hand" ? "none" : "hand");
            }}
          >
            Hand on
          </button>
        </div>
      )}
      {mode !== "none" && (
        <form
          className="grid-form whoisin-form"
          onSubmit={(e) => {
            e.preventDefault();
            void (mode === "return"
              ? post(`/api/messages/${m.id}/return`, { note })
              : post(`/api/messages/${m.id}/hand-on`, { staffId: to, note }));
          }}
        >
          {mode === "hand" && (
            <Field label="Hand on to" htmlFor={`${id}-to`}>
              <select
                id={`${id}-to`}
                required
                value={to}
                onChange={(e) => {
                  setTo(e.target.value);
                }}
              >
                <option value="">Choose a colleague</option>
                {colleagues.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label="Note (optional)" htmlFor={`${id}-note`}>
            <input
              id={`${id}-note`}
              maxLength={2000}
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
              }}
            />
          </Field>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={action.busy}>
              {mode === "return" ? "Mark returned" : "Hand on"}
            </button>
          </div>
        </form>
      )}
      <ErrorMessage message={action.error} />
    </article>
  );
}
