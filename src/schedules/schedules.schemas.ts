import { Type } from "typebox";
import { AUTHORITY_LEVELS } from "../auth/auth.rules.js";
import { DISCLOSURES } from "../staff/staff.rules.js";
import { Enum, Id, Text } from "../shared/schemas.js";

/** Schemas of schedules, status cards and duty lists; response schemas are the allow-list. */

const Clock = Text(5);
const Interval = Type.Tuple([Clock, Clock]);
const Intervals = Type.Array(Interval, { maxItems: 12 });
const LocalDate = Type.String({ format: "date", description: "A local date YYYY-MM-DD." });

const Weekly = Type.Partial(
  Type.Object(
    Object.fromEntries(["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map((d) => [d, Intervals])),
  ),
  { additionalProperties: false },
);

/** Weekly hours as written: the meaning (times, zone, overlaps) is checked by validateSchedule. */
export const ScheduleBody = Type.Object(
  {
    timeZone: Text(64, 1),
    weekly: Weekly,
    holidays: Type.Optional(Type.Array(Text(10), { maxItems: 400 })),
    exceptions: Type.Optional(
      Type.Array(Type.Object({ date: Text(10), intervals: Intervals }, { additionalProperties: false }), {
        maxItems: 400,
      }),
    ),
  },
  { additionalProperties: false },
);

export const TimeOffBody = Type.Object(
  {
    startsOn: LocalDate,
    endsOn: LocalDate,
    fromTime: Type.Optional(Type.Union([Clock, Type.Null()])),
    untilTime: Type.Optional(Type.Union([Clock, Type.Null()])),
    note: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);

export const SkillsBody = Type.Object(
  { skills: Type.Array(Text(40, 1), { maxItems: 30 }) },
  { additionalProperties: false },
);

export const SkillsSchema = Type.Object({ staffId: Type.String(), skills: Type.Array(Type.String()) });

export const TimeOffSchema = Type.Object({
  id: Type.String(),
  staffId: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  fromTime: Type.Union([Type.String(), Type.Null()]),
  untilTime: Type.Union([Type.String(), Type.Null()]),
  note: Type.Optional(Type.String()),
  createdAt: Type.String(),
});

const Access = Enum(["full", "disclosed", "protected"] as const);
const Shift = Type.Object({ start: Type.String(), end: Type.String() });

export const ScheduleSchema = Type.Object({
  staffId: Type.String(),
  name: Type.String(),
  disclosure: Enum(DISCLOSURES),
  access: Access,
  hours: Type.Union([
    Type.Object({
      timeZone: Type.String(),
      weekly: Type.Record(Type.String(), Type.Array(Type.Tuple([Type.String(), Type.String()]))),
      holidays: Type.Array(Type.String()),
      exceptions: Type.Array(
        Type.Object({
          date: Type.String(),
          intervals: Type.Array(Type.Tuple([Type.String(), Type.String()])),
        }),
      ),
    }),
    Type.Null(),
  ]),
  timeOff: Type.Array(TimeOffSchema),
  shifts: Type.Array(Shift),
  wording: Type.Union([Type.String(), Type.Null()]),
});

export const WeekQuery = Type.Object({ weekOf: Type.Optional(LocalDate) }, { additionalProperties: false });

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const StatusCardSchema = Type.Object({
  staffId: Type.String(),
  name: Type.String(),
  title: Type.String(),
  disclosure: Enum(DISCLOSURES),
  state: Enum(["in", "off", "no_schedule", "not_shared"] as const),
  onDutyUntil: NullableString,
  nextInAt: NullableString,
  timeZone: NullableString,
  receptionistWording: Type.String(),
  customerWording: Type.String(),
});

export const StatusSearchQuery = Type.Object({ q: Text(100, 1) }, { additionalProperties: false });

const DutyFields = {
  teamId: Type.Optional(Id),
  authorityAtLeast: Type.Optional(Enum(AUTHORITY_LEVELS)),
  skill: Type.Optional(Text(40, 1)),
  forMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
};

export const OnDutyQuery = Type.Object(
  { ...DutyFields, at: Type.Optional(Type.String({ format: "date-time" })) },
  { additionalProperties: false },
);

export const HelpQuery = Type.Object(DutyFields, { additionalProperties: false });

const OnDutyFields = {
  staffId: Type.String(),
  name: Type.String(),
  title: Type.String(),
  authority: Enum(AUTHORITY_LEVELS),
  teamIds: Type.Array(Type.String()),
  skills: Type.Array(Type.String()),
  until: NullableString,
};

export const OnDutySchema = Type.Object(OnDutyFields);

export const HelperSchema = Type.Object({
  ...OnDutyFields,
  openCases: Type.Integer(),
  inTeam: Type.Boolean(),
  isAssignee: Type.Boolean(),
});
