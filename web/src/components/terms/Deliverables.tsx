import { useId, useState, type ReactNode } from "react";
import { api, ApiError } from "../../api";
import { useAction, useGet } from "../../hooks";
import type { Agreement, Deliverable } from "../../promises/types";
import type { Client, Page } from "../../types";
import { Empty, ErrorMessage, Field, Loading } from "../ui";
import { FieldProblems } from "./FieldProblems";

/** DTSTART;TZID=zone:YYYYMMDDTHHMM00 and the rule line, as the API reads a schedule. */
export function recurrenceText(rule: string, startDate: string, dueTime: string, zone: string): string {
  const date = startDate.replace(/-/g, "");
  const time = dueTime.replace(":", "");
  const line = rule.trim().replace(/^RRULE:/i, "");
  return `DTSTART;TZID=${zone}:${date}T${time}00\nRRULE:${line}`;
}

/** Scheduled deliverables: name, who gets it, the rule (RRULE) and the due time, with the next one. */
export function Deliverables({
  agreement,
  timeZone,
  readOnly,
}: {
  agreement: Agreement;
  /** The zone the due time is read in (the agreement's calendar's, else the workspace's). */
  timeZone: string;
  readOnly: boolean;
}): ReactNode {
  const id = useId();
  const list = useGet<Deliverable[]>(`/api/agreements/${agreement.id}/deliverables`);
  const clients = useGet<Page<Client>>("/api/clients?limit=200");
  const [name, setName] = useState("");
  const [clientId, setClientId] = useState("");
  const [rule, setRule] = useState("FREQ=WEEKLY;BYDAY=FR");
  const [dueTime, setDueTime] = useState("12:00");
  const [startDate, setStartDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [problems, setProblems] = useState<string[]>([]);
  const action = useAction();
  const clientName = (cid: string | null): string =>
    cid ? (clients.data?.items.find((c) => c.id === cid)?.name ?? "A client") : "Every client on it";

  const submit = async (): Promise<void> => {
    setProblems([]);
    const ok = await action.run(async () => {
      try {
        await api.post(`/api/agreements/${agreement.id}/deliverables`, {
          name: name.trim(),
          rrule: recurrenceText(rule, startDate, dueTime, timeZone),
          ...(clientId && { clientId }),
        });
      } catch (err) {
        if (err instanceof ApiError) setProblems(err.problems.map((p) => p.replace(/^rrule:\s*/, "")));
        throw err;
      }
    });
    if (ok) {
      setName("");
      list.reload();
    }
  };

  const ruleProblems = problems.length > 0 ? `${id}-rule-problems` : undefined;
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Scheduled deliverables</h2>
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={2} />}
      {list.data?.length === 0 && <Empty>None scheduled.</Empty>}
      {list.data && list.data.length > 0 && (
        <ul className="mini-list deliverables">
          {list.data.map((d) => (
            <li key={d.id}>
              <strong>{d.name}</strong> · {clientName(d.clientId)}
              <div className="small">{d.wording ?? "The schedule has ended."}</div>
              <code className="small rrule">{d.rrule}</code>
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <form
          className="grid-form deliverable-form"
          aria-label="Add a deliverable"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Field label="Name" htmlFor={`${id}-name`}>
            <input
              id={`${id}-name`}
              required
              maxLength={120}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
              }}
            />
          </Field>
          <Field label="For" htmlFor={`${id}-client`}>
            <select
              id={`${id}-client`}
              value={clientId}
              onChange={(e) => {
                setClientId(e.target.value);
              }}
            >
              <option value="">Every client on it</option>
              {(clients.data?.items ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Repeats (RRULE)"
            htmlFor={`${id}-rule`}
            hint="e.g. FREQ=WEEKLY;BYDAY=FR or FREQ=MONTHLY;BYMONTHDAY=1"
          >
            <input
              id={`${id}-rule`}
              required
              maxLength={300}
              value={rule}
              aria-invalid={ruleProblems ? true : undefined}
              aria-describedby={[`${id}-rule-hint`, ruleProblems].filter(Boolean).join(" ")}
              onChange={(e) => {
                setRule(e.target.value);
              }}
            />
            <FieldProblems id={ruleProblems} messages={problems} />
          </Field>
          <Field label={`Due time (${timeZone})`} htmlFor={`${id}-time`}>
            <input
              id={`${id}-time`}
              type="time"
              required
              value={dueTime}
              onChange={(e) => {
                setDueTime(e.target.value);
              }}
            />
          </Field>
          <Field label="Starting" htmlFor={`${id}-start`}>
            <input
              id={`${id}-start`}
              type="date"
              required
              value={startDate}
              onChange={(e) => {
                setStartDate(e.target.value);
              }}
            />
          </Field>
          <ErrorMessage message={action.error} />
          <div className="form-actions">
            <button type="submit" className="button secondary" disabled={action.busy}>
              Add deliverable
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
