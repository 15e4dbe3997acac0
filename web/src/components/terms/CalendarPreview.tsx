import { useId, useState, type ReactNode } from "react";
import { query } from "../../api";
import { useGet } from "../../hooks";
import { fromLocalInput, zoneCity } from "../../promises/local";
import type { Agreement, AgreementPreview, Calendar, Openings, PromiseSettings } from "../../promises/types";
import { useReloadOn } from "../../promises/useReloadOn";
import { ErrorMessage, Field, Loading } from "../ui";

/**
 * What a calendar means in practice: its next openings from now (or a chosen moment), and what
 * each agreement counting in it would promise a normal request then.
 */
export function CalendarPreview({
  calendar,
  agreements,
  settings,
}: {
  calendar: Calendar;
  agreements: Agreement[];
  settings: PromiseSettings | undefined;
}): ReactNode {
  const id = useId();
  const [at, setAt] = useState("");
  const from = fromLocalInput(at);
  const openings = useGet<Openings>(`/api/calendars/${calendar.id}/openings${query({ from, count: 7 })}`);
  useReloadOn(calendar.updatedAt, openings.reload);
  const using = agreements.filter(
    (a) => a.coverage === "calendar" && (a.calendarId ?? settings?.calendarId ?? null) === calendar.id,
  );
  return (
    <section className="panel preview" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Preview</h2>
      <Field label="From" htmlFor={`${id}-at`} hint="Empty: now. Your time zone.">
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
      <ErrorMessage message={openings.error} onRetry={openings.reload} />
      {openings.loading && !openings.data && <Loading lines={3} />}
      {openings.data && (
        <>
          <p className="preview-now">
            {openings.data.isOpenAt ? "Open" : "Closed"} {from ? "then" : "now"}. Times in{" "}
            {zoneCity(openings.data.timeZone)} time.
          </p>
          <h3>Next openings</h3>
          <ol className="openings" aria-label="Next openings">
            {openings.data.openings.map((o) => (
              <li key={o.opensAt}>{o.label}</li>
            ))}
          </ol>
        </>
      )}
      {using.length > 0 && (
        <>
          <h3>A normal request {from ? "then" : "now"} would be answered</h3>
          <ul className="mini-list" aria-label="Agreements in this calendar">
            {using.map((a) => (
              <AgreementLine key={a.id} agreement={a} at={from} version={calendar.updatedAt} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function AgreementLine({
  agreement,
  at,
  version,
}: {
  agreement: Agreement;
  at: string | undefined;
  version: string;
}): ReactNode {
  const preview = useGet<AgreementPreview>(`/api/agreements/${agreement.id}/preview${query({ at })}`);
  useReloadOn(version, preview.reload);
  const normal = preview.data?.priorities.find((p) => p.priority === "normal");
  return (
    <li>
      <strong>{agreement.name}:</strong>{" "}
      {normal ? `${normal.firstReply.wording}; ${lower(normal.resolution.wording)}.` : (preview.error ?? "…")}
    </li>
  );
}

const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
