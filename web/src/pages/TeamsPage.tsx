import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api } from "../api";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { useAction, useGet } from "../hooks";
import { can, staffName, useSession } from "../session";
import type { Team } from "../types";

export default function TeamsPage(): ReactNode {
  const state = useSession();
  const list = useGet<Team[]>("/api/teams");
  const [editing, setEditing] = useState<Team | "new" | null>(null);
  const mayWrite = can(state, "teams:write");

  return (
    <section className="page" aria-labelledby="teams-title">
      <div className="page-head">
        <h1 id="teams-title">Teams</h1>
        {mayWrite && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setEditing("new");
            }}
          >
            New team
          </button>
        )}
      </div>
      <p className="hint">
        Members are chosen on each staff member’s page, so a person’s teams change in one place.
      </p>
      {editing && (
        <TeamEditor
          key={editing === "new" ? "new" : editing.id}
          team={editing === "new" ? null : editing}
          onDone={(changed) => {
            setEditing(null);
            if (changed) {
              list.reload();
              state.reloadDirectory();
            }
          }}
        />
      )}
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={4} />}
      {list.data?.length === 0 && <Empty>No teams yet.</Empty>}
      {list.data && list.data.length > 0 && (
        <ul className="card-list">
          {list.data.map((t) => (
            <li key={t.id} className="panel">
              <div className="card-head">
                <h2>{t.name}</h2>
                {mayWrite && (
                  <button
                    type="button"
                    className="button secondary small"
                    aria-label={`Edit ${t.name}`}
                    onClick={() => {
                      setEditing(t);
                    }}
                  >
                    Edit
                  </button>
                )}
              </div>
              {t.description && <p>{t.description}</p>}
              <p className="muted">
                {t.memberIds.length === 0
                  ? "No members"
                  : t.memberIds.map((m) => staffName(state, m)).join(", ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TeamEditor({ team, onDone }: { team: Team | null; onDone: (changed: boolean) => void }): ReactNode {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [name, setName] = useState(team?.name ?? "");
  const [description, setDescription] = useState(team?.description ?? "");
  const action = useAction();
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const submit = async (): Promise<void> => {
    const ok = await action.run(async () => {
      if (team) await api.patch(`/api/teams/${team.id}`, { name, description });
      else await api.post("/api/teams", { name, description });
    });
    if (ok) onDone(true);
  };
  return (
    <section className="panel editor" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {team ? `Edit ${team.name}` : "New team"}
      </h2>
      <form
        className="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
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
        <Field label="Description" htmlFor={`${id}-description`}>
          <input
            id={`${id}-description`}
            maxLength={500}
            value={description}
            onChange={(e) => {
              setDescription(e.target.value);
            }}
          />
        </Field>
        <ErrorMessage message={action.error} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={action.busy}>
            {team ? "Save changes" : "Create team"}
          </button>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              onDone(false);
            }}
          >
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
