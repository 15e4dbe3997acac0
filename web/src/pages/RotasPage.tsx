import { useId, useState, type ReactNode } from "react";
import { api } from "../api";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { useAction, useGet } from "../hooks";
import { can, useSession } from "../session";
import { WEEKDAY_NAMES, when, type Rota } from "../whoisin";

/**
 * On-call rotas: who is on call now and the next two weeks. A protected colleague's turns show as
 * "not shared" unless you may see their schedule. Those who edit rotas add hand-overs here.
 */
export default function RotasPage(): ReactNode {
  const id = useId();
  const list = useGet<Rota[]>("/api/rotas");
  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h1 id={`${id}-title`}>On-call rotas</h1>
      </div>
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={4} />}
      {list.data?.length === 0 && <Empty>No on-call rotas yet.</Empty>}
      {list.data?.map((r) => (
        <RotaPanel key={r.id} rota={r} onChanged={list.reload} />
      ))}
    </section>
  );
}

function RotaPanel({ rota, onChanged }: { rota: Rota; onChanged: () => void }): ReactNode {
  const id = useId();
  const state = useSession();
  const zone = rota.hours.timeZone;
  const now = rota.onCallNow;
  return (
    <section className="panel rota" aria-labelledby={`${id}-name`}>
      <div className="card-head">
        <h2 id={`${id}-name`}>{rota.name}</h2>
        <span className="muted">
          Hands over {WEEKDAY_NAMES[rota.handoverDay as keyof typeof WEEKDAY_NAMES]} {rota.handoverTime} · a
          page moves on after {rota.ackMinutes} min
        </span>
      </div>
      <p className="on-call-now">
        <strong>On call now: </strong>
        {now === null
          ? "nobody — these are the desk’s own hours"
          : now.name
            ? `${now.name}${now.until ? ` until ${when(now.until, zone)}` : ""}`
            : "a colleague (not shared)"}
      </p>
      <p className="muted">Members in order: {rota.members.map((m) => m.name ?? "—").join(", ")}</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Who is on call, the next two weeks</caption>
          <thead>
            <tr>
              <th scope="col">On call</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
            </tr>
          </thead>
          <tbody>
            {rota.plan.map((s) => (
              <tr key={s.start}>
                <th scope="row">
                  {s.name ?? "Not shared"}
                  {s.byOverride && <span className="muted"> (hand-over)</span>}
                </th>
                <td>{when(s.start, zone)}</td>
                <td>{when(s.end, zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {can(state, "rotas:write") && <OverrideForm rota={rota} onChanged={onChanged} />}
    </section>
  );
}

function OverrideForm({ rota, onChanged }: { rota: Rota; onChanged: () => void }): ReactNode {
  const id = useId();
  const state = useSession();
  const [staffId, setStaffId] = useState("");
  const [from, setFrom] = useState("");
  const [until, setUntil] = useState("");
  const action = useAction();
  const submit = async (): Promise<void> => {
    const ok = await action.run(async () => {
      await api.post(`/api/rotas/${rota.id}/overrides`, {
        staffId,
        startsAt: new Date(from).toISOString(),
        endsAt: new Date(until).toISOString(),
      });
    });
    if (ok) onChanged();
  };
  return (
    <form
      className="grid-form whoisin-form override-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${id}-title`}>Hand over a span</h3>
      <Field label="Who covers" htmlFor={`${id}-who`}>
        <select
          id={`${id}-who`}
          required
          value={staffId}
          onChange={(e) => {
            setStaffId(e.target.value);
          }}
        >
          <option value="">Choose a colleague</option>
          {state.staff
            .filter((s) => s.isActive)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
      </Field>
      <Field label="From (your local time)" htmlFor={`${id}-from`}>
        <input
          id={`${id}-from`}
          type="datetime-local"
          required
          value={from}
          onChange={(e) => {
            setFrom(e.target.value);
          }}
        />
      </Field>
      <Field label="Until" htmlFor={`${id}-until`}>
        <input
          id={`${id}-until`}
          type="datetime-local"
          required
          value={until}
          onChange={(e) => {
            setUntil(e.target.value);
          }}
        />
      </Field>
      <ErrorMessage message={action.error} />
      <div className="form-actions">
        <button type="submit" className="button secondary" disabled={action.busy}>
          Add hand-over
        </button>
      </div>
    </form>
  );
}
