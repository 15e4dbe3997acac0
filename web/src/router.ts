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
  | { name: "desk" }
  | { name: "inbox" }
  | { name: "schedules" }
  | { name: "rotas" }
  | { name: "not-found"; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  if (path === "/" || path === "/queue") return { name: "queue" };
  const caseMatch = /^\/cases\/(\d{1,10})$/.exec(path);
  if (caseMatch?.[1]) return { name: "case", number: Number(caseMatch[1]) };
  switch (path) {
    case "/admin/staff":
      return { name: "staff" };
    case "/admin/teams":
      return { name: "teams" };
    case "/admin/clients":
      return { name: "clients" };
    case "/admin/customers":
      return { name: "customers" };
    case "/desk":
      return { name: "desk" };
    case "/inbox":
      return { name: "inbox" };
    case "/schedules":
      return { name: "schedules" };
    case "/rotas":
      return { name: "rotas" };
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
