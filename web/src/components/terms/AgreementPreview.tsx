import { useId, useState, type ReactNode } from "react";
import { query } from "../../api";
import { humanize } from "../../format";
import { useGet } from "../../hooks";
import { fromLocalInput, inZone, zoneCity, zoneParts } from "../../promises/local";
import type { Agreement, AgreementPreview as Preview, AgreementClient } from "../../promises/types";
import { useReloadOn } from "../../promises/useReloadOn";
import { Empty, ErrorMessage, Field, Loading } from "../ui";

/** "A request now would be answered by …", per priority, and the same for a chosen moment. */
export function AgreementPreview({ agreement }: { agreement: Agreement }): ReactNode {
  const id = useId();
  const [at, setAt] = useState("");
  const when = fromLocalInput(at);
  const preview = useGet<Preview>(`/api/agreements/${agreement.id}/preview${query({ at: when })}`);
  useReloadOn(agreement.updatedAt, preview.reload);
  const p = preview.data;
  return (
    <section className="panel preview" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Preview</h2>
      <Field label="A request at" htmlFor={`${id}-at`} hint="Empty: now. Your time zone.">
        <input
          id={`${id}-at`}
          type="datetime-local"
          value={at}
          aria-describedby={`${id}-at-hint`}
          onChange={(e) => {
            setAt(e.target.value);
          }}
        />
      </Field>
      <ErrorMessage message={preview.error} onRetry={preview.reload} />
      {preview.loading && !p && <Loading lines={4} />}
      {p && (
        <>
          <p className="preview-now">
            A request {when ? `at ${inZone(p.at, p.timeZone)}` : "now"} would be answered by:
          </p>
          {!p.isOpenAt && (
            <p className="small">
              The desk is closed {when ? "then" : "now"}; the clock starts {inZone(p.startsAt, p.timeZone)}.
            </p>
          )}
          <div className="table-wrap" role="region" aria-label="Preview per priority" tabIndex={0}>
            <table className="preview-table">
              <thead>
                <tr>
                  <th scope="col">
                    Priority <span className="visually-hidden">(times in {zoneCity(p.timeZone)} time)</span>
                  </th>
                  <th scope="col">First reply</th>
                  <th scope="col">Next reply</th>
                  <th scope="col">Resolution</th>
                </tr>
              </thead>
              <tbody>
                {p.priorities.map((x) => (
                  <tr key={x.priority}>
                    <th scope="row">{humanize(x.priority)}</th>
                    <td>
                      <DueTime iso={x.firstReply.dueAt} timeZone={p.timeZone} />
                    </td>
                    <td>
                      <DueTime iso={x.nextReply.dueAt} timeZone={p.timeZone} />
                    </td>
                    <td>
                      <DueTime iso={x.resolution.dueAt} timeZone={p.timeZone} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small">
            Callback: {p.callback.wording}. Times are in {zoneCity(p.timeZone)} time, as customers are told.
          </p>
        </>
      )}
    </section>
  );
}

/** A due time in a table cell: the day over the time, in the workspace's zone. */
function DueTime({ iso, timeZone }: { iso: string; timeZone: string }): ReactNode {
  const { day, time } = zoneParts(iso, timeZone);
  return (
    <time dateTime={iso} className="due-time">
      <span>{day}</span> <span>{time}</span>
    </time>
  );
}

/** The clients the agreement applies to. */
export function AgreementClients({ agreement }: { agreement: Agreement }): ReactNode {
  const id = useId();
  const clients = useGet<AgreementClient[]>(`/api/agreements/${agreement.id}/clients`);
  useReloadOn(agreement.updatedAt, clients.reload);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Clients on {agreement.name}</h2>
      <ErrorMessage message={clients.error} onRetry={clients.reload} />
      {clients.data?.length === 0 && <Empty>No client uses it.</Empty>}
      {clients.data && clients.data.length > 0 && (
        <ul className="mini-list">
          {clients.data.map((c) => (
            <li key={c.id}>
              {c.name}
              {c.viaDefault && <span className="muted small"> (by default: no agreement of its own)</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
