import { Type, type TEnum, type TSchema } from "typebox";
import { UUID_PATTERN } from "./ids.js";

/** Common schema pieces for routes. Response schemas are allow-lists: what is not named is not sent. */
export const Id = Type.String({ pattern: UUID_PATTERN, description: "A time-ordered id (UUIDv7)." });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export const Instant = Type.String({ format: "date-time", description: "ISO-8601 instant in UTC." });
export const NullableId = Type.Union([Id, Type.Null()]);

/** A bounded free-text field; every string we accept has a stated limit. */
export function Text(maxLength: number, minLength = 0) {
  return Type.String({ maxLength, minLength });
}

export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
export const Cursor = Type.String({ maxLength: 500 });

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const StandardErrors = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
};

/** A closed set of strings, e.g. case statuses; typed as the union of its values. */
export function Enum<const T extends readonly string[]>(values: T, description?: string): TEnum<[...T]> {
  return Type.Enum([...values], description ? { description } : {}) as TEnum<[...T]>;
}
