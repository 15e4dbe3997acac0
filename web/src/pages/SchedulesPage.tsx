import { useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { api, query, request } from "../api";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { useAction, useGet } from "../hooks";
import { useSession } from "../session";
import {
  DESK_ZONE,
  WEEKDAYS,
  WEEKDAY_NAMES,
  dayOf,
  localDate,
  timeOf,
  type Interval,
  type ScheduleView,
} from "../whoisin";

/**
 * Schedules: a colleague's week (their shifts with time off taken out), and — for the person,
 * their managers and admins — the editor for weekly hours and time off. A protected colleague's
 * schedule shows only the words the desk may say.
 */

function mondayOf(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export default function SchedulesPage(): ReactNode {
  const id = useId();
  const state = useSession();
  const [staffId, setStaffId] = useState(state.session.staffId);
  const [weekOf, setWeekOf] = useState<string | null>(null);
  const path = `/api/staff/${staffId}/schedule${query({ weekOf: weekOf ?? undefined })}`;
  const schedule = useGet<ScheduleView>(path);
  const zone = schedule.data?.hours?.timeZone ?? DESK_ZONE;
  const firstDay =
    weekOf ?? (schedule.data?.shifts[0] ? localDate(schedule.data.shifts[0].start, zone) : null);
  const monday = mondayOf(firstDay ?? localDate(new Date().toISOString(), zone));

  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h1 id={`${id}-title`}>Schedules</h1>
      </div>
      <div className="panel inline-field">
        <label htmlFor={`${id}-who`}>Colleague</label>
        <select
          id={`${id}-who`}
          value={staffId}
          onChange={(e) => {
            setStaffId(e.target.value);
          }}
        >
          {state.staff
            .filter((s) => s.isActive)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.id === state.session.staffId ? " (you)" : ""}
              </option>
            ))}
        </select>
      </div>
      <ErrorMessage message={schedule.error} onRetry={schedule.reload} />
      {schedule.loading && !schedule.data && <Loading lines={5} />}
      {schedule.data && schedule.data.access === "protected" && (
        <div className="panel">
          <h2>{schedule.data.name}</h2>
          <p>{schedule.data.name}’s schedule is private.</p>
          <figure className="say">
            <figcaption>Say to the customer</figcaption>
            <blockquote>{schedule.data.wording}</blockquote>
          </figure>
        </div>
      )}
      {schedule.data && schedule.data.access !== "protected" && (
        <>
          <WeekView
            view={schedule.data}
            monday={monday}
            zone={zone}
            onWeek={(date) => {
              setWeekOf(date);
            }}
          />
          {schedule.data.access === "full" && (
            <>
              <HoursEditor key={`${staffId}-hours`} view={schedule.data} onSaved={schedule.reload} />
              <TimeOffEditor key={`${staffId}-off`} view={schedule.data} onChanged={schedule.reload} />
            </>
          )}
          {schedule.data.access === "disclosed" && schedule.data.timeOff.length > 0 && (
            <section className="panel">
              <h2>Time off</h2>
              <TimeOffList view={schedule.data} onRemove={null} />
            </section>
          )}
        </>
      )}
    </section>
  );
}

function WeekView({
  view,
  monday,
  zone,
  onWeek,
}: {
  view: ScheduleView;
  monday: string;
  zone: string;
  onWeek: (date: string) => void;
}): ReactNode {
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => addDays(monday, i)), [monday]);
  const byDay = new Map<string, { start: string; end: string }[]>();
  for (const s of view.shifts) {
    const d = localDate(s.start, zone);
    byDay.set(d, [...(byDay.get(d) ?? []), s]);
  }
  return (
    <section className="panel" aria-label={`${view.name}’s week`}>
      <div className="card-head">
        <h2>
          {view.name}’s week{view.hours ? <span className="muted"> · {view.hours.timeZone}</span> : null}
        </h2>
        <div className="button-row">
          <button
            type="button"
            className="button secondary small"
            onClick={() => {
              onWeek(addDays(monday, -7));
            }}
          >
            Previous week
          </button>
          <button
            type="button"
            className="button secondary small"
            onClick={() => {
              onWeek(addDays(monday, 7));
            }}
          >
            Next week
          </button>
        </div>
      </div>
      {!view.hours && <Empty>No hours on file.</Empty>}
      <ol className="week">
        {days.map((d) => {
          const shifts = byDay.get(d) ?? [];
          return (
            <li key={d} className="week-day">
              <h3>{dayOf(`${d}T12:00:00Z`, "UTC")}</h3>
              {shifts.length === 0 ? (
                <p className="muted">Off</p>
              ) : (
                <ul>
                  {shifts.map((s) => (
                    <li key={s.start} className="shift">
                      {timeOf(s.start, zone)}–{timeOf(s.end, zone)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

type DayRow = { from: string; to: string };

function HoursEditor({ view, onSaved }: { view: ScheduleView; onSaved: () => void }): ReactNode {
  const id = useId();
  const [zone, setZone] = useState(view.hours?.timeZone ?? DESK_ZONE);
  const [rows, setRows] = useState<Record<string, DayRow>>(() =>
    Object.fromEntries(
      WEEKDAYS.map((d) => {
        const first: Interval | undefined = view.hours?.weekly[d]?.[0];
        return [d, { from: first?.[0] ?? "", to: first?.[1] ?? "" }];
      }),
    ),
  );
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    setSaved(false);
  }, [rows, zone]);
  const save = async (): Promise<void> => {
    const weekly = Object.fromEntries(
      WEEKDAYS.flatMap((d) => {
        const row = rows[d];
        return row?.from && row.to ? [[d, [[row.from, row.to]]]] : [];
      }),
    );
    const ok = await action.run(async () => {
      await request("PUT", `/api/staff/${view.staffId}/schedule`, {
        timeZone: zone,
        weekly,
        ...(view.hours?.holidays.length ? { holidays: view.hours.holidays } : {}),
      });
    });
    if (ok) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <form
      className="panel grid-form whoisin-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id={`${id}-title`}>Weekly hours</h2>
      <p className="hint">
        One shift a day. A shift that ends before it starts runs past midnight (22:00–06:00).
      </p>
      <Field label="Time zone" htmlFor={`${id}-zone`}>
        <input
          id={`${id}-zone`}
          value={zone}
          maxLength={64}
          onChange={(e) => {
            setZone(e.target.value);
          }}
        />
      </Field>
      <table className="hours-table">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((d) => (
            <tr key={d}>
              <th scope="row">{WEEKDAY_NAMES[d]}</th>
              {(["from", "to"] as const).map((k) => (
                <td key={k}>
                  <input
                    type="time"
                    aria-label={`${WEEKDAY_NAMES[d]} ${k}`}
                    value={rows[d]?.[k] ?? ""}
                    onChange={(e) => {
                      const value = e.target.value;
                      setRows((r) => ({ ...r, [d]: { ...(r[d] ?? { from: "", to: "" }), [k]: value } }));
                    }}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage message={action.error} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={action.busy}>
          Save hours
        </button>
        {saved && (
          <span className="saved" role="status">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}

function TimeOffList({
  view,
  onRemove,
}: {
  view: ScheduleView;
  onRemove: ((id: string) => void) | null;
}): ReactNode {
  if (view.timeOff.length === 0) return <Empty>No time off coming up.</Empty>;
  return (
    <ul className="mini-list">
      {view.timeOff.map((t) => (
        <li key={t.id}>
          <span>
            {t.startsOn === t.endsOn ? t.startsOn : `${t.startsOn} to ${t.endsOn}`}
            {t.fromTime && ` from ${t.fromTime}`}
            {t.untilTime && ` until ${t.untilTime}`}
            {t.note && <span className="muted"> · {t.note}</span>}
          </span>
          {onRemove && (
            <button
              type="button"
              className="button secondary small"
              onClick={() => {
                onRemove(t.id);
              }}
            >
              Remove
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function TimeOffEditor({ view, onChanged }: { view: ScheduleView; onChanged: () => void }): ReactNode {
  const id = useId();
  const [startsOn, setStartsOn] = useState("");
  const [endsOn, setEndsOn] = useState("");
  const [fromTime, setFromTime] = useState("");
  const [untilTime, setUntilTime] = useState("");
  const [note, setNote] = useState("");
  const action = useAction();
  const add = async (): Promise<void> => {
    const ok = await action.run(async () => {
      await api.post(`/api/staff/${view.staffId}/time-off`, {
        startsOn,
        endsOn: endsOn || startsOn,
        ...(fromTime && { fromTime }),
        ...(untilTime && { untilTime }),
        ...(note && { note }),
      });
    });
    if (ok) {
      setStartsOn("");
      setEndsOn("");
      setFromTime("");
      setUntilTime("");
      setNote("");
      onChanged();
    }
  };
  const remove = (offId: string): void => {
    void action
      .run(async () => {
        await request("DELETE", `/api/time-off/${offId}`);
      })
      .then((ok) => {
        if (ok) onChanged();
      });
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Time off</h2>
      <TimeOffList view={view} onRemove={remove} />
      <form
        className="grid-form whoisin-form time-off-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <Field label="First day" htmlFor={`${id}-start`}>
          <input
            id={`${id}-start`}
            type="date"
            required
            value={startsOn}
            onChange={(e) => {
              setStartsOn(e.target.value);
            }}
          />
        </Field>
        <Field label="Last day (optional)" htmlFor={`${id}-end`}>
          <input
            id={`${id}-end`}
            type="date"
            value={endsOn}
            onChange={(e) => {
              setEndsOn(e.target.value);
            }}
          />
        </Field>
        <Field label="Leaving at (optional)" htmlFor={`${id}-from`} hint="e.g. 15:15 on the first day">
          <input
            id={`${id}-from`}
            type="time"
            value={fromTime}
            onChange={(e) => {
              setFromTime(e.target.value);
            }}
          />
        </Field>
        <Field label="Back at (optional)" htmlFor={`${id}-until`} hint="on the last day">
          <input
            id={`${id}-until`}
            type="time"
            value={untilTime}
            onChange={(e) => {
              setUntilTime(e.target.value);
            }}
          />
        </Field>
        <Field label="Note (private)" htmlFor={`${id}-note`}>
          <input
            id={`${id}-note`}
            maxLength={500}
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
            }}
          />
        </Field>
        <ErrorMessage message={action.error} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={action.busy}>
            Add time off
          </button>
        </div>
      </form>
    </section>
  );
}
