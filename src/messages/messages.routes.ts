import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import { ChannelS } from "../cases/cases.schemas.js";
import type { Deps } from "../deps.js";
import { Cursor, Enum, Id, IdParams, Limit, PageOf, StandardErrors, Text } from "../shared/schemas.js";
import { UrgentSchema } from "../paging/paging.routes.js";
import { MESSAGE_STATUSES, URGENCIES } from "./messages.rules.js";
import {
  getMessage,
  handOnMessage,
  listInbox,
  markMessageRead,
  markMessageReturned,
  takeMessage,
  unreadCount,
} from "./messages.service.js";

const NullableString = Type.Union([Type.String(), Type.Null()]);
const PromiseS = Type.Object({
  id: Type.String(),
  dueAt: Type.String(),
  status: Type.String(),
  wording: Type.String(),
});

const MessageSchema = Type.Object({
  id: Type.String(),
  staffId: Type.String(),
  staffName: NullableString,
  caseId: Type.String(),
  caseNumber: Type.Union([Type.Integer(), Type.Null()]),
  fromName: Type.String(),
  reachAt: Type.String(),
  about: Type.String(),
  urgency: Enum(URGENCIES),
  status: Enum(MESSAGE_STATUSES),
  promise: Type.Union([PromiseS, Type.Null()]),
  takenById: NullableString,
  takenByName: NullableString,
  handedFromId: NullableString,
  handNote: Type.String(),
  readAt: NullableString,
  returnedAt: NullableString,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const TakeMessageSchema = Type.Object({
  message: MessageSchema,
  case: Type.Object({ id: Type.String(), number: Type.Integer(), joined: Type.Boolean() }),
  promise: Type.Union([PromiseS, Type.Null()]),
  customerWording: Type.String(),
  receptionistWording: Type.String(),
  urgent: Type.Union([UrgentSchema, Type.Null()]),
});

/** Thin routes: schema in, actor, one service call; the response schema is the allow-list out. */
export function messageRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["messages"];

  app.post(
    "/api/messages",
    {
      schema: {
        tags,
        summary:
          "Take a message for a colleague: joins the customer's open case or starts one, lands in their inbox, opens a callback promise",
        body: Type.Object(
          {
            staffId: Id,
            caseId: Type.Optional(Id),
            customerId: Type.Optional(Id),
            fromName: Text(120, 1),
            reachAt: Text(200),
            about: Text(2000, 1),
            urgency: Enum(URGENCIES),
            channel: Type.Optional(ChannelS),
          },
          { additionalProperties: false },
        ),
        response: { 201: TakeMessageSchema, ...StandardErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await takeMessage(deps, actorOf(request), request.body)),
  );

  app.get(
    "/api/messages",
    {
      schema: {
        tags,
        summary: "An inbox, newest first: yours, or a report's (staffId) for their managers and admins",
        querystring: Type.Object(
          {
            staffId: Type.Optional(Id),
            status: Type.Optional(Enum(MESSAGE_STATUSES)),
            cursor: Type.Optional(Cursor),
            limit: Type.Optional(Limit),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(MessageSchema), ...StandardErrors },
      },
    },
    (request) =>
      listInbox(deps, actorOf(request), {
        staffId: request.query.staffId,
        status: request.query.status,
        cursor: request.query.cursor,
        limit: request.query.limit ?? 50,
      }),
  );

  app.get(
    "/api/messages/unread-count",
    {
      schema: {
        tags,
        summary: "Unread open messages in an inbox",
        querystring: Type.Object({ staffId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: Type.Object({ staffId: Type.String(), unread: Type.Integer() }), ...StandardErrors },
      },
    },
    (request) => unreadCount(deps, actorOf(request), request.query.staffId),
  );

  app.get(
    "/api/messages/:id",
    {
      schema: {
        tags,
        summary: "One message",
        params: IdParams,
        response: { 200: MessageSchema, ...StandardErrors },
      },
    },
    (request) => getMessage(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/messages/:id/read",
    {
      schema: {
        tags,
        summary: "Mark a message read",
        params: IdParams,
        response: { 200: MessageSchema, ...StandardErrors },
      },
    },
    (request) => markMessageRead(deps, actorOf(request), request.params.id),
  );

  app.post(
    "/api/messages/:id/return",
    {
      schema: {
        tags,
        summary: "The call was returned: the message is done and its callback promise kept",
        params: IdParams,
        body: Type.Object({ note: Type.Optional(Text(2000)) }, { additionalProperties: false }),
        response: { 200: MessageSchema, ...StandardErrors },
      },
    },
    (request) => markMessageReturned(deps, actorOf(request), request.params.id, request.body.note),
  );

  app.post(
    "/api/messages/:id/hand-on",
    {
      schema: {
        tags,
        summary: "Hand a message on to a colleague (the promise goes with it)",
        params: IdParams,
        body: Type.Object({ staffId: Id, note: Type.Optional(Text(2000)) }, { additionalProperties: false }),
        response: { 200: MessageSchema, ...StandardErrors },
      },
    },
    (request) => handOnMessage(deps, actorOf(request), request.params.id, request.body),
  );
}
