import type { FastifyInstance, FastifyRequest } from "fastify";
import { safeEqual } from "../auth/secrets.js";
import type { Deps } from "../deps.js";
import { AppError } from "../shared/errors.js";
import type { PortalActor } from "./portal.rules.js";
import { resolvePortalSession, type PortalSession } from "./portal.service.js";

/** The portal's own cookie: distinct from the staff session's, and sent only to the portal's API. */
export const PORTAL_COOKIE = "fd_portal";
export const PORTAL_COOKIE_PATH = "/api/portal";
const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    /** The customer's portal session on portal routes; always null on staff routes. */
    portal: PortalSession | null;
  }
  interface FastifyContextConfig {
    /**
     * Marks a portal route: "public" (no credentials: the request form, opening a link) or
     * "session" (a customer's portal session). Staff credentials are never read on these routes.
     */
    portal?: "public" | "session";
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether the route is one of the portal's: staff authentication leaves those alone. */
export function isPortalRoute(request: FastifyRequest): boolean {
  return request.routeOptions.config.portal !== undefined;
}

/**
 * Reads the portal cookie on portal session routes only. A mutation must echo the session's CSRF
 * token in X-CSRF-Token, as the staff session requires, which a cross-site form cannot do.
 */
export function installPortalAuthentication(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest("portal", null);
  app.addHook("onRequest", async (request) => {
    if (request.routeOptions.config.portal !== "session") return;
    const token = request.cookies[PORTAL_COOKIE];
    if (!token) return;
    const session = await resolvePortalSession(deps, token);
    if (!session) return;
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !safeEqual(sent, session.csrfToken)) {
        throw new AppError(
          "forbidden",
          "This request needs the portal session's CSRF token in the X-CSRF-Token header.",
          { reason: "csrf" },
        );
      }
    }
    request.portal = session;
  });
}

/** The portal session, or `unauthenticated`. Portal routes call this before their one service call. */
export function portalSessionOf(request: FastifyRequest): PortalSession {
  if (!request.portal) {
    throw new AppError("unauthenticated", "Open the link we sent you to see your cases.");
  }
  return request.portal;
}

export function portalActorOf(request: FastifyRequest): PortalActor {
  return portalSessionOf(request).actor;
}
