import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Config } from "../config.js";
import type { Deps } from "../deps.js";
import { AppError } from "../shared/errors.js";
import { Enum, IdParams, Problem, StandardErrors, Text } from "../shared/schemas.js";
import { ROLES } from "./auth.rules.js";
import { actorOf, SESSION_COOKIE } from "./auth.http.js";
import {
  createApiToken,
  listOwnApiTokens,
  login,
  logout,
  revokeOwnApiToken,
  SESSION_HOURS,
} from "./auth.service.js";

const SessionView = Type.Object({
  staffId: Type.String(),
  workspaceId: Type.String(),
  role: Enum(ROLES),
  permissions: Type.Array(Type.String()),
  csrfToken: Type.String({
    description: "Send back in X-CSRF-Token on every mutation made with the cookie.",
  }),
  expiresAt: Type.String(),
});

const TokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});

export function authRoutes(appBase: FastifyInstance, deps: Deps, config: Config): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/api/auth/login",
    {
      config: {
        // Per IP and email: slows guessing one account without locking out a shared office IP.
        rateLimit: {
          max: config.loginRatePerMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => {
            const body = request.body as { email?: unknown } | undefined;
            const email = typeof body?.email === "string" ? body.email.trim().toLowerCase() : "";
            return `${request.ip}|${email}`;
          },
        },
      },
      schema: {
        tags: ["auth"],
        summary: "Sign in with a password; sets an HTTP-only session cookie",
        body: Type.Object(
          { workspace: Text(63, 1), email: Text(254, 3), password: Text(1024, 1) },
          { additionalProperties: false },
        ),
        response: { 200: SessionView, 400: Problem, 401: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const s = await login(deps, request.body);
      void reply.setCookie(SESSION_COOKIE, s.token, {
        httpOnly: true,
        sameSite: "lax",
        secure: config.secureCookies,
        path: "/",
        maxAge: SESSION_HOURS * 3600,
      });
      return {
        staffId: s.actor.staffId ?? "",
        workspaceId: s.actor.workspaceId,
        role: s.actor.role,
        permissions: [...s.actor.permissions],
        csrfToken: s.csrfToken,
        expiresAt: s.expiresAt,
      };
    },
  );

  app.get(
    "/api/auth/session",
    {
      schema: {
        tags: ["auth"],
        summary: "The current session",
        response: { 200: SessionView, 401: Problem },
      },
    },
    (request) => {
      const session = request.session;
      if (!session) throw new AppError("unauthenticated", "There is no session.");
      const a = session.actor;
      return {
        staffId: a.staffId ?? "",
        workspaceId: a.workspaceId,
        role: a.role,
        permissions: [...a.permissions],
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
      };
    },
  );

  app.post(
    "/api/auth/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "End the session",
        response: { 204: Type.Null(), ...StandardErrors },
      },
    },
    async (request, reply) => {
      if (request.session) await logout(deps, request.session);
      void reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/tokens",
    {
      schema: {
        tags: ["auth"],
        summary: "My API tokens",
        response: { 200: Type.Array(TokenView), ...StandardErrors },
      },
    },
    (request) => listOwnApiTokens(deps, actorOf(request)),
  );

  app.post(
    "/api/tokens",
    {
      schema: {
        tags: ["auth"],
        summary: "Create an API token that acts as me; the secret is returned once",
        body: Type.Object({ name: Text(100, 1) }, { additionalProperties: false }),
        response: {
          201: Type.Intersect([TokenView, Type.Object({ token: Type.String() })]),
          ...StandardErrors,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createApiToken(deps, actorOf(request), request.body.name)),
  );

  app.delete(
    "/api/tokens/:id",
    {
      schema: {
        tags: ["auth"],
        summary: "Revoke one of my API tokens",
        params: IdParams,
        response: { 204: Type.Null(), ...StandardErrors },
      },
    },
    async (request, reply) => {
      await revokeOwnApiToken(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
