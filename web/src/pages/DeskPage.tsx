import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api, messageOf, query } from "../api";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { useAction, useGet } from "../hooks";
import { can, useSession } from "../session";
import type { Case } from "../types";
import {
  DESK_ZONE,
  stateLabel,
  timeOf,
  type Helper,
  type StatusCard,
  type TakeMessageResult,
  type Urgent,
} from "../whoisin";

/**
 * The receptionist's panel (S1): search a colleague's name → their status card (in / off until … /
 * can't share) with the words to say, then take a message for them, answer a request for their
 * private number from policy P5, or hand the case at hand to someone on duty now.
 */
export default function DeskPage(): ReactNode {
  const id = useId();
  const [q, setQ] = useState("");
  const [searched, setSearched] = useState("");
  const [caseNumber, setCaseNumber] = useState("");
  const [kase, setKase] = useState<Case | null>(null);
  const [caseError, setCaseError] = useState<string | undefined>(undefined);
  const cards = useGet<StatusCard[]>(searched ? `/api/desk/status${query({ q: searched })}` : null);

  const loadCase = async (): Promise<void> => {
    setCaseError(undefined);
    const n = Number(caseNumber);
    if (!caseNumber.trim()) {
      setKase(null);
      return;
    }
    if (!Number.isInteger(n) || n <= 0) {
      setCaseError("A case number is a whole number, like 1001.");
      return;
    }
    try {
      setKase(await api.get<Case>(`/api/cases/by-number/${n}`));
    } catch (err) {
      setKase(null);
      setCaseError(messageOf(err));
    }
  };

  return (
    <section className="page desk" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h1 id={`${id}-title`}>Who is in</h1>
      </div>
      <p className="hint">
        Look a colleague up by name. The card says whether they are in and what you may tell the caller;
        protected colleagues&apos; hours are never shown.
      </p>
      <div className="desk-tools panel">
        <form
          className="inline-field search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setSearched(q.trim());
          }}
        >
          <label htmlFor={`${id}-q`}>Colleague</label>
          <input
            id={`${id}-q`}
            type="search"
            value={q}
            maxLength={100}
            autoComplete="off"
            onChange={(e) => {
              setQ(e.target.value);
            }}
          />
          <button type="submit" className="button primary">
            Look up
          </button>
        </form>
        <form
          className="inline-field"
          onSubmit={(e) => {
            e.preventDefault();
            void loadCase();
          }}
        >
          <label htmlFor={`${id}-case`}>Case at hand (optional)</label>
          <input
            id={`${id}-case`}
            inputMode="numeric"
            value={caseNumber}
            maxLength={10}
            onChange={(e) => {
              setCaseNumber(e.target.value);
            }}
          />
          <button type="submit" className="button secondary">
            Use case
          </button>
        </form>
        {kase && (
          <p className="chosen">
            Case <a href={`#/cases/${kase.number}`}>#{kase.number}</a>: {kase.subject}
          </p>
        )}
        <ErrorMessage message={caseError} />
      </div>

      <div aria-live="polite">
        <ErrorMessage message={cards.error} onRetry={cards.reload} />
        {cards.loading && <Loading lines={3} label="Looking up…" />}
        {!cards.loading && cards.data?.length === 0 && <Empty>Nobody called “{searched}” works here.</Empty>}
        {cards.data && cards.data.length > 0 && (
          <ul className="status-cards">
            {cards.data.map((card) => (
              <li key={card.staffId}>
                <StatusCardPanel card={card} kase={kase} />
              </li>
            ))}
          </ul>
        )}
      </div>
      <OnDutyNow />
    </section>
  );
}

function StatusCardPanel({ card, kase }: { card: StatusCard; kase: Case | null }): ReactNode {
  const id = useId();
  const state = useSession();
  const [mode, setMode] = useState<"none" | "message" | "help">("none");
  const [p5, setP5] = useState<string | null>(null);
  const p5Action = useAction();
  const mayWrite = can(state, "cases:write");

  const askedForNumber = async (): Promise<void> => {
    if (!kase) return;
    await p5Action.run(async () => {
      const res = await api.post<{ customerWording: string }>(
        `/api/cases/${kase.id}/private-contact-requests`,
        {
          staffId: card.staffId,
          asked: "phone",
        },
      );
      setP5(res.customerWording);
    });
  };

  return (
    <article className={`panel status-card state-${card.state}`} aria-labelledby={`${id}-name`}>
      <div className="card-head">
        <h2 id={`${id}-name`}>
          {card.name}
          {card.title && <span className="muted"> · {card.title}</span>}
        </h2>
        <span className={`badge duty-${card.state}`}>{stateLabel(card)}</span>
      </div>
      <p className="desk-line">{card.receptionistWording}</p>
      <figure className="say">
        <figcaption>Say to the customer</figcaption>
        <blockquote>{card.customerWording}</blockquote>
      </figure>
      {mayWrite && (
        <div className="button-row">
          <button
            type="button"
            className="button primary"
            aria-expanded={mode === "message"}
            onClick={() => {
              setMode(mode === "message" ? "none" : "message");
            }}
          >
            Take a message for {card.name}
          </button>
          <button
            type="button"
            className="button secondary"
            aria-expanded={mode === "help"}
            onClick={() => {
              setMode(mode === "help" ? "none" : "help");
            }}
          >
            Who can help now
          </button>
          <button
            type="button"
            className="button secondary"
            disabled={!kase || p5Action.busy}
            aria-describedby={kase ? undefined : `${id}-needs-case`}
            onClick={() => {
              void askedForNumber();
            }}
          >
            Asked for a private number
          </button>
          {!kase && (
            <small id={`${id}-needs-case`} className="hint">
              Use a case first to record the request on it.
            </small>
          )}
        </div>
      )}
      <ErrorMessage message={p5Action.error} />
      {p5 && (
        <figure className="say policy" aria-live="polite">
          <figcaption>Policy P5 — say to the customer (recorded on the case)</figcaption>
          <blockquote>{p5}</blockquote>
        </figure>
      )}
      {mode === "message" && <TakeMessage card={card} kase={kase} />}
      {mode === "help" && <WhoCanHelp kase={kase} />}
    </article>
  );
}

function TakeMessage({ card, kase }: { card: StatusCard; kase: Case | null }): ReactNode {
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  const [fromName, setFromName] = useState("");
  const [reachAt, setReachAt] = useState("");
  const [about, setAbout] = useState("");
  const [urgency, setUrgency] = useState<"normal" | "urgent">("normal");
  const [result, setResult] = useState<TakeMessageResult | null>(null);
  const action = useAction();

  useEffect(() => {
    first.current?.focus();
    if (!kase?.customerId) return;
    api
      .get<{ name: string; phone: string | null; email: string | null }>(`/api/customers/${kase.customerId}`)
      .then(
        (c) => {
          setFromName((v) => v || c.name);
          setReachAt((v) => v || c.phone || c.email || "");
        },
        () => undefined,
      );
  }, [kase]);

  const submit = async (): Promise<void> => {
    await action.run(async () => {
      const res = await api.post<TakeMessageResult>("/api/messages", {
        staffId: card.staffId,
        ...(kase && { caseId: kase.id }),
        fromName,
        reachAt,
        about,
        urgency,
        channel: kase?.channel ?? "walk_in",
      });
      setResult(res);
    });
  };

  if (result) {
    return (
      <section className="panel editor result" aria-labelledby={`${id}-done`} aria-live="polite">
        <h3 id={`${id}-done`}>Message taken</h3>
        <p>
          {result.receptionistWording.split(" Tell the customer:")[0]}{" "}
          <a href={`#/cases/${result.case.number}`}>Open case #{result.case.number}</a>
        </p>
        <figure className="say">
          <figcaption>Tell the customer</figcaption>
          <blockquote>{result.customerWording}</blockquote>
        </figure>
        {result.urgent && <UrgentOutcome urgent={result.urgent} />}
      </section>
    );
  }

  return (
    <form
      className="panel editor grid-form whoisin-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${id}-title`}>Message for {card.name}</h3>
      <Field label="From" htmlFor={`${id}-from`}>
        <input
          id={`${id}-from`}
          ref={first}
          required
          maxLength={120}
          value={fromName}
          onChange={(e) => {
            setFromName(e.target.value);
          }}
        />
      </Field>
      <Field label="How to reach them" htmlFor={`${id}-reach`}>
        <input
          id={`${id}-reach`}
          maxLength={200}
          value={reachAt}
          onChange={(e) => {
            setReachAt(e.target.value);
          }}
        />
      </Field>
      <Field label="About" htmlFor={`${id}-about`}>
        <textarea
          id={`${id}-about`}
          required
          maxLength={2000}
          rows={3}
          value={about}
          onChange={(e) => {
            setAbout(e.target.value);
          }}
        />
      </Field>
      <fieldset>
        <legend>Urgency, as the caller says</legend>
        <div className="segmented">
          {(["normal", "urgent"] as const).map((u) => (
            <label key={u}>
              <input
                type="radio"
                name={`${id}-urgency`}
                value={u}
                checked={urgency === u}
                onChange={() => {
                  setUrgency(u);
                }}
              />
              {u === "normal" ? "Normal" : "It’s urgent"}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="hint">
        {kase ? `Joins case #${kase.number}.` : "Starts a new case."} The callback is promised from{" "}
        {card.disclosure === "protected" ? "the desk’s own callback target" : `${card.name}’s next-in time`}.
      </p>
      <ErrorMessage message={action.error} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={action.busy}>
          Take message
        </button>
      </div>
    </form>
  );
}

function UrgentOutcome({ urgent }: { urgent: Urgent }): ReactNode {
  return (
    <div className={`urgent ${urgent.paged ? "paged" : "not-paged"}`}>
      <h4>{urgent.paged ? "On-call colleague paged" : "Nobody paged"}</h4>
      <p>{urgent.receptionistWording}</p>
      <figure className="say">
        <figcaption>{urgent.paged ? "Tell the customer" : "If it can’t wait, tell the customer"}</figcaption>
        <blockquote>{urgent.customerWording}</blockquote>
      </figure>
      {urgent.whoCanHelp.length > 0 && <HelperList helpers={urgent.whoCanHelp} kase={null} />}
    </div>
  );
}

function WhoCanHelp({ kase }: { kase: Case | null }): ReactNode {
  const list = useGet<Helper[]>(kase ? `/api/cases/${kase.id}/who-can-help` : "/api/on-duty");
  return (
    <section className="panel helpers" aria-label="Who can help now">
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && <Loading lines={2} />}
      {list.data?.length === 0 && <Empty>Nobody is on duty now.</Empty>}
      {list.data && list.data.length > 0 && <HelperList helpers={list.data} kase={kase} />}
    </section>
  );
}

function HelperList({ helpers, kase }: { helpers: Helper[]; kase: Case | null }): ReactNode {
  const [handedTo, setHandedTo] = useState<string | null>(null);
  const action = useAction();
  const hand = async (h: Helper): Promise<void> => {
    if (!kase) return;
    const ok = await action.run(async () => {
      await api.patch(`/api/cases/${kase.id}`, { assigneeId: h.staffId });
    });
    if (ok) setHandedTo(h.name);
  };
  return (
    <>
      <ul className="mini-list helper-list">
        {helpers.map((h) => (
          <li key={h.staffId}>
            <span>
              <strong>{h.name}</strong> <span className="muted">{h.title}</span>
              {h.until && <span className="muted"> · until {timeOf(h.until, DESK_ZONE)}</span>}
              {h.openCases !== undefined && <span className="muted"> · {h.openCases} open</span>}
            </span>
            {kase && (
              <button
                type="button"
                className="button secondary small"
                disabled={action.busy || h.isAssignee === true}
                onClick={() => {
                  void hand(h);
                }}
              >
                {h.isAssignee ? "Has the case" : `Hand case to ${h.name}`}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage message={action.error} />
      {handedTo && (
        <p className="saved" role="status">
          Case #{kase?.number} is now with {handedTo}.
        </p>
      )}
    </>
  );
}

function OnDutyNow(): ReactNode {
  const list = useGet<Helper[]>("/api/on-duty");
  return (
    <section className="panel" aria-labelledby="on-duty-title">
      <h2 id="on-duty-title">On duty now</h2>
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={2} />}
      {list.data?.length === 0 && <Empty>Nobody is on duty now.</Empty>}
      {list.data && list.data.length > 0 && (
        <ul className="mini-list">
          {list.data.map((h) => (
            <li key={h.staffId}>
              <span>
                <strong>{h.name}</strong> <span className="muted">{h.title}</span>
                {h.until && <span className="muted"> · until {timeOf(h.until, DESK_ZONE)}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
