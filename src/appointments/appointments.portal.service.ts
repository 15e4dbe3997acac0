import { auditActorOf, isInScope, type PortalActor } from "../portal/portal.rules.js";
import { findCaseByNumber } from "../cases/cases.store.js";
import type { Deps } from "../deps.js";
import { AppError, notFound } from "../shared/errors.js";
import { presentPortalAppointment, type PortalAppointmentView } from "./appointments.present.js";
import { cancelCore, presentRows, rescheduleCore, slotsToMove } from "./appointments.service.js";
import { findAppointment, listCaseAppointments } from "./appointments.store.js";
import { findCase } from "../cases/cases.store.js";

/*
 * The customer's side of appointments, in the portal: their appointments on a case, slots to move
 * one to, moving and cancelling. Scope is the portal's: their own case, inside a per-case link.
 * What they see of the person is the display name; never ids, hours or other appointments.
 */

function requireCustomer(actor: PortalActor): void {
  if ((actor as { kind: string }).kind !== "customer") throw new AppError("forbidden", "Only for customers.");
}

export async function listPortalAppointments(
  deps: Deps,
  actor: PortalActor,
  num: number,
): Promise<PortalAppointmentView[]> {
  requireCustomer(actor);
  const c = await findCaseByNumber(deps.db, actor.workspaceId, num);
  if (!c || !isInScope(actor, c)) throw notFound("case");
  const views = await presentRows(
    deps.db,
    actor.workspaceId,
    await listCaseAppointments(deps.db, actor.workspaceId, c.id),
  );
  return views.map(presentPortalAppointment);
}

async function ownAppointment(deps: Deps, actor: PortalActor, id: string) {
  requireCustomer(actor);
  const a = await findAppointment(deps.db, actor.workspaceId, id);
  const c = a && (await findCase(deps.db, actor.workspaceId, a.case_id));
  if (!a || !c || !isInScope(actor, c)) throw notFound("appointment");
  return a;
}

export async function portalSlots(deps: Deps, actor: PortalActor, id: string, suits: string | undefined) {
  const a = await ownAppointment(deps, actor, id);
  const offer = await slotsToMove(deps, actor.workspaceId, a, suits);
  return { withName: offer.name, slots: offer.slots, readings: offer.readings, assumption: offer.assumption };
}

export async function portalReschedule(
  deps: Deps,
  actor: PortalActor,
  id: string,
  startsAt: string,
): Promise<PortalAppointmentView> {
  await ownAppointment(deps, actor, id);
  const v = await rescheduleCore(deps, auditActorOf(actor), id, { startsAt }, (c) => isInScope(actor, c));
  return presentPortalAppointment(v);
}

export async function portalCancel(
  deps: Deps,
  actor: PortalActor,
  id: string,
): Promise<PortalAppointmentView> {
  await ownAppointment(deps, actor, id);
  const v = await cancelCore(deps, auditActorOf(actor), id, "cancelled by the customer", (c) =>
    isInScope(actor, c),
  );
  return presentPortalAppointment(v);
}
