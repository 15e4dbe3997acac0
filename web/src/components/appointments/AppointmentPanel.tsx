import { useId, useState, type ReactNode } from "react";
import { api, query } from "../../api";
import { useAction, useGet } from "../../hooks";
import { useReloadOn } from "../../promises/useReloadOn";
import { can, useSession } from "../../session";
import type { Case } from "../../types";
import { Empty, ErrorMessage, Field } from "../ui";

export interface Slot {
  startsAt: string;
  endsAt: string;
  label: string;
}

export interface SlotOffer {
  staffId: string;
  name: string;
  kind: "meeting" | "callback";
  durationMinutes: number;
  suits: string;
  slots: Slot[];
  readings: { label: string; slots: Slot[] }[];
  assumption: string | null;
}

export interface Appointment {
  id: string;
  staffId: string;
  staffName: string;
  kind: "meeting" | "callback";
  status: "scheduled" | "cancelled";
  startsAt: string;
  durationMinutes: number;
  suits: string;
  label: string;
}

/**
 * The appointment picker on the case page: choose the person and the kind, type what suits the
 * customer in their words, see the earliest free slots (each reading of ambiguous words, with
 * what the desk assumed), book one. Booked appointments are listed with a cancel action; the
 * promise they make shows in the promise panel.
 */
export function AppointmentPanel({
  item,
  refreshKey,
  onChanged,
}: {
  item: Case;
  refreshKey: number;
  onChanged: () => Promise<void>;
}): ReactNode {
  const id = useId();
  const state = useSession();
  const list = useGet<Appointment[]>(`/api/cases/${item.id}/appointments`);
  useReloadOn(refreshKey, list.reload);
  const mayWrite = can(state, "cases:write") && item.status !== "closed";
  const people = state.staff.filter((s) => s.isActive);
  const [staffId, setStaffId] = useState(item.assigneeId ?? people[0]?.id ?? "");
  const [kind, setKind] = useState<"meeting" | "callback">("meeting");
  const [suits, setSuits] = useState("");
  const [offer, setOffer] = useState<SlotOffer | undefined>(undefined);
  const [notice, setNotice] = useState("");
  const find = useAction();
  const act = useAction();

  const search = async (e: { preventDefault: () => void }): Promise<void> => {
    e.preventDefault();
    setNotice("");
    setOffer(undefined);
    await find.run(async () => {
      setOffer(
        await api.get<SlotOffer>(
          `/api/staff/${staffId}/appointment-slots${query({ suits: suits.trim() || undefined, kind })}`,
        ),
      );
    });
  };

  const book = async (slot: Slot): Promise<void> => {
    if (!offer) return;
    const ok = await act.run(async () => {
      await api.post(`/api/cases/${item.id}/appointments`, {
        staffId: offer.staffId,
        kind: offer.kind,
        startsAt: slot.startsAt,
        durationMinutes: offer.durationMinutes,
        suits: suits.trim(),
      });
    });
    if (ok) {
      setNotice(`Booked with ${offer.name} for ${slot.label}. The customer has been sent the invitation.`);
      setOffer(undefined);
      setSuits("");
      list.reload();
      await onChanged();
    }
  };

  const cancel = async (a: Appointment): Promise<void> => {
    const ok = await act.run(async () => {
      await api.post(`/api/appointments/${a.id}/cancel`, {});
    });
    if (ok) {
      setNotice(`Cancelled the ${a.kind} with ${a.staffName}. The customer has been told.`);
      list.reload();
      await onChanged();
    }
  };

  const booked = (list.data ?? []).filter((a) => a.status === "scheduled");
  return (
    <section className="panel appointments" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Appointments</h2>
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.data && booked.length === 0 && <Empty>No meeting or callback is booked.</Empty>}
      {booked.length > 0 && (
        <ul className="appointment-list" aria-label="Booked appointments">
          {booked.map((a) => (
            <li key={a.id}>
              <span>
                {a.kind === "callback" ? "Callback from" : "Meeting with"} {a.staffName}: {a.label}
              </span>
              {mayWrite && (
                <button
                  type="button"
                  className="button secondary"
                  disabled={act.busy}
                  onClick={() => void cancel(a)}
                >
                  Cancel
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayWrite && (
        <form onSubmit={(e) => void search(e)} aria-label="Find a time">
          <Field label="With" htmlFor={`${id}-staff`}>
            <select
              id={`${id}-staff`}
              value={staffId}
              onChange={(e) => {
                setStaffId(e.target.value);
              }}
            >
              {people.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Kind" htmlFor={`${id}-kind`}>
            <select
              id={`${id}-kind`}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value === "callback" ? "callback" : "meeting");
              }}
            >
              <option value="meeting">Meeting (30 minutes)</option>
              <option value="callback">Callback (15 minutes)</option>
            </select>
          </Field>
          <Field
            label="What suits the customer"
            htmlFor={`${id}-suits`}
            hint={'In their words, e.g. "tomorrow after 7", "weekdays before noon". Empty: the earliest.'}
          >
            <input
              id={`${id}-suits`}
              value={suits}
              maxLength={200}
              aria-describedby={`${id}-suits-hint`}
              onChange={(e) => {
                setSuits(e.target.value);
              }}
            />
          </Field>
          <button type="submit" className="button" disabled={find.busy || !staffId}>
            Find times
          </button>
        </form>
      )}
      <ErrorMessage message={find.error ?? act.error} />
      {offer && (
        <div className="slot-offer" aria-live="polite">
          {offer.assumption && <p className="hint">{offer.assumption}</p>}
          {offer.readings
            .filter((r) => r.slots.length > 0)
            .map((r) => (
              <fieldset key={r.label}>
                <legend>
                  {offer.name}, {r.label}
                </legend>
                <ul className="slot-list">
                  {r.slots.map((s) => (
                    <li key={s.startsAt}>
                      <button
                        type="button"
                        className="button secondary"
                        disabled={act.busy}
                        onClick={() => void book(s)}
                      >
                        Book {s.label}
                      </button>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ))}
        </div>
      )}
      <p className="saved" role="status">
        {notice}
      </p>
    </section>
  );
}
