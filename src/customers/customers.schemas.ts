import { Type } from "typebox";
import { Cursor, Id, Limit, Text } from "../shared/schemas.js";

/** The allow-list of what leaves the server about a customer. */
export const CustomerSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  clientId: Type.Union([Type.String(), Type.Null()]),
  notes: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const CustomerFields = {
  name: Text(200, 1),
  email: Type.Optional(
    Type.Union([Type.String({ format: "email", maxLength: 254 }), Type.Null()], {
      description: "Stored lower-case; one customer per email.",
    }),
  ),
  phone: Type.Optional(Type.Union([Text(40), Type.Null()])),
  clientId: Type.Optional(
    Type.Union([Id, Type.Null()], {
      description: "Omit to link by the email's domain; null for no client.",
    }),
  ),
  notes: Type.Optional(Text(10_000)),
};

export const CreateCustomerBody = Type.Object(CustomerFields, { additionalProperties: false });

export const UpdateCustomerBody = Type.Partial(Type.Object(CustomerFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const ListCustomersQuery = Type.Object(
  {
    q: Type.Optional(Text(200, 1)),
    clientId: Type.Optional(Id),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);

export const CustomerCaseSchema = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  subject: Type.String(),
  status: Type.String(),
  createdAt: Type.String(),
});
