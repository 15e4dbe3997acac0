import { useEffect, useState } from "react";

/**
 * Hash routing (`#/cases/1003`): the server needs no fallback for app paths, so every unknown
 * path outside the app stays the API's problem+json 404.
 */
export type Route =
  | { name: "queue" }
  | { name: "case"; number: number }
  | { name: "staff" }
  | { name: "teams" }
  | { name: "clients" }
  | { name: "customers" }
  | { name: "agreements" }
  | { name: "calendars" }
  | { name: "not-found"; path: string }
  | { name: "policies" }
  | { name: "policy"; id: string }
  | { name: "approvals" }
  | { name: "desk" }
  | { name: "inbox" }
  | { name: "schedules" }
  | { name: "rotas" }
  | { name: "handovers" }
  // The customer portal and the public request form (web/src/portal), outside the staff sign-in.
  /** token null: "#/portal/opening", where the token went from the address bar while it opened. */
  | { name: "portal-enter"; token: string | null }
  | { name: "portal-home" }
  | { name: "portal-case"; number: number }
  | { name: "request"; workspace: string | null };

export type PortalRoute = Extract<
  Route,
  { name: "portal-enter" | "portal-home" | "portal-case" | "request" }
>;

/** Portal and request-form pages render without the staff session. */
export function isPortalRoute(route: Route): route is PortalRoute {
  return (
    route.name === "portal-enter" ||
    route.name === "portal-home" ||
    route.name === "portal-case" ||
    route.name === "request"
  );
}

function parsePortalRoute(path: string): PortalRoute | undefined {
  if (path === "/portal" || path === "/portal/") return { name: "portal-home" };
  const enter = /^\/portal\/enter\/([A-Za-z0-9_-]{1,200})$/.exec(path);
  if (enter?.[1]) return { name: "portal-enter", token: enter[1] };
  if (path === "/portal/opening") return { name: "portal-enter", token: null };
  const kase = /^\/portal\/cases\/(\d{1,10})$/.exec(path);
  if (kase?.[1]) return { name: "portal-case", number: Number(kase[1]) };
  if (path === "/request") return { name: "request", workspace: null };
  const request = /^\/request\/([a-z0-9][a-z0-9-]{1,62})$/.exec(path);
  if (request?.[1]) return { name: "request", workspace: request[1] };
  return undefined;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  if (path === "/" || path === "/queue") return { name: "queue" };
  const portal = parsePortalRoute(path);
  if (portal) return portal;
  const caseMatch = /^\/cases\/(\d{1,10})$/.exec(path);
  if (caseMatch?.[1]) return { name: "case", number: Number(caseMatch[1]) };
  const policyMatch = /^\/policies\/([0-9a-f-]{36})$/.exec(path);
  if (policyMatch?.[1]) return { name: "policy", id: policyMatch[1] };
  if (path === "/policies") return { name: "policies" };
  if (path === "/approvals") return { name: "approvals" };
  switch (path) {
    case "/admin/staff":
      return { name: "staff" };
    case "/admin/teams":
      return { name: "teams" };
    case "/admin/clients":
      return { name: "clients" };
    case "/admin/customers":
      return { name: "customers" };
    case "/admin/agreements":
      return { name: "agreements" };
    case "/admin/calendars":
      return { name: "calendars" };
    case "/desk":
      return { name: "desk" };
    case "/inbox":
      return { name: "inbox" };
    case "/schedules":
      return { name: "schedules" };
    case "/rotas":
      return { name: "rotas" };
    case "/handovers":
      return { name: "handovers" };
    default:
      return { name: "not-found", path };
  }
}

export function navigate(path: string): void {
  window.location.hash = path;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = (): void => {
      setRoute(parseRoute(window.location.hash));
    };
    window.addEventListener("hashchange", update);
    return () => {
      window.removeEventListener("hashchange", update);
    };
  }, []);
  return route;
}
