import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { portalActorOf } from "../portal/portal.http.js";
import { CaseNumberParams } from "../portal/portal.schemas.js";
import { IdParams, Problem } from "../shared/schemas.js";
import {
  listPortalAppointments,
  portalCancel,
  portalReschedule,
  portalSlots,
} from "./appointments.portal.service.js";
import {
  AppointmentErrors,
  AppointmentSchema,
  BookBody,
  CancelBody,
  PortalAppointmentSchema,
  PortalRescheduleBody,
  PortalSlotOfferSchema,
  PortalSlotsQuery,
  RescheduleBody,
  SlotOfferSchema,
  SlotQuery,
} from "./appointments.schemas.js";
import {
  bookAppointment,
  cancelAppointment,
  listAppointments,
  offerSlots,
  rescheduleAppointment,
} from "./appointments.service.js";

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function appointmentRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["appointments"];

  app.get(
    "/api/staff/:id/appointment-slots",
    {
      schema: {
        tags,
        summary: "The person's earliest free slots that fit what suits the customer (never their hours)",
        params: IdParams,
        querystring: SlotQuery,
        response: { 200: SlotOfferSchema, ...AppointmentErrors },
      },
    },
    (request) => offerSlots(deps, actorOf(request), request.params.id, request.query),
  );

  app.get(
    "/api/cases/:id/appointments",
    {
      schema: {
        tags,
        summary: "The case's appointments, soonest first",
        params: IdParams,
        response: { 200: Type.Array(AppointmentSchema), ...AppointmentErrors },
      },
    },
    (request) => listAppointments(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/cases/:id/appointments",
    {
      schema: {
        tags,
        summary: "Book a meeting or callback with a named person (409 when the slot is taken)",
        params: IdParams,
        body: BookBody,
        response: { 201: AppointmentSchema, ...AppointmentErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await bookAppointment(deps, actorOf(request), request.params.id, request.body)),
  );

  app.post(
    "/api/appointments/:id/reschedule",
    {
      schema: {
        tags,
        summary: "Move an appointment; the customer gets the updated invitation",
        params: IdParams,
        body: RescheduleBody,
        response: { 200: AppointmentSchema, ...AppointmentErrors },
      },
    },
    (request) => rescheduleAppointment(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/api/appointments/:id/cancel",
    {
      schema: {
        tags,
        summary: "Cancel an appointment; the customer gets the cancellation",
        params: IdParams,
        body: CancelBody,
        response: { 200: AppointmentSchema, ...AppointmentErrors },
      },
    },
    (request) => cancelAppointment(deps, actorOf(request), request.params.id, request.body.reason),
  );
}

const SESSION = { security: [{ portal: [] }] };
const PortalErrors = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
  429: Problem,
};

/** The customer's appointment routes in the portal (portal session, not staff credentials). */
export function portalAppointmentRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["portal"];

  app.get(
    "/api/portal/cases/:number/appointments",
    {
      config: { portal: "session" },
      schema: {
        tags,
        ...SESSION,
        summary: "My appointments on one of my cases",
        params: CaseNumberParams,
        response: { 200: Type.Array(PortalAppointmentSchema), ...PortalErrors },
      },
    },
    (request) => listPortalAppointments(deps, portalActorOf(request), request.params.number),
  );

  app.get(
    "/api/portal/appointments/:id/slots",
    {
      config: { portal: "session" },
      schema: {
        tags,
        ...SESSION,
        summary: "Other times I could move my appointment to",
        params: IdParams,
        querystring: PortalSlotsQuery,
        response: { 200: PortalSlotOfferSchema, ...PortalErrors },
      },
    },
    (request) => portalSlots(deps, portalActorOf(request), request.params.id, request.query.suits),
  );

  app.post(
    "/api/portal/appointments/:id/reschedule",
    {
      config: { portal: "session", rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags,
        ...SESSION,
        summary: "Move my appointment to another free slot",
        params: IdParams,
        body: PortalRescheduleBody,
        response: { 200: PortalAppointmentSchema, ...PortalErrors },
      },
    },
    (request) => portalReschedule(deps, portalActorOf(request), request.params.id, request.body.startsAt),
  );

  app.post(
    "/api/portal/appointments/:id/cancel",
    {
      config: { portal: "session", rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags,
        ...SESSION,
        summary: "Cancel my appointment",
        params: IdParams,
        response: { 200: PortalAppointmentSchema, ...PortalErrors },
      },
    },
    (request) => portalCancel(deps, portalActorOf(request), request.params.id),
  );
}
