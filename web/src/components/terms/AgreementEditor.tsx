import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api } from "../../api";
import { humanize } from "../../format";
import { useAction } from "../../hooks";
import type { Agreement, Calendar, Targets } from "../../promises/types";
import { CHANNELS, PRIORITIES } from "../../types";
import { ErrorMessage, Field } from "../ui";

const TARGET_COLUMNS = [
  { key: "firstReplyMinutes", label: "First reply" },
  { key: "nextReplyMinutes", label: "Next reply" },
  { key: "resolutionMinutes", label: "Resolution" },
] as const;

const EMPTY_TARGETS: Targets = {
  low: { firstReplyMinutes: 960, nextReplyMinutes: 960, resolutionMinutes: 2400 },
  normal: { firstReplyMinutes: 240, nextReplyMinutes: 240, resolutionMinutes: 1440 },
  high: { firstReplyMinutes: 120, nextReplyMinutes: 120, resolutionMinutes: 960 },
  urgent: { firstReplyMinutes: 60, nextReplyMinutes: 60, resolutionMinutes: 480 },
};

/** Minutes in the unit a person thinks in: "4 h", "3 d" (8-hour business days in a calendar), "90 min". */
export function minutesWords(minutes: number, coverage: Agreement["coverage"]): string {
  const day = coverage === "calendar" ? 480 : 1440;
  if (minutes >= day && minutes % day === 0) {
    const d = minutes / day;
    return coverage === "calendar" ? `${d} business day${d === 1 ? "" : "s"}` : `${d} d`;
  }
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/**
 * An agreement's terms: coverage and its calendar, working-minute targets per priority, the
 * callback target, after-hours paging and rota, included channels, and whether it is the default.
 */
export function AgreementEditor({
  agreement,
  calendars,
  readOnly,
  onSaved,
  onCancel,
}: {
  agreement: Agreement | null;
  calendars: Calendar[];
  readOnly: boolean;
  onSaved: (saved: Agreement) => void;
  onCancel?: () => void;
}): ReactNode {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [name, setName] = useState(agreement?.name ?? "");
  const [coverage, setCoverage] = useState<Agreement["coverage"]>(agreement?.coverage ?? "calendar");
  const [calendarId, setCalendarId] = useState(agreement?.calendarId ?? "");
  const [targets, setTargets] = useState<Targets>(agreement?.targets ?? EMPTY_TARGETS);
  const [callback, setCallback] = useState(String(agreement?.callbackMinutes ?? 60));
  const [paging, setPaging] = useState(agreement?.afterHoursPaging ?? false);
  const [rota, setRota] = useState(agreement?.onCallRota ?? "");
  const [channels, setChannels] = useState<string[]>(agreement?.includedChannels ?? [...CHANNELS]);
  const [isDefault, setIsDefault] = useState(agreement?.isDefault ?? false);
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    if (!agreement) heading.current?.focus();
  }, [agreement]);

  const submit = async (): Promise<void> => {
    const body = {
      name: name.trim(),
      coverage,
      calendarId: coverage === "always" || calendarId === "" ? null : calendarId,
      targets,
      callbackMinutes: Number(callback),
      afterHoursPaging: paging,
      onCallRota: rota.trim() === "" ? null : rota.trim(),
      includedChannels: CHANNELS.filter((c) => channels.includes(c)),
      isDefault,
    };
    let result: Agreement | undefined;
    const ok = await action.run(async () => {
      result = agreement
        ? await api.patch<Agreement>(`/api/agreements/${agreement.id}`, body)
        : await api.post<Agreement>("/api/agreements", body);
    });
    if (ok && result) {
      setSaved(true);
      onSaved(result);
    }
  };

  const touched = (): void => {
    setSaved(false);
  };

  return (
    <section className="panel editor terms-editor" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {agreement ? (readOnly ? agreement.name : `Edit ${agreement.name}`) : "New agreement"}
      </h2>
      <form
        onChange={touched}
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
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                }}
              />
            </Field>
            <fieldset className="segmented">
              <legend>Coverage</legend>
              {(["calendar", "always"] as const).map((c) => (
                <label key={c} className={coverage === c ? "checked" : undefined}>
                  <input
                    type="radio"
                    name={`${id}-coverage`}
                    value={c}
                    checked={coverage === c}
                    onChange={() => {
                      setCoverage(c);
                    }}
                  />
                  {c === "calendar" ? "Business hours" : "Around the clock (24/7)"}
                </label>
              ))}
            </fieldset>
            {coverage === "calendar" && (
              <Field
                label="Calendar"
                htmlFor={`${id}-calendar`}
                hint="Targets count this calendar's open time."
              >
                <select
                  id={`${id}-calendar`}
                  value={calendarId}
                  aria-describedby={`${id}-calendar-hint`}
                  onChange={(e) => {
                    setCalendarId(e.target.value);
                  }}
                >
                  <option value="">The workspace's calendar</option>
                  {calendars.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
            )}
          </div>

          <div
            className="table-wrap targets-wrap"
            role="region"
            aria-label="Targets per priority"
            tabIndex={0}
          >
            <table className="targets">
              <caption>
                Targets in {coverage === "calendar" ? "working" : "real"} minutes, per priority
              </caption>
              <thead>
                <tr>
                  <th scope="col">Priority</th>
                  {TARGET_COLUMNS.map((c) => (
                    <th key={c.key} scope="col">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {PRIORITIES.map((priority) => (
                  <tr key={priority}>
                    <th scope="row">{humanize(priority)}</th>
                    {TARGET_COLUMNS.map((c) => {
                      const value = targets[priority][c.key];
                      const inputId = `${id}-${priority}-${c.key}`;
                      return (
                        <td key={c.key}>
                          <label className="visually-hidden" htmlFor={inputId}>
                            {humanize(priority)} {c.label} (minutes)
                          </label>
                          <input
                            id={inputId}
                            type="number"
                            min={0}
                            max={5_256_000}
                            required
                            value={value}
                            aria-describedby={`${inputId}-words`}
                            onChange={(e) => {
                              const n = Number(e.target.value);
                              setTargets((t) => ({ ...t, [priority]: { ...t[priority], [c.key]: n } }));
                            }}
                          />
                          <small id={`${inputId}-words`} className="hint">
                            {minutesWords(value, coverage)}
                          </small>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <div className="grid-form">
            <Field
              label="Callback target (minutes)"
              htmlFor={`${id}-callback`}
              hint={`A callback asked for is due within ${minutesWords(Number(callback) || 0, coverage)}.`}
            >
              <input
                id={`${id}-callback`}
                type="number"
                min={0}
                required
                value={callback}
                aria-describedby={`${id}-callback-hint`}
                onChange={(e) => {
                  setCallback(e.target.value);
                }}
              />
            </Field>
            <Field
              label="On-call rota"
              htmlFor={`${id}-rota`}
              hint="Who is paged after hours, e.g. “Sam and Maya alternate weeks”."
            >
              <input
                id={`${id}-rota`}
                maxLength={200}
                value={rota}
                aria-describedby={`${id}-rota-hint`}
                onChange={(e) => {
                  setRota(e.target.value);
                }}
              />
            </Field>
          </div>
          <div className="check">
            <input
              id={`${id}-paging`}
              type="checkbox"
              checked={paging}
              onChange={(e) => {
                setPaging(e.target.checked);
              }}
            />
            <label htmlFor={`${id}-paging`}>Urgent requests page the on-call person at any hour</label>
          </div>
          <fieldset className="checks">
            <legend>Included channels</legend>
            {CHANNELS.map((c) => (
              <div key={c} className="check">
                <input
                  id={`${id}-ch-${c}`}
                  type="checkbox"
                  checked={channels.includes(c)}
                  onChange={(e) => {
                    const on = e.target.checked;
                    setChannels((list) => (on ? [...list, c] : list.filter((x) => x !== c)));
                  }}
                />
                <label htmlFor={`${id}-ch-${c}`}>{humanize(c)}</label>
              </div>
            ))}
          </fieldset>
          <div className="check">
            <input
              id={`${id}-default`}
              type="checkbox"
              checked={isDefault}
              onChange={(e) => {
                setIsDefault(e.target.checked);
              }}
            />
            <label htmlFor={`${id}-default`}>The workspace default (for clients without their own)</label>
          </div>
        </fieldset>
        <ErrorMessage message={action.error} />
        {!readOnly && (
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={action.busy}>
              {agreement ? "Save agreement" : "Create agreement"}
            </button>
            {onCancel && (
              <button type="button" className="button secondary" onClick={onCancel}>
                Cancel
              </button>
            )}
            <span className="saved" role="status">
              {saved ? "Saved. Open promises under this agreement were recomputed." : ""}
            </span>
          </div>
        )}
      </form>
    </section>
  );
}
