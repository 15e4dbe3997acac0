import { useId, useState, type ReactNode } from "react";
import { api } from "../api";
import type { EndOfShift, Handoff } from "../components/escalation/types";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { formatDateTime } from "../format";
import { useAction, useGet } from "../hooks";
import { useSession } from "../session";
import type { Staff } from "../types";
import "../components/escalation/escalation.css";

/**
 * Hand-overs: the ones waiting for me to acknowledge, and my end of shift — my open cases with
 * promises due before I am next in, handed over in one step (to a person, a team, or routed).
 */
/** Whether `managerId` is above `staffId` in the reports-to chain (a loop stops the walk). */
function isAbove(staff: readonly Staff[], managerId: string, staffId: string): boolean {
  const seen = new Set<string>();
  let cursor = staff.find((s) => s.id === staffId)?.reportsToId ?? null;
  while (cursor !== null && !seen.has(cursor)) {
    if (cursor === managerId) return true;
    seen.add(cursor);
    const at: string = cursor;
    cursor = staff.find((s) => s.id === at)?.reportsToId ?? null;
  }
  return false;
}

export default function HandoverPage(): ReactNode {
  const id = useId();
  const state = useSession();
  const pending = useGet<Handoff[]>("/api/handoffs/pending");
  const me = state.session.staffId;
  // Supervisors look at the end of shift of the people who report to them (admins: anyone).
  const reports = state.staff.filter(
    (s) => s.id !== me && s.isActive && (state.session.role === "admin" || isAbove(state.staff, me, s.id)),
  );
  const [whose, setWhose] = useState(me);
  const isMine = whose === me;
  const shift = useGet<EndOfShift>(isMine ? "/api/me/end-of-shift" : `/api/staff/${whose}/end-of-shift`);
  const [to, setTo] = useState("routed");
  const [note, setNote] = useState("");
  const [done, setDone] = useState<Handoff[] | undefined>(undefined);
  const handover = useAction();
  const ack = useAction();

  const send = (): void => {
    void handover.run(async () => {
      const [kind, value] = to.split(":");
      const target =
        kind === "staff" ? { toStaffId: value } : kind === "team" ? { toTeamId: value } : { routed: true };
      const res = await api.post<{ handoffs: Handoff[] }>("/api/me/end-of-shift/handover", {
        ...target,
        ...(note.trim() && { note: note.trim() }),
      });
      setDone(res.handoffs);
      shift.reload();
    });
  };

  const others = state.staff.filter((s) => s.isActive && s.id !== state.session.staffId);
  const list = shift.data;
  return (
    <section className="page handovers" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Hand-overs</h1>

      <section className="panel" aria-labelledby={`${id}-pending`}>
        <h2 id={`${id}-pending`}>Hand-overs to acknowledge</h2>
        {pending.error ? (
          <ErrorMessage message={pending.error} onRetry={pending.reload} />
        ) : !pending.data ? (
          <Loading label="Loading hand-overs…" />
        ) : pending.data.length === 0 ? (
          <Empty>Nothing is waiting for you.</Empty>
        ) : (
          <ul className="handoff-list">
            {pending.data.map((h) => (
              <li key={h.id}>
                <a href={`#/cases/${h.caseNumber}`}>
                  #{h.caseNumber} {h.caseSubject}
                </a>{" "}
                — from {h.fromName ?? "the desk"}: {h.reason}
                <p className="muted">Next step: {h.card.nextStep}</p>
                <button
                  type="button"
                  className="button secondary"
                  disabled={ack.busy}
                  aria-label={`Acknowledge case #${h.caseNumber}`}
                  onClick={() => {
                    void ack.run(async () => {
                      await api.post(`/api/handoffs/${h.id}/acknowledge`, undefined);
                      pending.reload();
                    });
                  }}
                >
                  Acknowledge
                </button>
              </li>
            ))}
          </ul>
        )}
        <ErrorMessage message={ack.error} />
      </section>

      <section className="panel" aria-labelledby={`${id}-shift`}>
        <h2 id={`${id}-shift`}>{isMine ? "My end of shift" : `End of shift: ${list?.name ?? ""}`}</h2>
        {reports.length > 0 && (
          <Field label="Whose shift" htmlFor={`${id}-whose`}>
            <select
              id={`${id}-whose`}
              value={whose}
              onChange={(e) => {
                setWhose(e.target.value);
                setDone(undefined);
              }}
            >
              <option value={me}>Mine</option>
              {reports.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        {shift.error ? (
          <ErrorMessage message={shift.error} onRetry={shift.reload} />
        ) : !list ? (
          <Loading label="Loading your cases…" />
        ) : (
          <>
            <p>
              {list.shiftEndsAt
                ? `${isMine ? "Your" : `${list.name}'s`} shift ends ${formatDateTime(list.shiftEndsAt)}`
                : "No schedule on file"}
              {list.nextInAt ? `; next in ${formatDateTime(list.nextInAt)}.` : "."}
            </p>
            {list.cases.length === 0 ? (
              <Empty>
                No open case here has a promise due before {isMine ? "you are" : `${list.name} is`} back.
              </Empty>
            ) : (
              <>
                <ul className="handoff-list" aria-label="Cases with promises due before you are next in">
                  {list.cases.map((c) => (
                    <li key={c.caseId}>
                      <a href={`#/cases/${c.number}`}>
                        #{c.number} {c.subject}
                      </a>
                      {c.inHandover && <span className="badge in-handover"> In hand-over</span>}
                      <ul>
                        {c.promisesDue.map((p) => (
                          <li key={p.id}>
                            {p.description}: {p.wording}
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
                {!isMine && (
                  <p className="muted">{list.name} hands these over from their own Hand-overs page.</p>
                )}
                {isMine && (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      send();
                    }}
                  >
                    <Field label="Hand them to" htmlFor={`${id}-to`}>
                      <select
                        id={`${id}-to`}
                        value={to}
                        onChange={(e) => {
                          setTo(e.target.value);
                        }}
                      >
                        <option value="routed">whoever is on duty (the desk chooses)</option>
                        <optgroup label="A person">
                          {others.map((s) => (
                            <option key={s.id} value={`staff:${s.id}`}>
                              {s.name}
                            </option>
                          ))}
                        </optgroup>
                        <optgroup label="A team">
                          {state.teams.map((t) => (
                            <option key={t.id} value={`team:${t.id}`}>
                              {t.name}
                            </option>
                          ))}
                        </optgroup>
                      </select>
                    </Field>
                    <Field
                      label="Next step (optional)"
                      htmlFor={`${id}-note`}
                      hint="Each case also carries its own pre-filled context card."
                    >
                      <input
                        id={`${id}-note`}
                        value={note}
                        maxLength={2000}
                        aria-describedby={`${id}-note-hint`}
                        onChange={(e) => {
                          setNote(e.target.value);
                        }}
                      />
                    </Field>
                    <button type="submit" className="button primary" disabled={handover.busy}>
                      {handover.busy ? "Handing over…" : `Hand over ${list.cases.length} case(s)`}
                    </button>
                  </form>
                )}
              </>
            )}
          </>
        )}
        <ErrorMessage message={handover.error} />
        {done && (
          <p className="ok" role="status">
            Handed over {done.length} case(s)
            {done.length > 0
              ? ` to ${[...new Set(done.map((h) => h.toName ?? h.toTeamName ?? "someone"))].join(", ")}`
              : ""}
            .
          </p>
        )}
      </section>
    </section>
  );
}
