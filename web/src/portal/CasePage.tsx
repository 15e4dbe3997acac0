import { useId, useState, type ReactNode } from "react";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { useAction } from "../hooks";
import { usePortalGet } from "./hooks";
import { PortalAppointments } from "./Appointments";
import { CustomerStatusBadge, When } from "./parts";
import { portalApi } from "./portalApi";
import type { PortalCase, PortalEntry, PortalMe, PortalPromise } from "./types";

/** One request as the customer sees it: its status, what we promised, the conversation, a reply box. */
export default function CasePage({ number, me }: { number: number; me: PortalMe }): ReactNode {
  const found = usePortalGet<PortalCase>(`/api/portal/cases/${number}`);
  const item = found.data;
  const back =
    me.scope === "customer" ? (
      <p className="back">
        <a href="#/portal">← All your requests</a>
      </p>
    ) : null;

  if (!item) {
    return (
      <section className="portal-page" aria-labelledby="case-title">
        {back}
        <h1 id="case-title">Request #{number}</h1>
        {found.error ? (
          <ErrorMessage message={found.error} onRetry={found.reload} />
        ) : (
          <Loading label="Loading your request…" lines={5} />
        )}
      </section>
    );
  }

  return (
    <section className="portal-page" aria-labelledby="case-title">
      {back}
      <h1 id="case-title">
        <span className="case-number">#{item.number}</span> {item.subject}
      </h1>
      <p className="portal-facts">
        <CustomerStatusBadge status={item.status} text={item.statusText} />
        <span className="muted">
          Opened <When iso={item.createdAt} />
        </span>
      </p>
      <ErrorMessage message={found.error} onRetry={found.reload} />
      <Promises promises={item.promises} />
      <PortalAppointments number={item.number} onChanged={found.reload} />
      <Conversation entries={item.timeline} />
      <Reply item={item} onSent={found.reload} />
    </section>
  );
}

function PromiseList({ promises }: { promises: PortalPromise[] }): ReactNode {
  return (
    <ul>
      {promises.map((p) => (
        <li key={p.id} className={`promise promise-${p.status}`}>
          <span className="promise-wording">{p.wording}</span>
          <span className={`badge pstatus-${p.status}`}>{p.statusText}</span>
        </li>
      ))}
    </ul>
  );
}

/** What is owed now comes first; promises kept, moved or missed stay visible, folded away. */
function Promises({ promises }: { promises: PortalPromise[] }): ReactNode {
  const open = promises.filter((p) => p.status === "open");
  const earlier = promises.filter((p) => p.status !== "open");
  return (
    <section className="panel portal-promises" aria-labelledby="promises-title">
      <h2 id="promises-title">What we promised you</h2>
      {open.length === 0 ? (
        <Empty>Nothing is owed to you on this request right now.</Empty>
      ) : (
        <PromiseList promises={open} />
      )}
      {earlier.length > 0 && (
        <details className="portal-earlier">
          <summary>Earlier promises ({earlier.length})</summary>
          <PromiseList promises={earlier} />
        </details>
      )}
    </section>
  );
}

function Conversation({ entries }: { entries: PortalEntry[] }): ReactNode {
  return (
    <section className="portal-conversation" aria-labelledby="conversation-title">
      <h2 id="conversation-title">Conversation</h2>
      {entries.length === 0 ? (
        <Empty>No messages yet.</Empty>
      ) : (
        <ol className="portal-entries">
          {entries.map((e) =>
            e.kind === "status" ? (
              <li key={e.id} className="portal-status-line">
                <span>{e.body}</span> <When iso={e.createdAt} />
              </li>
            ) : (
              <li key={e.id} className={`bubble bubble-${e.direction === "in" ? "in" : "out"}`}>
                <article
                  aria-label={e.direction === "in" ? "Your message" : `Message from ${e.author ?? "us"}`}
                >
                  <header className="bubble-head">
                    <span className="bubble-author">{e.author}</span>
                    <When iso={e.createdAt} />
                  </header>
                  <p className="bubble-body">{e.body}</p>
                </article>
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}

function Reply({ item, onSent }: { item: PortalCase; onSent: () => void }): ReactNode {
  const id = useId();
  const [body, setBody] = useState("");
  const [sent, setSent] = useState("");
  const action = useAction();
  if (!item.mayReply) {
    return (
      <section className="panel" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Reply</h2>
        <p>
          This request is closed. If you need more help, <a href="#/request">send us a new request</a>.
        </p>
      </section>
    );
  }
  const submit = async (): Promise<void> => {
    const ok = await action.run(async () => {
      await portalApi.post(`/api/portal/cases/${item.number}/replies`, { body });
    });
    if (ok) {
      setBody("");
      setSent("Sent. Your message is in the conversation above.");
      onSent();
    }
  };
  return (
    <section className="panel portal-reply" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Reply</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label="Your reply" htmlFor={`${id}-body`}>
          <textarea
            id={`${id}-body`}
            rows={4}
            required
            maxLength={20000}
            value={body}
            onChange={(e) => {
              setBody(e.target.value);
              setSent("");
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={action.busy}>
            {action.busy ? "Sending…" : "Send"}
          </button>
          <span className="saved" role="status">
            {sent}
          </span>
        </div>
        <ErrorMessage message={action.error} />
      </form>
    </section>
  );
}
