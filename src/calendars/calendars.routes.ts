import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams, StandardErrors } from "../shared/schemas.js";
import { listCalendarOpenings } from "./calendars.preview.service.js";
import {
  CalendarSchema,
  OpeningsQuery,
  OpeningsSchema,
  CreateCalendarBody,
  PromiseSettingsSchema,
  TeamCalendarBody,
  TeamCalendarSchema,
  UpdateCalendarBody,
  UpdatePromiseSettingsBody,
} from "./calendars.schemas.js";
import {
  createCalendar,
  getCalendar,
  getPromiseSettings,
  listCalendars,
  setTeamCalendar,
  updateCalendar,
  updatePromiseSettingsFor,
} from "./calendars.service.js";

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function calendarRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["calendars"];

  app.get(
    "/api/calendars",
    {
      schema: {
        tags,
        summary: "All calendars by name",
        response: { 200: Type.Array(CalendarSchema), ...StandardErrors },
      },
    },
    (request) => listCalendars(deps, actorOf(request)),
  );

  app.post(
    "/api/calendars",
    {
      schema: {
        tags,
        summary: "Add a calendar; an invalid one is refused with every problem listed",
        body: CreateCalendarBody,
        response: { 201: CalendarSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCalendar(deps, actorOf(request), request.body)),
  );

  app.get(
    "/api/calendars/:id",
    {
      schema: {
        tags,
        summary: "One calendar",
        params: IdParams,
        response: { 200: CalendarSchema, ...StandardErrors },
      },
    },
    (request) => getCalendar(deps, actorOf(request), request.params.id),
  );

  app.patch(
    "/api/calendars/:id",
    {
      schema: {
        tags,
        summary: "Rename or reshape a calendar; open promises computed in it are recomputed",
        params: IdParams,
        body: UpdateCalendarBody,
        response: { 200: CalendarSchema, ...StandardErrors },
      },
    },
    (request) => updateCalendar(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/api/workspace/promise-settings",
    {
      schema: {
        tags,
        summary: "The workspace's business calendar and callback target",
        response: { 200: PromiseSettingsSchema, ...StandardErrors },
      },
    },
    (request) => getPromiseSettings(deps, actorOf(request)),
  );

  app.put(
    "/api/workspace/promise-settings",
    {
      schema: {
        tags,
        summary: "Set the workspace's business calendar and callback target (real minutes)",
        body: UpdatePromiseSettingsBody,
        response: { 200: PromiseSettingsSchema, ...StandardErrors },
      },
    },
    (request) => updatePromiseSettingsFor(deps, actorOf(request), request.body),
  );

  app.put(
    "/api/teams/:id/calendar",
    {
      schema: {
        tags,
        summary: "Give a team its own calendar (null: none)",
        params: IdParams,
        body: TeamCalendarBody,
        response: { 200: TeamCalendarSchema, ...StandardErrors },
      },
    },
    (request) => setTeamCalendar(deps, actorOf(request), request.params.id, request.body.calendarId),
  );

  app.get(
    "/api/calendars/:id/openings",
    {
      schema: {
        tags,
        summary: "The calendar's next open stretches from `from` (default now), in words",
        params: IdParams,
        querystring: OpeningsQuery,
        response: { 200: OpeningsSchema, ...StandardErrors },
      },
    },
    (request) =>
      listCalendarOpenings(deps, actorOf(request), request.params.id, {
        from: request.query.from,
        count: request.query.count ?? 7,
      }),
  );
}
