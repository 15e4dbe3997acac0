import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import { CalendarSpecSchema } from "../calendars/calendars.schemas.js";
import type { Deps } from "../deps.js";
import { Enum, Id, IdParams, Instant, NullableId, StandardErrors, Text } from "../shared/schemas.js";
import {
  addOverride,
  createRota,
  getRota,
  listRotas,
  removeOverride,
  setAgreementRota,
  updateRota,
} from "./rotas.service.js";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const NullableString = Type.Union([Type.String(), Type.Null()]);

const RotaFields = {
  name: Text(80, 1),
  hours: CalendarSpecSchema,
  handoverDay: Enum(DAYS),
  handoverTime: Text(5, 5),
  startsOn: Type.String({ format: "date" }),
  memberIds: Type.Array(Id, { minItems: 1, maxItems: 50 }),
  ackMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
  webhookUrl: Type.Optional(Type.Union([Text(500, 1), Type.Null()])),
};

const RotaSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  hours: CalendarSpecSchema,
  handoverDay: Enum(DAYS),
  handoverTime: Type.String(),
  startsOn: Type.String(),
  members: Type.Array(Type.Object({ staffId: Type.String(), name: NullableString })),
  ackMinutes: Type.Integer(),
  webhookUrl: Type.Optional(NullableString),
  onCallNow: Type.Union([
    Type.Object({ staffId: NullableString, name: NullableString, until: NullableString }),
    Type.Null(),
  ]),
  plan: Type.Array(
    Type.Object({
      staffId: NullableString,
      name: NullableString,
      start: Type.String(),
      end: Type.String(),
      byOverride: Type.Boolean(),
    }),
  ),
  overrides: Type.Array(
    Type.Object({
      id: Type.String(),
      staffId: Type.String(),
      name: NullableString,
      startsAt: Type.String(),
      endsAt: Type.String(),
      note: Type.String(),
    }),
  ),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function rotaRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["rotas"];

  app.get(
    "/api/rotas",
    {
      schema: {
        tags,
        summary: "On-call rotas, each with who is on call now",
        response: { 200: Type.Array(RotaSchema), ...StandardErrors },
      },
    },
    (request) => listRotas(deps, actorOf(request)),
  );

  app.post(
    "/api/rotas",
    {
      schema: {
        tags,
        summary: "Add an on-call rota: its hours, weekly hand-over, first week and members in order",
        body: Type.Object(RotaFields, { additionalProperties: false }),
        response: { 201: RotaSchema, ...StandardErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await createRota(deps, actorOf(request), request.body)),
  );

  app.get(
    "/api/rotas/:id",
    {
      schema: {
        tags,
        summary: "A rota: who is on call at `at` (default now) and the plan for two weeks",
        params: IdParams,
        querystring: Type.Object({ at: Type.Optional(Instant) }, { additionalProperties: false }),
        response: { 200: RotaSchema, ...StandardErrors },
      },
    },
    (request) => getRota(deps, actorOf(request), request.params.id, request.query.at),
  );

  app.patch(
    "/api/rotas/:id",
    {
      schema: {
        tags,
        summary: "Change a rota",
        params: IdParams,
        body: Type.Partial(Type.Object(RotaFields), { additionalProperties: false, minProperties: 1 }),
        response: { 200: RotaSchema, ...StandardErrors },
      },
    },
    (request) => updateRota(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/api/rotas/:id/overrides",
    {
      schema: {
        tags,
        summary: "A hand-over or swap: someone covers the rota's hours for a span",
        params: IdParams,
        body: Type.Object(
          { staffId: Id, startsAt: Instant, endsAt: Instant, note: Type.Optional(Text(300)) },
          { additionalProperties: false },
        ),
        response: { 201: RotaSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addOverride(deps, actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    "/api/rota-overrides/:id",
    {
      schema: {
        tags,
        summary: "Remove an override",
        params: IdParams,
        response: { 204: Type.Null(), ...StandardErrors },
      },
    },
    async (request, reply) => {
      await removeOverride(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    "/api/agreements/:id/on-call-rota",
    {
      schema: {
        tags,
        summary: "Name the rota that urgent requests under this agreement page (null: none)",
        params: IdParams,
        body: Type.Object({ rotaId: NullableId }, { additionalProperties: false }),
        response: {
          200: Type.Object({ agreementId: Type.String(), rotaId: NullableString }),
          ...StandardErrors,
        },
      },
    },
    (request) => setAgreementRota(deps, actorOf(request), request.params.id, request.body.rotaId),
  );
}
