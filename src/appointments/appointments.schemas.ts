import { Type } from "typebox";
import { Enum, Id, Instant, Problem, StandardErrors, Text } from "../shared/schemas.js";
import { APPOINTMENT_KINDS, APPOINTMENT_STATUSES, MAX_DURATION, MIN_DURATION } from "./appointments.rules.js";

export const AppointmentKindS = Enum(APPOINTMENT_KINDS);
export const AppointmentStatusS = Enum(APPOINTMENT_STATUSES);
const Duration = Type.Integer({ minimum: MIN_DURATION, maximum: MAX_DURATION, description: "Minutes." });

/** 422: the customer's words could not be read (the problem lists the forms that are understood). */
export const AppointmentErrors = { ...StandardErrors, 422: Problem };

export const SlotQuery = Type.Object(
  {
    suits: Type.Optional(Text(200, 1)),
    duration: Type.Optional(Duration),
    kind: Type.Optional(AppointmentKindS),
  },
  { additionalProperties: false },
);

export const SlotSchema = Type.Object({
  startsAt: Type.String(),
  endsAt: Type.String(),
  label: Type.String(),
});

export const SlotOfferSchema = Type.Object({
  staffId: Type.String(),
  name: Type.String(),
  kind: AppointmentKindS,
  durationMinutes: Type.Integer(),
  suits: Type.String(),
  timeZone: Type.String(),
  slots: Type.Array(SlotSchema),
  readings: Type.Array(Type.Object({ label: Type.String(), slots: Type.Array(SlotSchema) })),
  assumption: Type.Union([Type.String(), Type.Null()]),
});

export const BookBody = Type.Object(
  {
    staffId: Id,
    kind: AppointmentKindS,
    startsAt: Instant,
    durationMinutes: Type.Optional(Duration),
    suits: Text(200),
  },
  { additionalProperties: false },
);

export const RescheduleBody = Type.Object(
  {
    startsAt: Instant,
    durationMinutes: Type.Optional(Duration),
    suits: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);

export const CancelBody = Type.Object({ reason: Type.Optional(Text(500)) }, { additionalProperties: false });

export const AppointmentSchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  staffId: Type.String(),
  staffName: Type.String(),
  kind: AppointmentKindS,
  status: AppointmentStatusS,
  startsAt: Type.String(),
  endsAt: Type.String(),
  durationMinutes: Type.Integer(),
  suits: Type.String(),
  sequence: Type.Integer(),
  promiseId: Type.Union([Type.String(), Type.Null()]),
  label: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const PortalAppointmentSchema = Type.Object({
  id: Type.String(),
  kind: AppointmentKindS,
  status: AppointmentStatusS,
  withName: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  durationMinutes: Type.Integer(),
  label: Type.String(),
});

export const PortalSlotsQuery = Type.Object(
  { suits: Type.Optional(Text(200, 1)) },
  { additionalProperties: false },
);

export const PortalSlotOfferSchema = Type.Object({
  withName: Type.String(),
  slots: Type.Array(SlotSchema),
  readings: Type.Array(Type.Object({ label: Type.String(), slots: Type.Array(SlotSchema) })),
  assumption: Type.Union([Type.String(), Type.Null()]),
});

export const PortalRescheduleBody = Type.Object({ startsAt: Instant }, { additionalProperties: false });
