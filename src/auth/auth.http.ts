import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Deps } from "../deps.js";
import { AppError } from "../shared/errors.js";
import type { Actor } from "./auth.rules.js";
import { resolveApiToken, resolveSession, type ResolvedSession } from "./auth.service.js";
import { safeEqual } from "./secrets.js";

export const SESSION_COOKIE = "fd_session";
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
    session: ResolvedSession | null;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Reads credentials on every request: `Authorization: Bearer fdt_…` (API tokens) or the session
 * cookie. A browser mutation with the cookie must echo the session's CSRF token in a header,
 * which a cross-site form cannot do.
 */
export function installAuthentication(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("session", null);
  app.addHook("onRequest", async (request) => {
    // Portal routes (src/portal) know only customers; staff credentials mean nothing there.
    if (request.routeOptions.config.portal !== undefined) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match?.[1] ? await resolveApiToken(deps, match[1]) : undefined;
      if (!actor) throw new AppError("unauthenticated", "The API token is not valid.");
      request.actor = actor;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(deps, token);
    if (!session) return;
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !safeEqual(sent, session.csrfToken)) {
        throw new AppError(
          "forbidden",
          "This request needs the session's CSRF token in the X-CSRF-Token header.",
          {
            reason: "csrf",
          },
        );
      }
    }
    request.session = session;
    request.actor = session.actor;
  });
}

/** The signed-in actor, or `unauthenticated`. Routes call this before their one service call. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError("unauthenticated", "Sign in, or send an API token.");
  return request.actor;
}

/**
 * For long-lived responses (event streams): a check that the request's credentials still hold,
 * so a stream ends soon after its session is signed out or its API token revoked.
 */
export function credentialsCheck(deps: Deps, request: FastifyRequest): () => Promise<boolean> {
  const staffId = request.actor?.staffId ?? null;
  const header = request.headers.authorization;
  const bearer = header === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const cookie = request.cookies[SESSION_COOKIE];
  return async () => {
    if (staffId === null) return false;
    if (bearer !== undefined) return (await resolveApiToken(deps, bearer))?.staffId === staffId;
    if (cookie === undefined) return false;
    return (await resolveSession(deps, cookie))?.actor.staffId === staffId;
  };
}

/** What per-session limits count by: the session, or for API tokens their staff member. */
export function sessionKeyOf(request: FastifyRequest): string {
  if (request.session) return `session:${request.session.sessionId}`;
  return `staff:${request.actor?.staffId ?? "none"}`;
}
