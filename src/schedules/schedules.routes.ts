import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { IdParams, StandardErrors } from "../shared/schemas.js";
import { findStatusCards, getStatusCard, listOnDuty, whoCanHelp } from "./duty.service.js";
import {
  HelperSchema,
  HelpQuery,
  OnDutyQuery,
  OnDutySchema,
  ScheduleBody,
  ScheduleSchema,
  SkillsBody,
  SkillsSchema,
  StatusCardSchema,
  StatusSearchQuery,
  TimeOffBody,
  TimeOffSchema,
  WeekQuery,
} from "./schedules.schemas.js";
import { addTimeOff, getSchedule, removeTimeOff, setSchedule, setSkills } from "./schedules.service.js";

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function scheduleRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["schedules"];

  app.get(
    "/api/staff/:id/schedule",
    {
      schema: {
        tags,
        summary: "A person's hours, time off and the week's shifts, as far as the reader may see them",
        params: IdParams,
        querystring: WeekQuery,
        response: { 200: ScheduleSchema, ...StandardErrors },
      },
    },
    (request) => getSchedule(deps, actorOf(request), request.params.id, request.query.weekOf),
  );

  app.put(
    "/api/staff/:id/schedule",
    {
      schema: {
        tags,
        summary: "Set weekly hours (the person, their managers or an admin)",
        params: IdParams,
        body: ScheduleBody,
        response: { 200: ScheduleSchema, ...StandardErrors },
      },
    },
    (request) => setSchedule(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/api/staff/:id/time-off",
    {
      schema: {
        tags,
        summary: "Add time off: whole days, or from/until a time of day",
        params: IdParams,
        body: TimeOffBody,
        response: { 201: TimeOffSchema, ...StandardErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addTimeOff(deps, actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    "/api/time-off/:id",
    {
      schema: {
        tags,
        summary: "Remove time off",
        params: IdParams,
        response: { 204: Type.Null(), ...StandardErrors },
      },
    },
    async (request, reply) => {
      await removeTimeOff(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    "/api/staff/:id/skills",
    {
      schema: {
        tags,
        summary: "Set a person's skills",
        params: IdParams,
        body: SkillsBody,
        response: { 200: SkillsSchema, ...StandardErrors },
      },
    },
    (request) => setSkills(deps, actorOf(request), request.params.id, request.body.skills),
  );

  app.get(
    "/api/staff/:id/status",
    {
      schema: {
        tags,
        summary: "Status card: in / off until … / can't share, with words for the desk and the customer",
        params: IdParams,
        response: { 200: StatusCardSchema, ...StandardErrors },
      },
    },
    (request) => getStatusCard(deps, actorOf(request), request.params.id),
  );

  app.get(
    "/api/desk/status",
    {
      schema: {
        tags,
        summary: "Search a name: status cards of matching staff",
        querystring: StatusSearchQuery,
        response: { 200: Type.Array(StatusCardSchema), ...StandardErrors },
      },
    },
    (request) => findStatusCards(deps, actorOf(request), request.query.q),
  );

  app.get(
    "/api/on-duty",
    {
      schema: {
        tags,
        summary: "Who is on duty now (or at `at`), by team, authority at least, skill and minutes left",
        querystring: OnDutyQuery,
        response: { 200: Type.Array(OnDutySchema), ...StandardErrors },
      },
    },
    (request) => listOnDuty(deps, actorOf(request), request.query),
  );

  app.get(
    "/api/cases/:id/who-can-help",
    {
      schema: {
        tags,
        summary: "Staff on duty now who could take the case, with their open-case load",
        params: IdParams,
        querystring: HelpQuery,
        response: { 200: Type.Array(HelperSchema), ...StandardErrors },
      },
    },
    (request) => whoCanHelp(deps, actorOf(request), request.params.id, request.query),
  );
}
