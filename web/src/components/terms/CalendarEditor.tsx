import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { api, ApiError } from "../../api";
import { useAction } from "../../hooks";
import {
  DAY_KEYS,
  type Calendar,
  type CalendarSpec,
  type ClockInterval,
  type DayKey,
} from "../../promises/types";
import { ErrorMessage, Field } from "../ui";
import { FieldProblems } from "./FieldProblems";
import { fieldProblems, problemsByField, type ProblemsByField } from "./problems";

const DAY_NAMES: Record<DayKey, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

interface Draft {
  name: string;
  timeZone: string;
  alwaysOpen: boolean;
  weekly: Record<DayKey, ClockInterval[]>;
  holidays: string[];
  exceptions: { date: string; intervals: ClockInterval[] }[];
}

function draftOf(calendar: Calendar | null, defaultZone: string): Draft {
  const spec = calendar?.spec;
  const weekly = Object.fromEntries(DAY_KEYS.map((d) => [d, [...(spec?.weekly[d] ?? [])]])) as Record<
    DayKey,
    ClockInterval[]
  >;
  if (!calendar)
    for (const d of ["mon", "tue", "wed", "thu", "fri"] as const) weekly[d] = [["09:00", "17:00"]];
  return {
    name: calendar?.name ?? "",
    timeZone: spec?.timeZone ?? defaultZone,
    alwaysOpen: spec?.alwaysOpen === true,
    weekly,
    holidays: [...(spec?.holidays ?? [])],
    exceptions: (spec?.exceptions ?? []).map((e) => ({ date: e.date, intervals: [...e.intervals] })),
  };
}

function specOf(d: Draft): CalendarSpec {
  const weekly: CalendarSpec["weekly"] = {};
  if (!d.alwaysOpen) for (const day of DAY_KEYS) if (d.weekly[day].length > 0) weekly[day] = d.weekly[day];
  return {
    timeZone: d.timeZone.trim(),
    weekly,
    ...(d.holidays.length > 0 && { holidays: d.holidays }),
    ...(d.exceptions.length > 0 && { exceptions: d.exceptions }),
    ...(d.alwaysOpen && { alwaysOpen: true }),
  };
}

/** Every IANA zone the browser knows, for the time zone field's suggestions. */
function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

/**
 * A calendar's shape: time zone, weekly hours (an end before the start runs past midnight),
 * holidays, dated exceptions and 24/7. The API validates; each problem shows beside its field.
 */
export function CalendarEditor({
  calendar,
  defaultZone,
  readOnly,
  onSaved,
  onCancel,
}: {
  calendar: Calendar | null;
  defaultZone: string;
  readOnly: boolean;
  onSaved: (saved: Calendar) => void;
  onCancel?: () => void;
}): ReactNode {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [draft, setDraft] = useState(() => draftOf(calendar, defaultZone));
  const [problems, setProblems] = useState<ProblemsByField>(new Map());
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const zones = useMemo(knownZones, []);
  useEffect(() => {
    if (!calendar) heading.current?.focus();
  }, [calendar]);

  const update = (change: (d: Draft) => Draft): void => {
    setDraft((d) => change(d));
    setSaved(false);
  };

  const submit = async (): Promise<void> => {
    setProblems(new Map());
    let result: Calendar | undefined;
    const ok = await action.run(async () => {
      const body = { name: draft.name.trim(), spec: specOf(draft) };
      try {
        result = calendar
          ? await api.patch<Calendar>(`/api/calendars/${calendar.id}`, body)
          : await api.post<Calendar>("/api/calendars", body);
      } catch (err) {
        if (err instanceof ApiError && err.problems.length > 0) setProblems(problemsByField(err.problems));
        throw err;
      }
    });
    if (ok && result) {
      setSaved(true);
      onSaved(result);
    }
  };

  const p = (key: string) => fieldProblems(problems, key, id);
  const tz = p("timeZone");
  const weeklyAll = p("weekly");
  const holidaysAll = p("holidays");
  const exceptionsAll = p("exceptions");

  return (
    <section className="panel editor terms-editor" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {calendar ? (readOnly ? calendar.name : `Edit ${calendar.name}`) : "New calendar"}
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset disabled={readOnly || action.busy} className="plain">
          <div className="grid-form">
            <Field label="Name" htmlFor={`${id}-name`}>
              <input
                id={`${id}-name`}
                required
                maxLength={80}
                value={draft.name}
                onChange={(e) => {
                  const name = e.target.value;
                  update((d) => ({ ...d, name }));
                }}
              />
            </Field>
            <Field
              label="Time zone"
              htmlFor={`${id}-zone`}
              hint="Every time and date below is read in this zone."
            >
              <input
                id={`${id}-zone`}
                required
                maxLength={64}
                list={`${id}-zones`}
                value={draft.timeZone}
                aria-invalid={tz.id ? true : undefined}
                aria-describedby={[`${id}-zone-hint`, tz.id].filter(Boolean).join(" ")}
                onChange={(e) => {
                  const timeZone = e.target.value;
                  update((d) => ({ ...d, timeZone }));
                }}
              />
              <datalist id={`${id}-zones`}>
                {zones.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
              <FieldProblems {...tz} />
            </Field>
          </div>
          <div className="check">
            <input
              id={`${id}-always`}
              type="checkbox"
              checked={draft.alwaysOpen}
              onChange={(e) => {
                const alwaysOpen = e.target.checked;
                update((d) => ({ ...d, alwaysOpen }));
              }}
            />
            <label htmlFor={`${id}-always`}>
              Open around the clock (24/7); holidays and exceptions still apply
            </label>
          </div>

          {!draft.alwaysOpen && (
            <fieldset
              className="week"
              aria-describedby={[`${id}-week-hint`, weeklyAll.id].filter(Boolean).join(" ")}
            >
              <legend>Weekly hours</legend>
              <p id={`${id}-week-hint`} className="hint">
                HH:MM. An end before the start runs past midnight (22:00–06:00); 24:00 is midnight.
              </p>
              <FieldProblems {...weeklyAll} />
              {DAY_KEYS.map((day) => {
                const dayProblems = p(`weekly.${day}`);
                return (
                  <div key={day} className="day-row">
                    <span className="day-name" id={`${id}-${day}`}>
                      {DAY_NAMES[day]}
                    </span>
                    <IntervalsEditor
                      idBase={`${id}-${day}`}
                      dayLabel={DAY_NAMES[day]}
                      intervals={draft.weekly[day]}
                      describedBy={dayProblems.id}
                      closedWord="Closed"
                      onChange={(intervals) => {
                        update((d) => ({ ...d, weekly: { ...d.weekly, [day]: intervals } }));
                      }}
                    />
                    <FieldProblems {...dayProblems} />
                  </div>
                );
              })}
            </fieldset>
          )}

          <fieldset className="dates" aria-describedby={holidaysAll.id}>
            <legend>Holidays (closed all day)</legend>
            <FieldProblems {...holidaysAll} />
            {draft.holidays.length === 0 && <p className="muted small">None.</p>}
            <ul className="date-list">
              {draft.holidays.map((date, i) => (
                <li key={i}>
                  <label className="visually-hidden" htmlFor={`${id}-holiday-${i}`}>
                    Holiday {i + 1}
                  </label>
                  <input
                    id={`${id}-holiday-${i}`}
                    type="date"
                    required
                    value={date}
                    onChange={(e) => {
                      const value = e.target.value;
                      update((d) => ({ ...d, holidays: d.holidays.map((h, j) => (j === i ? value : h)) }));
                    }}
                  />
                  <button
                    type="button"
                    className="button secondary small"
                    aria-label={`Remove holiday ${date || i + 1}`}
                    onClick={() => {
                      update((d) => ({ ...d, holidays: d.holidays.filter((_, j) => j !== i) }));
                    }}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="button secondary small"
              onClick={() => {
                update((d) => ({ ...d, holidays: [...d.holidays, ""] }));
              }}
            >
              Add holiday
            </button>
          </fieldset>

          <fieldset className="dates" aria-describedby={exceptionsAll.id}>
            <legend>Dated exceptions (other hours that day; none: closed)</legend>
            <FieldProblems {...exceptionsAll} />
            {draft.exceptions.length === 0 && <p className="muted small">None.</p>}
            <ul className="date-list">
              {draft.exceptions.map((ex, i) => {
                const exProblems = p(`exceptions.${ex.date}`);
                return (
                  <li key={i} className="exception-row">
                    <label className="visually-hidden" htmlFor={`${id}-ex-${i}`}>
                      Exception {i + 1} date
                    </label>
                    <input
                      id={`${id}-ex-${i}`}
                      type="date"
                      required
                      value={ex.date}
                      aria-describedby={exProblems.id}
                      onChange={(e) => {
                        const date = e.target.value;
                        update((d) => ({
                          ...d,
                          exceptions: d.exceptions.map((x, j) => (j === i ? { ...x, date } : x)),
                        }));
                      }}
                    />
                    <IntervalsEditor
                      idBase={`${id}-ex-${i}`}
                      dayLabel={ex.date || `exception ${i + 1}`}
                      intervals={ex.intervals}
                      describedBy={exProblems.id}
                      closedWord="Closed that day"
                      onChange={(intervals) => {
                        update((d) => ({
                          ...d,
                          exceptions: d.exceptions.map((x, j) => (j === i ? { ...x, intervals } : x)),
                        }));
                      }}
                    />
                    <button
                      type="button"
                      className="button secondary small"
                      aria-label={`Remove exception ${ex.date || i + 1}`}
                      onClick={() => {
                        update((d) => ({ ...d, exceptions: d.exceptions.filter((_, j) => j !== i) }));
                      }}
                    >
                      Remove
                    </button>
                    <FieldProblems {...exProblems} />
                  </li>
                );
              })}
            </ul>
            <button
              type="button"
              className="button secondary small"
              onClick={() => {
                update((d) => ({ ...d, exceptions: [...d.exceptions, { date: "", intervals: [] }] }));
              }}
            >
              Add exception
            </button>
          </fieldset>
        </fieldset>
        <ErrorMessage message={action.error} />
        {!readOnly && (
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={action.busy}>
              {calendar ? "Save calendar" : "Create calendar"}
            </button>
            {onCancel && (
              <button type="button" className="button secondary" onClick={onCancel}>
                Cancel
              </button>
            )}
            <span className="saved" role="status">
              {saved ? "Saved. Open promises in this calendar were recomputed." : ""}
            </span>
          </div>
        )}
      </form>
    </section>
  );
}

/** One day's opening intervals: from–to pairs, added and removed. */
function IntervalsEditor({
  idBase,
  dayLabel,
  intervals,
  describedBy,
  closedWord,
  onChange,
}: {
  idBase: string;
  dayLabel: string;
  intervals: ClockInterval[];
  describedBy: string | undefined;
  closedWord: string;
  onChange: (next: ClockInterval[]) => void;
}): ReactNode {
  const set = (i: number, end: 0 | 1, value: string): void => {
    onChange(intervals.map((iv, j) => (j === i ? (end === 0 ? [value, iv[1]] : [iv[0], value]) : iv)));
  };
  return (
    <div className="intervals">
      {intervals.length === 0 && <span className="muted small">{closedWord}</span>}
      {intervals.map(([from, to], i) => (
        <span key={i} className="interval">
          <label className="visually-hidden" htmlFor={`${idBase}-${i}-from`}>
            {dayLabel} opens
          </label>
          <input
            id={`${idBase}-${i}-from`}
            className="clock"
            inputMode="numeric"
            pattern="[0-2][0-9]:[0-5][0-9]"
            maxLength={5}
            required
            value={from}
            aria-describedby={describedBy}
            onChange={(e) => {
              set(i, 0, e.target.value);
            }}
          />
          <span aria-hidden="true">–</span>
          <label className="visually-hidden" htmlFor={`${idBase}-${i}-to`}>
            {dayLabel} closes
          </label>
          <input
            id={`${idBase}-${i}-to`}
            className="clock"
            inputMode="numeric"
            pattern="[0-2][0-9]:[0-5][0-9]"
            maxLength={5}
            required
            value={to}
            aria-describedby={describedBy}
            onChange={(e) => {
              set(i, 1, e.target.value);
            }}
          />
          <button
            type="button"
            className="button secondary small"
            aria-label={`Remove ${dayLabel} ${from}–${to}`}
            onClick={() => {
              onChange(intervals.filter((_, j) => j !== i));
            }}
          >
            ×
          </button>
        </span>
      ))}
      <button
        type="button"
        className="button secondary small"
        aria-label={`Add hours on ${dayLabel}`}
        onClick={() => {
          onChange([...intervals, intervals.length === 0 ? ["09:00", "17:00"] : ["18:00", "20:00"]]);
        }}
      >
        Add hours
      </button>
    </div>
  );
}
