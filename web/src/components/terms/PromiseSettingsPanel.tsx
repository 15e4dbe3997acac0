import { useEffect, useId, useState, type ReactNode } from "react";
import { api } from "../../api";
import { useAction } from "../../hooks";
import type { Calendar, PromiseSettings } from "../../promises/types";
import { ErrorMessage, Field } from "../ui";

/** The workspace's promise settings: its business calendar and the callback target (real minutes). */
export function PromiseSettingsPanel({
  settings,
  calendars,
  readOnly,
  onSaved,
}: {
  settings: PromiseSettings;
  calendars: Calendar[];
  readOnly: boolean;
  onSaved: (next: PromiseSettings) => void;
}): ReactNode {
  const id = useId();
  const [calendarId, setCalendarId] = useState(settings.calendarId ?? "");
  const [callback, setCallback] = useState(
    settings.callbackMinutes === null ? "" : String(settings.callbackMinutes),
  );
  const [saved, setSaved] = useState(false);
  const action = useAction();
  useEffect(() => {
    setCalendarId(settings.calendarId ?? "");
    setCallback(settings.callbackMinutes === null ? "" : String(settings.callbackMinutes));
  }, [settings]);

  const submit = async (): Promise<void> => {
    let next: PromiseSettings | undefined;
    const ok = await action.run(async () => {
      next = await api.put<PromiseSettings>("/api/workspace/promise-settings", {
        calendarId: calendarId || null,
        callbackMinutes: callback.trim() === "" ? null : Number(callback),
      });
    });
    if (ok && next) {
      setSaved(true);
      onSaved(next);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Workspace promise settings</h2>
      <form
        className="grid-form"
        onChange={() => {
          setSaved(false);
        }}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label="Time zone" htmlFor={`${id}-zone`} hint="Customers are told times in this zone.">
          <input id={`${id}-zone`} value={settings.timeZone} readOnly aria-describedby={`${id}-zone-hint`} />
        </Field>
        <Field
          label="Business calendar"
          htmlFor={`${id}-calendar`}
          hint="Agreements on business hours without their own use it."
        >
          <select
            id={`${id}-calendar`}
            value={calendarId}
            disabled={readOnly}
            aria-describedby={`${id}-calendar-hint`}
            onChange={(e) => {
              setCalendarId(e.target.value);
            }}
          >
            <option value="">None</option>
            {calendars.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Callback target (real minutes)"
          htmlFor={`${id}-callback`}
          hint="From a customer's first unanswered attempt; empty: none."
        >
          <input
            id={`${id}-callback`}
            type="number"
            min={1}
            max={10_080}
            value={callback}
            disabled={readOnly}
            aria-describedby={`${id}-callback-hint`}
            onChange={(e) => {
              setCallback(e.target.value);
            }}
          />
        </Field>
        <ErrorMessage message={action.error} />
        {!readOnly && (
          <div className="form-actions">
            <button type="submit" className="button secondary" disabled={action.busy}>
              Save settings
            </button>
            <span className="saved" role="status">
              {saved ? "Saved." : ""}
            </span>
          </div>
        )}
      </form>
    </section>
  );
}
