import { useId, useState, type ReactNode } from "react";
import { query } from "../api";
import { ErrorMessage, Field } from "../components/ui";
import { useAction } from "../hooks";
import { usePortalGet } from "./hooks";
import { portalApi } from "./portalApi";

interface PortalSlot {
  startsAt: string;
  label: string;
}

interface PortalAppointment {
  id: string;
  kind: "meeting" | "callback";
  status: "scheduled" | "cancelled";
  withName: string;
  startsAt: string;
  durationMinutes: number;
  label: string;
}

interface PortalSlotOffer {
  withName: string;
  slots: PortalSlot[];
  readings: { label: string; slots: PortalSlot[] }[];
  assumption: string | null;
}

function what(a: PortalAppointment): string {
  return a.kind === "callback" ? `${a.withName} will call you` : `Meeting with ${a.withName}`;
}

/** The customer's appointments on a request, each with a control to move it or cancel it. */
export function PortalAppointments({
  number,
  onChanged,
}: {
  number: number;
  onChanged: () => void;
}): ReactNode {
  const list = usePortalGet<PortalAppointment[]>(`/api/portal/cases/${number}/appointments`);
  const booked = (list.data ?? []).filter((a) => a.status === "scheduled");
  const [notice, setNotice] = useState("");
  if (!list.data && !list.error) return null;
  if (list.data && booked.length === 0 && !notice) return null;
  return (
    <section className="panel portal-appointments" aria-labelledby="appointments-title">
      <h2 id="appointments-title">Your appointments</h2>
      <ErrorMessage message={list.error} onRetry={list.reload} />
      <ul>
        {booked.map((a) => (
          <AppointmentItem
            key={a.id}
            appointment={a}
            onChanged={(message) => {
              setNotice(message);
              list.reload();
              onChanged();
            }}
          />
        ))}
      </ul>
      <p className="saved" role="status">
        {notice}
      </p>
    </section>
  );
}

function AppointmentItem({
  appointment: a,
  onChanged,
}: {
  appointment: PortalAppointment;
  onChanged: (message: string) => void;
}): ReactNode {
  const id = useId();
  const [moving, setMoving] = useState(false);
  const [suits, setSuits] = useState("");
  const [offer, setOffer] = useState<PortalSlotOffer | undefined>(undefined);
  const act = useAction();

  const find = async (e: { preventDefault: () => void }): Promise<void> => {
    e.preventDefault();
    setOffer(undefined);
    await act.run(async () => {
      setOffer(
        await portalApi.get<PortalSlotOffer>(
          `/api/portal/appointments/${a.id}/slots${query({ suits: suits.trim() || undefined })}`,
        ),
      );
    });
  };
  const move = async (slot: PortalSlot): Promise<void> => {
    const ok = await act.run(async () => {
      await portalApi.post(`/api/portal/appointments/${a.id}/reschedule`, { startsAt: slot.startsAt });
    });
    if (ok) onChanged(`Moved to ${slot.label}. We have sent you the updated invitation.`);
  };
  const cancel = async (): Promise<void> => {
    const ok = await act.run(async () => {
      await portalApi.post(`/api/portal/appointments/${a.id}/cancel`, {});
    });
    if (ok) onChanged("Cancelled. We have let them know.");
  };

  return (
    <li className="appointment">
      <p>
        <strong>{what(a)}</strong>: {a.label}
      </p>
      {!moving ? (
        <p>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setMoving(true);
            }}
          >
            Choose another time
          </button>{" "}
          <button
            type="button"
            className="button secondary"
            disabled={act.busy}
            onClick={() => void cancel()}
          >
            Cancel it
          </button>
        </p>
      ) : (
        <form onSubmit={(e) => void find(e)} aria-label="Choose another time">
          <Field
            label="What suits you?"
            htmlFor={`${id}-suits`}
            hint={'For example "tomorrow after 3pm" or "weekdays before noon".'}
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
          <button type="submit" className="button" disabled={act.busy}>
            Show times
          </button>
        </form>
      )}
      <ErrorMessage message={act.error} />
      {offer && (
        <div aria-live="polite">
          {offer.assumption && <p className="hint">{offer.assumption}</p>}
          {offer.readings
            .filter((r) => r.slots.length > 0)
            .map((r) => (
              <fieldset key={r.label}>
                <legend>{r.label}</legend>
                <ul className="slot-list">
                  {r.slots.map((s) => (
                    <li key={s.startsAt}>
                      <button type="button" className="button secondary" onClick={() => void move(s)}>
                        Move to {s.label}
                      </button>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ))}
        </div>
      )}
    </li>
  );
}
