import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Config } from "../config.js";
import type { Deps } from "../deps.js";
import { IdParams, PageOf, Problem, StandardErrors } from "../shared/schemas.js";
import { PORTAL_COOKIE, PORTAL_COOKIE_PATH, portalActorOf, portalSessionOf } from "./portal.http.js";
import { createPortalLink, listPortalLinks, revokePortalLink } from "./portal.links.service.js";
import { submitPortalRequest } from "./portal.requests.service.js";
import {
  CaseNumberParams,
  CreatedPortalLinkSchema,
  CreatePortalLinkBody,
  OpenSessionBody,
  PortalCaseSchema,
  PortalCaseSummarySchema,
  PortalCasesQuery,
  PortalEntrySchema,
  PortalLinkSchema,
  PortalMeSchema,
  PortalRequestBody,
  PortalRequestResultSchema,
  ReplyBody,
} from "./portal.schemas.js";
import {
  closePortalSession,
  getPortalCase,
  getPortalMe,
  listPortalCases,
  openPortalSession,
  replyAsCustomer,
} from "./portal.service.js";

/** Where a portal link points: the web app's entry page, which trades the token for a session. */
export function portalLinkUrl(config: Config, request: FastifyRequest, token: string): string {
  // The configured public address when there is one (mail must use it); else the asker's own origin.
  const origin = config.publicUrl ?? `${request.protocol}://${request.host}`;
  return `${origin}/#/portal/enter/${token}`;
}

const PUBLIC = { security: [] };
const SESSION = { security: [{ portal: [] }] };
const PortalErrors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 429: Problem };

/** Staff routes for customers' portal links (staff credentials, staff permissions). */
export function portalLinkRoutes(appBase: FastifyInstance, deps: Deps, config: Config): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["portal links"];

  app.post(
    "/api/customers/:id/portal-links",
    {
      schema: {
        tags,
        summary: "Make a portal link for a customer (all their cases, or one); the URL is shown once",
        params: IdParams,
        body: CreatePortalLinkBody,
        response: { 201: CreatedPortalLinkSchema, ...StandardErrors },
      },
    },
    async (request, reply) => {
      const { token, ...link } = await createPortalLink(
        deps,
        actorOf(request),
        request.params.id,
        request.body,
      );
      return reply.status(201).send({ ...link, url: portalLinkUrl(config, request, token) });
    },
  );

  app.get(
    "/api/customers/:id/portal-links",
    {
      schema: {
        tags,
        summary: "A customer's portal links, newest first (never their tokens)",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(PortalLinkSchema) }), ...StandardErrors },
      },
    },
    async (request) => ({ items: await listPortalLinks(deps, actorOf(request), request.params.id) }),
  );

  app.delete(
    "/api/portal-links/:id",
    {
      schema: {
        tags,
        summary: "Revoke a portal link; the sessions opened from it end at once",
        params: IdParams,
        response: { 204: Type.Null(), ...StandardErrors },
      },
    },
    async (request, reply) => {
      await revokePortalLink(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}

/** The customer portal's API: the public request form, opening a link, and the customer's cases. */
export function portalRoutes(appBase: FastifyInstance, deps: Deps, config: Config): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["portal"];

  app.post(
    "/api/portal/requests",
    {
      config: {
        portal: "public",
        rateLimit: { max: config.portalRequestRatePerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags,
        ...PUBLIC,
        summary: "The public request form: a case for the workspace's desk, and a link to follow it",
        body: PortalRequestBody,
        response: { 201: PortalRequestResultSchema, ...PortalErrors },
      },
    },
    async (request, reply) => {
      const { token, ...result } = await submitPortalRequest(deps, request.body);
      return reply.status(201).send({ ...result, url: portalLinkUrl(config, request, token) });
    },
  );

  app.post(
    "/api/portal/session",
    {
      config: {
        portal: "public",
        rateLimit: { max: config.portalOpenRatePerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags,
        ...PUBLIC,
        summary: "Open a portal link: trades its token for a portal session cookie",
        body: OpenSessionBody,
        response: { 200: PortalMeSchema, ...PortalErrors },
      },
    },
    async (request, reply) => {
      const s = await openPortalSession(deps, request.body.token);
      const seconds = Math.max(1, Math.floor((Date.parse(s.expiresAt) - deps.clock.now().getTime()) / 1000));
      void reply.setCookie(PORTAL_COOKIE, s.token, {
        httpOnly: true,
        sameSite: "lax",
        secure: config.secureCookies,
        path: PORTAL_COOKIE_PATH,
        maxAge: seconds,
      });
      return getPortalMe(deps, s);
    },
  );

  app.get(
    "/api/portal/me",
    {
      config: { portal: "session" },
      schema: {
        tags,
        ...SESSION,
        summary: "Who the portal visitor is, and the session's CSRF token",
        response: { 200: PortalMeSchema, ...PortalErrors },
      },
    },
    (request) => getPortalMe(deps, portalSessionOf(request)),
  );

  app.get(
    "/api/portal/cases",
    {
      config: { portal: "session" },
      schema: {
        tags,
        ...SESSION,
        summary: "My cases, newest first",
        querystring: PortalCasesQuery,
        response: { 200: PageOf(PortalCaseSummarySchema), ...PortalErrors },
      },
    },
    (request) =>
      listPortalCases(deps, portalActorOf(request), {
        cursor: request.query.cursor,
        limit: request.query.limit ?? 50,
      }),
  );

  app.get(
    "/api/portal/cases/:number",
    {
      config: { portal: "session" },
      schema: {
        tags,
        ...SESSION,
        summary: "One of my cases: status, the messages in and out, and what was promised",
        params: CaseNumberParams,
        response: { 200: PortalCaseSchema, ...PortalErrors },
      },
    },
    (request) => getPortalCase(deps, portalActorOf(request), request.params.number),
  );

  app.post(
    "/api/portal/cases/:number/replies",
    {
      config: { portal: "session", rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags,
        ...SESSION,
        summary: "Write on one of my cases (reopens it when solved or waiting on me)",
        params: CaseNumberParams,
        body: ReplyBody,
        response: { 201: PortalEntrySchema, ...PortalErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await replyAsCustomer(deps, portalActorOf(request), request.params.number, request.body.body)),
  );

  app.post(
    "/api/portal/logout",
    {
      config: { portal: "session" },
      schema: {
        tags,
        ...SESSION,
        summary: "Sign out of the portal (the link itself keeps working until it expires)",
        response: { 204: Type.Null(), ...PortalErrors },
      },
    },
    async (request, reply) => {
      if (request.portal) await closePortalSession(deps, request.portal);
      void reply.clearCookie(PORTAL_COOKIE, { path: PORTAL_COOKIE_PATH });
      return reply.status(204).send(null);
    },
  );
}
