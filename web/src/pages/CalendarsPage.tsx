import { useState, type ReactNode } from "react";
import { CalendarEditor } from "../components/terms/CalendarEditor";
import { CalendarPreview } from "../components/terms/CalendarPreview";
import { Empty, ErrorMessage, Loading } from "../components/ui";
import { useGet } from "../hooks";
import type { Agreement, Calendar, PromiseSettings } from "../promises/types";
import "../components/terms/terms.css";
import { can, useSession } from "../session";

/** A calendar in one line: "Mon–Fri 09:00–17:00 · Sat 10:00–14:00 · 2 holidays". */
function summary(c: Calendar): string {
  if (c.spec.alwaysOpen) return "Open around the clock";
  const days = Object.entries(c.spec.weekly)
    .filter(([, iv]) => iv.length > 0)
    .map(
      ([d, iv]) => `${d.charAt(0).toUpperCase()}${d.slice(1)} ${iv.map(([a, b]) => `${a}–${b}`).join(", ")}`,
    );
  const holidays = c.spec.holidays?.length ?? 0;
  return [...days, holidays > 0 ? `${holidays} holiday${holidays === 1 ? "" : "s"}` : ""]
    .filter(Boolean)
    .join(" · ");
}

export default function CalendarsPage(): ReactNode {
  const state = useSession();
  const list = useGet<Calendar[]>("/api/calendars");
  const agreements = useGet<Agreement[]>("/api/agreements");
  const settings = useGet<PromiseSettings>("/api/workspace/promise-settings");
  const [selectedId, setSelectedId] = useState<string | null>(null); /* an id, "new" or none */
  const mayWrite = can(state, "agreements:write");
  const calendars = list.data ?? [];
  const selected =
    selectedId === "new" ? null : (calendars.find((c) => c.id === selectedId) ?? calendars[0] ?? null);

  return (
    <section className="page terms" aria-labelledby="calendars-title">
      <div className="page-head">
        <h1 id="calendars-title">Calendars</h1>
        {mayWrite && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setSelectedId("new");
            }}
          >
            New calendar
          </button>
        )}
      </div>
      {!mayWrite && (
        <p className="read-only-note">
          You can read the calendars; changing them needs the agreements permission.
        </p>
      )}
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={4} />}
      {list.data && calendars.length === 0 && selectedId !== "new" && <Empty>No calendars yet.</Empty>}
      <div className="terms-layout">
        {calendars.length > 0 && (
          <nav className="terms-list" aria-label="Calendars">
            <ul>
              {calendars.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className={`terms-item${selected?.id === c.id && selectedId !== "new" ? " current" : ""}`}
                    aria-current={selected?.id === c.id && selectedId !== "new" ? "true" : undefined}
                    onClick={() => {
                      setSelectedId(c.id);
                    }}
                  >
                    <span className="terms-name">
                      {c.name}
                      {settings.data?.calendarId === c.id && (
                        <span className="badge status-new"> Workspace</span>
                      )}
                    </span>
                    <span className="terms-sub">{c.spec.timeZone}</span>
                    <span className="terms-sub">{summary(c)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {(selected || selectedId === "new") && (
          <div className="terms-detail">
            <CalendarEditor
              key={selectedId === "new" ? "new" : (selected?.id ?? "")}
              calendar={selectedId === "new" ? null : selected}
              defaultZone={settings.data?.timeZone ?? "UTC"}
              readOnly={!mayWrite}
              onSaved={(saved) => {
                list.reload();
                setSelectedId(saved.id);
              }}
              {...(selectedId === "new" && {
                onCancel: () => {
                  setSelectedId(null);
                },
              })}
            />
            {selected && selectedId !== "new" && (
              <div className="terms-side sticky">
                <CalendarPreview
                  calendar={selected}
                  agreements={agreements.data ?? []}
                  settings={settings.data}
                />
              </div>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
