import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api } from "../../api";
import { formatDateTime, humanize } from "../../format";
import { useAction, useGet } from "../../hooks";
import { staffName, useSession } from "../../session";
import { CHANNELS, type Attempt } from "../../types";
import { Empty, ErrorMessage, Field, Loading } from "../ui";

/** Every try the customer made to reach us about this need: several calls are one case. */
export function Attempts({
  caseId,
  onAdded,
  refreshKey = 0,
}: {
  caseId: string;
  onAdded: () => Promise<void>;
  /** Changes when the case changed elsewhere: the list is read again. */
  refreshKey?: number;
}): ReactNode {
  const id = useId();
  const state = useSession();
  const list = useGet<Attempt[]>(`/api/cases/${caseId}/attempts`);
  const { reload } = list;
  const seenKey = useRef(refreshKey);
  useEffect(() => {
    if (seenKey.current === refreshKey) return;
    seenKey.current = refreshKey;
    reload();
  }, [refreshKey, reload]);
  const [adding, setAdding] = useState(false);
  const [channel, setChannel] = useState("phone");
  const [line, setLine] = useState("");
  const [staffId, setStaffId] = useState("");
  const [answered, setAnswered] = useState(false);
  const [note, setNote] = useState("");
  const action = useAction();

  const submit = async (): Promise<void> => {
    const ok = await action.run(async () => {
      await api.post(`/api/cases/${caseId}/attempts`, {
        channel,
        answered,
        note,
        ...(line.trim() && { line: line.trim() }),
        ...(staffId && { staffId }),
      });
      list.reload();
      await onAdded();
    });
    if (ok) {
      setLine("");
      setNote("");
      setStaffId("");
      setAnswered(false);
      setAdding(false);
    }
  };

  return (
    <section className="panel attempts" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Contact attempts</h2>
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={1} />}
      {list.data?.length === 0 && <Empty>No attempts recorded.</Empty>}
      {list.data && list.data.length > 0 && (
        <ul className="attempt-list">
          {list.data.map((a) => (
            <li key={a.id}>
              <span className="attempt-when">{formatDateTime(a.attemptedAt)}</span>{" "}
              <span>
                {humanize(a.channel)} to {a.line ?? staffName(state, a.staffId)} —{" "}
                <strong>{a.answered ? "answered" : "not answered"}</strong>
              </span>
              {a.note && <span className="attempt-note">{a.note}</span>}
            </li>
          ))}
        </ul>
      )}
      {!adding ? (
        <button
          type="button"
          className="button secondary"
          onClick={() => {
            setAdding(true);
          }}
        >
          Add attempt
        </button>
      ) : (
        <form
          className="attempt-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Field label="Channel" htmlFor={`${id}-channel`}>
            <select
              id={`${id}-channel`}
              value={channel}
              onChange={(e) => {
                setChannel(e.target.value);
              }}
            >
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {humanize(c)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Line tried"
            htmlFor={`${id}-line`}
            hint="A number or address, or choose the colleague below."
          >
            <input
              id={`${id}-line`}
              value={line}
              maxLength={100}
              aria-describedby={`${id}-line-hint`}
              onChange={(e) => {
                setLine(e.target.value);
              }}
            />
          </Field>
          <Field label="Colleague tried" htmlFor={`${id}-staff`}>
            <select
              id={`${id}-staff`}
              value={staffId}
              onChange={(e) => {
                setStaffId(e.target.value);
              }}
            >
              <option value="">Nobody in particular</option>
              {state.staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
          <div className="check">
            <input
              id={`${id}-answered`}
              type="checkbox"
              checked={answered}
              onChange={(e) => {
                setAnswered(e.target.checked);
              }}
            />
            <label htmlFor={`${id}-answered`}>Answered</label>
          </div>
          <Field label="Note" htmlFor={`${id}-note`}>
            <input
              id={`${id}-note`}
              value={note}
              maxLength={2000}
              onChange={(e) => {
                setNote(e.target.value);
              }}
            />
          </Field>
          <div className="button-row">
            <button type="submit" className="button primary" disabled={action.busy}>
              Save attempt
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setAdding(false);
                action.clear();
              }}
            >
              Cancel
            </button>
          </div>
          <ErrorMessage message={action.error} />
        </form>
      )}
    </section>
  );
}
