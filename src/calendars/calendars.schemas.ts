import { Type } from "typebox";
import { Instant, NullableId, Text } from "../shared/schemas.js";

const Clock = Text(5);
const Interval = Type.Tuple([Clock, Clock]);
const Intervals = Type.Array(Interval, { maxItems: 12 });

/** The shape of a calendar; its meaning (times, zone, overlaps) is checked by validateCalendar. */
export const CalendarSpecSchema = Type.Object(
  {
    timeZone: Text(64, 1),
    weekly: Type.Record(Type.String({ maxLength: 10 }), Intervals, { maxProperties: 7 }),
    holidays: Type.Optional(Type.Array(Text(10), { maxItems: 1000 })),
    exceptions: Type.Optional(
      Type.Array(Type.Object({ date: Text(10), intervals: Intervals }, { additionalProperties: false }), {
        maxItems: 1000,
      }),
    ),
    alwaysOpen: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const CalendarSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  spec: CalendarSpecSchema,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const CreateCalendarBody = Type.Object(
  { name: Text(80, 1), spec: CalendarSpecSchema },
  { additionalProperties: false },
);

export const UpdateCalendarBody = Type.Object(
  { name: Type.Optional(Text(80, 1)), spec: Type.Optional(CalendarSpecSchema) },
  { additionalProperties: false, minProperties: 1 },
);

export const PromiseSettingsSchema = Type.Object({
  timeZone: Type.String(),
  calendarId: Type.Union([Type.String(), Type.Null()]),
  callbackMinutes: Type.Union([Type.Integer(), Type.Null()]),
});

export const UpdatePromiseSettingsBody = Type.Object(
  {
    calendarId: Type.Optional(NullableId),
    callbackMinutes: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 10_080 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TeamCalendarBody = Type.Object({ calendarId: NullableId }, { additionalProperties: false });

export const TeamCalendarSchema = Type.Object({
  teamId: Type.String(),
  calendarId: Type.Union([Type.String(), Type.Null()]),
});

export const OpeningsQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 7 })),
  },
  { additionalProperties: false },
);

export const OpeningsSchema = Type.Object({
  calendarId: Type.String(),
  timeZone: Type.String(),
  from: Type.String(),
  isOpenAt: Type.Boolean(),
  openings: Type.Array(
    Type.Object({
      opensAt: Type.String(),
      closesAt: Type.Union([Type.String(), Type.Null()]),
      label: Type.String(),
    }),
  ),
});
