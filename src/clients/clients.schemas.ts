import { Type } from "typebox";
import { Cursor, Enum, Instant, Limit, NullableId, Text } from "../shared/schemas.js";
import { MAX_TERMS_DAYS, ORDER_STATUSES, PAYMENT_METHODS } from "./clients.rules.js";

const Currency = Type.String({
  pattern: "^[A-Z]{3}$",
  minLength: 3,
  maxLength: 3,
  description: "ISO 4217 code, e.g. USD.",
});
/** Whole minor units (cents); bounded so no amount loses precision as a JavaScript number. */
const Amount = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

const CreditAccount = Type.Object({
  currency: Type.String(),
  termsDays: Type.Integer(),
  limitMinor: Type.Integer(),
  balanceMinor: Type.Integer({ description: "Owed now: orders on account less payments." }),
  availableMinor: Type.Integer({ description: "limitMinor − balanceMinor; negative when over the limit." }),
});

/** The allow-list of what leaves the server about a client. */
export const ClientSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  domain: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  notes: Type.String(),
  creditAccount: CreditAccount,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const ClientFields = {
  name: Text(200, 1),
  domain: Type.Optional(
    Type.Union([Text(253), Type.Null()], {
      description: "Mail domain; customers with an email at it are linked to this client.",
    }),
  ),
  currency: Type.Optional(Currency),
  creditTermsDays: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TERMS_DAYS })),
  creditLimitMinor: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  notes: Type.Optional(Text(10_000)),
};

export const CreateClientBody = Type.Object(ClientFields, { additionalProperties: false });

export const UpdateClientBody = Type.Partial(Type.Object(ClientFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const ListClientsQuery = Type.Object(
  {
    q: Type.Optional(Text(200, 1)),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);

export const OrderSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  customerId: Type.Union([Type.String(), Type.Null()]),
  reference: Type.String(),
  description: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  onAccount: Type.Boolean(),
  status: Enum(ORDER_STATUSES),
  orderedAt: Type.String(),
  createdAt: Type.String(),
});

export const RecordOrderBody = Type.Object(
  {
    reference: Text(100, 1),
    description: Type.Optional(Text(2000)),
    amountMinor: Amount,
    currency: Type.Optional(Currency),
    onAccount: Type.Boolean({ description: "Charged to the client's credit account." }),
    status: Type.Optional(Enum(ORDER_STATUSES)),
    orderedAt: Type.Optional(Instant),
    customerId: Type.Optional(NullableId),
  },
  { additionalProperties: false },
);

export const PaymentSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  reference: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  method: Enum(PAYMENT_METHODS),
  paidAt: Type.String(),
  createdAt: Type.String(),
});

export const RecordPaymentBody = Type.Object(
  {
    reference: Text(100, 1),
    amountMinor: Amount,
    currency: Type.Optional(Currency),
    method: Enum(PAYMENT_METHODS),
    paidAt: Type.Optional(Instant),
  },
  { additionalProperties: false },
);

export const LedgerPageQuery = Type.Object(
  { cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) },
  { additionalProperties: false },
);
