import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { AUTHORITY_LEVELS, ROLES } from "../auth/auth.rules.js";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import {
  Cursor,
  Enum,
  Id,
  IdParams,
  Limit,
  NullableId,
  PageOf,
  StandardErrors,
  Text,
} from "../shared/schemas.js";
import { CONTACT_KINDS, DISCLOSURES } from "./staff.rules.js";
import {
  createStaffMember,
  getStaffMember,
  listStaffMembers,
  setStaffPassword,
  updateStaffMember,
} from "./staff.service.js";

const Contact = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  label: Type.String(),
  value: Type.String(),
});
const ContactIn = Type.Object(
  { kind: Enum(CONTACT_KINDS), label: Text(60), value: Text(200, 1) },
  { additionalProperties: false },
);

/** The allow-list of what leaves about a staff member; privateContacts only when the service put it in. */
export const StaffSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  title: Type.String(),
  role: Enum(ROLES),
  authority: Enum(AUTHORITY_LEVELS),
  reportsToId: Type.Union([Type.String(), Type.Null()]),
  disclosure: Enum(DISCLOSURES),
  isActive: Type.Boolean(),
  teamIds: Type.Array(Type.String()),
  skills: Type.Array(Type.String()),
  workContacts: Type.Array(Contact),
  privateContacts: Type.Optional(Type.Array(Contact)),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const StaffFields = {
  name: Text(120, 1),
  email: Type.String({ format: "email", maxLength: 254 }),
  title: Type.Optional(Text(120)),
  role: Enum(ROLES),
  authority: Enum(AUTHORITY_LEVELS),
  reportsToId: Type.Optional(NullableId),
  disclosure: Type.Optional(Enum(DISCLOSURES)),
  teamIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  skills: Type.Optional(Type.Array(Text(40, 1), { maxItems: 30 })),
  workContacts: Type.Optional(Type.Array(ContactIn, { maxItems: 20 })),
  privateContacts: Type.Optional(Type.Array(ContactIn, { maxItems: 20 })),
};

export function staffRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["staff"];

  app.get(
    "/api/staff",
    {
      schema: {
        tags,
        summary: "List staff by name",
        querystring: Type.Object(
          { teamId: Type.Optional(Id), cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(StaffSchema), ...StandardErrors },
      },
    },
    (request) =>
      listStaffMembers(deps, actorOf(request), {
        teamId: request.query.teamId,
        cursor: request.query.cursor,
        limit: request.query.limit ?? 50,
      }),
  );

  app.post(
    "/api/staff",
    {
      schema: {
        tags,
        summary: "Add a staff member",
        body: Type.Object(
          { ...StaffFields, password: Type.Optional(Text(1024, 1)) },
          { additionalProperties: false },
        ),
        response: { 201: StaffSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createStaffMember(deps, actorOf(request), request.body)),
  );

  app.get(
    "/api/staff/:id",
    {
      schema: {
        tags,
        summary: "One staff member",
        params: IdParams,
        response: { 200: StaffSchema, ...StandardErrors },
      },
    },
    (request) => getStaffMember(deps, actorOf(request), request.params.id),
  );

  app.patch(
    "/api/staff/:id",
    {
      schema: {
        tags,
        summary: "Change a staff member",
        params: IdParams,
        body: Type.Partial(Type.Object({ ...StaffFields, isActive: Type.Boolean() }), {
          additionalProperties: false,
          minProperties: 1,
        }),
        response: { 200: StaffSchema, ...StandardErrors },
      },
    },
    (request) => updateStaffMember(deps, actorOf(request), request.params.id, request.body),
  );

  app.put(
    "/api/staff/:id/password",
    {
      schema: {
        tags,
        summary:
          "Set a password: your own (with currentPassword), or reset another's with staff:write (ends their sessions and revokes their API tokens)",
        params: IdParams,
        body: Type.Object(
          { password: Text(1024, 1), currentPassword: Type.Optional(Text(1024, 1)) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...StandardErrors },
      },
    },
    async (request, reply) => {
      await setStaffPassword(
        deps,
        actorOf(request),
        request.params.id,
        request.body.password,
        request.body.currentPassword,
      );
      return reply.status(204).send(null);
    },
  );
}
