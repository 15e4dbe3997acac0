import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api } from "../api";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { humanize } from "../format";
import { useAction, useGet } from "../hooks";
import { can, staffName, useSession } from "../session";
import { AUTHORITY_LEVELS, DISCLOSURES, ROLES, type Page, type Staff } from "../types";

export default function StaffPage(): ReactNode {
  const state = useSession();
  const list = useGet<Page<Staff>>("/api/staff?limit=200");
  const [editing, setEditing] = useState<Staff | "new" | null>(null);
  const mayWrite = can(state, "staff:write");

  return (
    <section className="page" aria-labelledby="staff-title">
      <div className="page-head">
        <h1 id="staff-title">Staff</h1>
        {mayWrite && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setEditing("new");
            }}
          >
            New staff member
          </button>
        )}
      </div>
      {editing && (
        <StaffEditor
          key={editing === "new" ? "new" : editing.id}
          staff={editing === "new" ? null : editing}
          all={list.data?.items ?? []}
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
      {list.loading && !list.data && <Loading lines={6} />}
      {list.data?.items.length === 0 && <Empty>No staff yet.</Empty>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Staff list">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Role</th>
                <th scope="col">Authority</th>
                <th scope="col">Teams</th>
                <th scope="col">Reports to</th>
                <th scope="col">Schedule shown</th>
                <th scope="col">Work contacts</th>
                {mayWrite && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((s) => (
                <tr key={s.id} className={s.isActive ? undefined : "inactive"}>
                  <th scope="row">
                    {s.name}
                    {!s.isActive && <span className="muted"> (inactive)</span>}
                    <div className="muted small">{s.email}</div>
                  </th>
                  <td>{s.title || "—"}</td>
                  <td>{humanize(s.role)}</td>
                  <td>{humanize(s.authority)}</td>
                  <td>
                    {s.teamIds.map((t) => state.teams.find((x) => x.id === t)?.name ?? "—").join(", ") || "—"}
                  </td>
                  <td>{s.reportsToId ? staffName(state, s.reportsToId) : "—"}</td>
                  <td>{s.disclosure === "protected" ? "Protected" : "Disclosed"}</td>
                  <td>
                    {s.workContacts.length === 0
                      ? "—"
                      : s.workContacts.map((c) => (
                          <div key={c.id} className="small">
                            {c.label || humanize(c.kind)}: {c.value}
                          </div>
                        ))}
                  </td>
                  {mayWrite && (
                    <td>
                      <button
                        type="button"
                        className="button secondary small"
                        onClick={() => {
                          setEditing(s);
                        }}
                        aria-label={`Edit ${s.name}`}
                      >
                        Edit
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function StaffEditor({
  staff,
  all,
  onDone,
}: {
  staff: Staff | null;
  all: Staff[];
  onDone: (changed: boolean) => void;
}): ReactNode {
  const id = useId();
  const state = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const [name, setName] = useState(staff?.name ?? "");
  const [email, setEmail] = useState(staff?.email ?? "");
  const [title, setTitle] = useState(staff?.title ?? "");
  const [role, setRole] = useState<string>(staff?.role ?? "agent");
  const [authority, setAuthority] = useState<string>(staff?.authority ?? "agent");
  const [reportsToId, setReportsToId] = useState(staff?.reportsToId ?? "");
  const [disclosure, setDisclosure] = useState<string>(staff?.disclosure ?? "disclose");
  const [teamIds, setTeamIds] = useState<string[]>(staff?.teamIds ?? []);
  const [isActive, setIsActive] = useState(staff?.isActive ?? true);
  const [password, setPassword] = useState("");
  const action = useAction();

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const submit = async (): Promise<void> => {
    const body = {
      name,
      email,
      title,
      role,
      authority,
      reportsToId: reportsToId || null,
      disclosure,
      teamIds,
    };
    const ok = await action.run(async () => {
      if (staff) await api.patch(`/api/staff/${staff.id}`, { ...body, isActive });
      else await api.post("/api/staff", { ...body, ...(password && { password }) });
    });
    if (ok) onDone(true);
  };

  return (
    <section className="panel editor" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {staff ? `Edit ${staff.name}` : "New staff member"}
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
            maxLength={120}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
            }}
          />
        </Field>
        <Field label="Email" htmlFor={`${id}-email`}>
          <input
            id={`${id}-email`}
            type="email"
            required
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
            }}
          />
        </Field>
        <Field label="Title" htmlFor={`${id}-title-input`}>
          <input
            id={`${id}-title-input`}
            maxLength={120}
            value={title}
            onChange={(e) => {
              setTitle(e.target.value);
            }}
          />
        </Field>
        <Field label="Role" htmlFor={`${id}-role`}>
          <select
            id={`${id}-role`}
            value={role}
            onChange={(e) => {
              setRole(e.target.value);
            }}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {humanize(r)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Authority"
          htmlFor={`${id}-authority`}
          hint="Who may decide exceptions and escalations."
        >
          <select
            id={`${id}-authority`}
            value={authority}
            aria-describedby={`${id}-authority-hint`}
            onChange={(e) => {
              setAuthority(e.target.value);
            }}
          >
            {AUTHORITY_LEVELS.map((a) => (
              <option key={a} value={a}>
                {humanize(a)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Reports to" htmlFor={`${id}-reports`}>
          <select
            id={`${id}-reports`}
            value={reportsToId}
            onChange={(e) => {
              setReportsToId(e.target.value);
            }}
          >
            <option value="">Nobody</option>
            {all
              .filter((s) => s.id !== staff?.id)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </select>
        </Field>
        <Field
          label="Schedule disclosure"
          htmlFor={`${id}-disclosure`}
          hint="Protected: customers are never told this person's schedule."
        >
          <select
            id={`${id}-disclosure`}
            value={disclosure}
            aria-describedby={`${id}-disclosure-hint`}
            onChange={(e) => {
              setDisclosure(e.target.value);
            }}
          >
            {DISCLOSURES.map((d) => (
              <option key={d} value={d}>
                {d === "protected" ? "Protected" : "Disclose"}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="checks">
          <legend>Teams</legend>
          {state.teams.length === 0 && <span className="muted">No teams yet.</span>}
          {state.teams.map((t) => (
            <div className="check" key={t.id}>
              <input
                id={`${id}-team-${t.id}`}
                type="checkbox"
                checked={teamIds.includes(t.id)}
                onChange={(e) => {
                  setTeamIds((ids) => (e.target.checked ? [...ids, t.id] : ids.filter((x) => x !== t.id)));
                }}
              />
              <label htmlFor={`${id}-team-${t.id}`}>{t.name}</label>
            </div>
          ))}
        </fieldset>
        {staff ? (
          <div className="check">
            <input
              id={`${id}-active`}
              type="checkbox"
              checked={isActive}
              onChange={(e) => {
                setIsActive(e.target.checked);
              }}
            />
            <label htmlFor={`${id}-active`}>Active (may sign in and receive cases)</label>
          </div>
        ) : (
          <Field
            label="Password (optional)"
            htmlFor={`${id}-password`}
            hint="Without one, the person cannot sign in until it is set."
          >
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              value={password}
              aria-describedby={`${id}-password-hint`}
              onChange={(e) => {
                setPassword(e.target.value);
              }}
            />
          </Field>
        )}
        {staff?.privateContacts && staff.privateContacts.length > 0 && (
          <div className="private-contacts">
            <h3>Private contacts</h3>
            <p className="hint">Shown because you may see them. Never give these to customers.</p>
            <ul>
              {staff.privateContacts.map((c) => (
                <li key={c.id}>
                  {c.label || humanize(c.kind)}: {c.value}
                </li>
              ))}
            </ul>
          </div>
        )}
        <ErrorMessage message={action.error} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={action.busy}>
            {staff ? "Save changes" : "Create staff member"}
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
