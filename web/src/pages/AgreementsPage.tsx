import { useState, type ReactNode } from "react";
import { AgreementEditor, minutesWords } from "../components/terms/AgreementEditor";
import { AgreementClients, AgreementPreview } from "../components/terms/AgreementPreview";
import { Deliverables } from "../components/terms/Deliverables";
import { PromiseSettingsPanel } from "../components/terms/PromiseSettingsPanel";
import "../components/terms/terms.css";
import { Empty, ErrorMessage, Loading } from "../components/ui";
import { useGet } from "../hooks";
import type { Agreement, Calendar, PromiseSettings } from "../promises/types";
import { can, useSession } from "../session";

export default function AgreementsPage(): ReactNode {
  const state = useSession();
  const list = useGet<Agreement[]>("/api/agreements");
  const calendars = useGet<Calendar[]>("/api/calendars");
  const settings = useGet<PromiseSettings>("/api/workspace/promise-settings");
  const [selectedId, setSelectedId] = useState<string | null>(null); /* an id, "new" or none */
  const mayWrite = can(state, "agreements:write");
  const agreements = list.data ?? [];
  const selected =
    selectedId === "new"
      ? null
      : (agreements.find((a) => a.id === selectedId) ??
        agreements.find((a) => a.isDefault) ??
        agreements[0] ??
        null);
  const calendarOf = (a: Agreement): Calendar | undefined =>
    calendars.data?.find((c) => c.id === (a.calendarId ?? settings.data?.calendarId));

  return (
    <section className="page terms" aria-labelledby="agreements-title">
      <div className="page-head">
        <h1 id="agreements-title">Agreements</h1>
        {mayWrite && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setSelectedId("new");
            }}
          >
            New agreement
          </button>
        )}
      </div>
      {!mayWrite && (
        <p className="read-only-note">
          You can read the agreements; changing them needs the agreements permission.
        </p>
      )}
      {settings.data && (
        <PromiseSettingsPanel
          settings={settings.data}
          calendars={calendars.data ?? []}
          readOnly={!mayWrite}
          onSaved={() => {
            settings.reload();
          }}
        />
      )}
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={4} />}
      {list.data && agreements.length === 0 && selectedId !== "new" && <Empty>No agreements yet.</Empty>}
      <div className="terms-layout">
        {agreements.length > 0 && (
          <nav className="terms-list" aria-label="Agreements">
            <ul>
              {agreements.map((a) => {
                const current = selected?.id === a.id && selectedId !== "new";
                return (
                  <li key={a.id}>
                    <button
                      type="button"
                      className={`terms-item${current ? " current" : ""}`}
                      aria-current={current ? "true" : undefined}
                      onClick={() => {
                        setSelectedId(a.id);
                      }}
                    >
                      <span className="terms-name">
                        {a.name}
                        {a.isDefault && <span className="badge status-new"> Default</span>}
                      </span>
                      <span className="terms-sub">
                        {a.coverage === "always"
                          ? "Around the clock"
                          : (calendarOf(a)?.name ?? "Business hours")}
                      </span>
                      <span className="terms-sub">
                        First reply {minutesWords(a.targets.normal.firstReplyMinutes, a.coverage)} (normal)
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
        {(selected || selectedId === "new") && (
          <div className="terms-detail">
            <AgreementEditor
              key={selectedId === "new" ? "new" : (selected?.id ?? "")}
              agreement={selectedId === "new" ? null : selected}
              calendars={calendars.data ?? []}
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
              <div className="terms-side">
                <AgreementPreview agreement={selected} />
                <Deliverables
                  key={selected.id}
                  agreement={selected}
                  timeZone={calendarOf(selected)?.spec.timeZone ?? settings.data?.timeZone ?? "UTC"}
                  readOnly={!mayWrite}
                />
                <AgreementClients agreement={selected} />
              </div>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
