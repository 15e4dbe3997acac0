import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api } from "../../api";
import { humanize } from "../../format";
import { useAction } from "../../hooks";
import { useSession } from "../../session";
import { CASE_STATUSES, PRIORITIES, PRIORITY_REASONS, type Case } from "../../types";
import { ErrorMessage, Field } from "../ui";

/** Status, priority (with a reason from the fixed list) and assignment. */
export function CaseActions({
  item,
  onChanged,
}: {
  item: Case;
  onChanged: (next: Case) => Promise<void>;
}): ReactNode {
  const id = useId();
  const state = useSession();
  const [status, setStatus] = useState(item.status);
  const [priority, setPriority] = useState(item.priority);
  const [reason, setReason] = useState(item.priorityReason ?? "");
  const [assigneeId, setAssigneeId] = useState(item.assigneeId ?? "");
  const [teamId, setTeamId] = useState(item.teamId ?? "");
  const statusAction = useAction();
  const priorityAction = useAction();
  const assignAction = useAction();

  // When the case changes (one's own change, or someone else's arriving live), each field
  // follows it unless the reader has picked another value there and not yet saved it.
  const shown = useRef(item);
  useEffect(() => {
    const was = shown.current;
    shown.current = item;
    const follow =
      <T,>(before: T, after: T) =>
      (current: T) =>
        current === before ? after : current;
    setStatus(follow(was.status, item.status));
    setPriority(follow(was.priority, item.priority));
    setReason(follow(was.priorityReason ?? "", item.priorityReason ?? ""));
    setAssigneeId(follow(was.assigneeId ?? "", item.assigneeId ?? ""));
    setTeamId(follow(was.teamId ?? "", item.teamId ?? ""));
  }, [item]);

  const patch = (action: ReturnType<typeof useAction>, body: Record<string, unknown>): void => {
    void action.run(async () => {
      const next = await api.patch<Case>(`/api/cases/${item.id}`, body);
      await onChanged(next);
    });
  };

  const isClosed = item.status === "closed";
  return (
    <section className="panel actions" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Work on the case</h2>
      <form
        className="action-row"
        onSubmit={(e) => {
          e.preventDefault();
          patch(statusAction, { status });
        }}
      >
        <Field label="Status" htmlFor={`${id}-status`}>
          <select
            id={`${id}-status`}
            value={status}
            disabled={isClosed}
            onChange={(e) => {
              setStatus(e.target.value as Case["status"]);
            }}
          >
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </Field>
        <button
          type="submit"
          className="button secondary"
          disabled={statusAction.busy || status === item.status}
        >
          Change status
        </button>
        <ErrorMessage message={statusAction.error} />
        {isClosed && <p className="hint">A closed case is final; a new need is a new case.</p>}
      </form>

      <form
        className="action-row"
        onSubmit={(e) => {
          e.preventDefault();
          patch(priorityAction, { priority, priorityReason: reason === "" ? null : reason });
        }}
      >
        <Field label="Priority" htmlFor={`${id}-priority`}>
          <select
            id={`${id}-priority`}
            value={priority}
            onChange={(e) => {
              setPriority(e.target.value as Case["priority"]);
            }}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {humanize(p)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Reason"
          htmlFor={`${id}-reason`}
          hint="Required to leave normal. How often or how loudly someone calls is not a reason."
        >
          <select
            id={`${id}-reason`}
            value={reason}
            required={priority !== "normal"}
            aria-describedby={`${id}-reason-hint`}
            onChange={(e) => {
              setReason(e.target.value);
            }}
          >
            <option value="">Choose a reason…</option>
            {PRIORITY_REASONS.map((r) => (
              <option key={r} value={r}>
                {humanize(r)}
              </option>
            ))}
          </select>
        </Field>
        <button
          type="submit"
          className="button secondary"
          disabled={priorityAction.busy || priority === item.priority}
        >
          Change priority
        </button>
        <ErrorMessage message={priorityAction.error} />
      </form>

      <form
        className="action-row"
        onSubmit={(e) => {
          e.preventDefault();
          patch(assignAction, { assigneeId: assigneeId || null, teamId: teamId || null });
        }}
      >
        <Field label="Assignee" htmlFor={`${id}-assignee`}>
          <select
            id={`${id}-assignee`}
            value={assigneeId}
            onChange={(e) => {
              setAssigneeId(e.target.value);
            }}
          >
            <option value="">Unassigned</option>
            {state.staff
              .filter((s) => s.isActive || s.id === item.assigneeId)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.id === state.session.staffId ? " (me)" : ""} — {s.title || humanize(s.role)}
                </option>
              ))}
          </select>
        </Field>
        <Field label="Team" htmlFor={`${id}-team`}>
          <select
            id={`${id}-team`}
            value={teamId}
            onChange={(e) => {
              setTeamId(e.target.value);
            }}
          >
            <option value="">No team</option>
            {state.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <div className="button-row">
          <button
            type="submit"
            className="button secondary"
            disabled={
              assignAction.busy || (assigneeId === (item.assigneeId ?? "") && teamId === (item.teamId ?? ""))
            }
          >
            Assign
          </button>
          {item.assigneeId !== state.session.staffId && (
            <button
              type="button"
              className="button secondary"
              disabled={assignAction.busy}
              onClick={() => {
                patch(assignAction, { assigneeId: state.session.staffId });
              }}
            >
              Take it
            </button>
          )}
        </div>
        <ErrorMessage message={assignAction.error} />
      </form>
    </section>
  );
}
