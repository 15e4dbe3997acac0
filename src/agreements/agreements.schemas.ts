import { Type } from "typebox";
import { ChannelS } from "../cases/cases.schemas.js";
import { COVERAGES } from "../promises/promises.rules.js";
import { Enum, Id, Instant, NullableId, Text } from "../shared/schemas.js";

/** Up to ten years of minutes: larger targets are typing mistakes. */
const Minutes = Type.Integer({ minimum: 0, maximum: 5_256_000 });
const TargetMinutesS = Type.Object(
  { firstReplyMinutes: Minutes, nextReplyMinutes: Minutes, resolutionMinutes: Minutes },
  { additionalProperties: false },
);
export const TargetsS = Type.Object(
  { low: TargetMinutesS, normal: TargetMinutesS, high: TargetMinutesS, urgent: TargetMinutesS },
  { additionalProperties: false },
);
const CoverageS = Enum(COVERAGES, "calendar: targets count the coverage calendar's open time; always: 24/7");
const Channels = Type.Array(ChannelS, { maxItems: 10, uniqueItems: true });

export const AgreementSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  coverage: CoverageS,
  calendarId: Type.Union([Type.String(), Type.Null()]),
  targets: TargetsS,
  callbackMinutes: Type.Integer(),
  afterHoursPaging: Type.Boolean(),
  onCallRota: Type.Union([Type.String(), Type.Null()]),
  onCallRotaId: Type.Union([Type.String(), Type.Null()]),
  includedChannels: Type.Array(Type.String()),
  isDefault: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const AgreementFields = {
  name: Text(80, 1),
  coverage: CoverageS,
  calendarId: Type.Optional(NullableId),
  targets: TargetsS,
  callbackMinutes: Minutes,
  afterHoursPaging: Type.Optional(Type.Boolean()),
  onCallRota: Type.Optional(Type.Union([Text(200), Type.Null()])),
  includedChannels: Type.Optional(Channels),
  isDefault: Type.Optional(Type.Boolean()),
};

export const CreateAgreementBody = Type.Object(AgreementFields, { additionalProperties: false });

export const UpdateAgreementBody = Type.Partial(Type.Object(AgreementFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const ClientAgreementBody = Type.Object({ agreementId: NullableId }, { additionalProperties: false });

export const ClientAgreementSchema = Type.Object({
  clientId: Type.String(),
  agreementId: Type.Union([Type.String(), Type.Null()]),
});

export const DeliverableSchema = Type.Object({
  id: Type.String(),
  agreementId: Type.String(),
  clientId: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  rrule: Type.String(),
  nextDueAt: Type.Union([Type.String(), Type.Null()]),
  wording: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const CreateDeliverableBody = Type.Object(
  {
    name: Text(120, 1),
    rrule: Type.String({
      minLength: 1,
      maxLength: 500,
      description: "DTSTART;TZID=Area/City:YYYYMMDDTHHMMSS and an RRULE line, e.g. FREQ=WEEKLY;BYDAY=FR",
    }),
    clientId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);

const DueS = Type.Object({ dueAt: Type.String(), wording: Type.String() });

export const AgreementPreviewQuery = Type.Object(
  { at: Type.Optional(Instant) },
  { additionalProperties: false },
);

export const AgreementPreviewSchema = Type.Object({
  agreementId: Type.String(),
  at: Type.String(),
  timeZone: Type.String(),
  coverage: Type.String(),
  calendarId: Type.Union([Type.String(), Type.Null()]),
  isOpenAt: Type.Boolean(),
  startsAt: Type.String(),
  priorities: Type.Array(
    Type.Object({ priority: Type.String(), firstReply: DueS, nextReply: DueS, resolution: DueS }),
  ),
  callback: DueS,
});

export const AgreementClientSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  viaDefault: Type.Boolean(),
});
