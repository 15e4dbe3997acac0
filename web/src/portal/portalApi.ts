import { ApiError, toError } from "../api";

/**
 * The portal's own client: the portal cookie (sent by the browser to /api/portal only) and the
 * portal session's CSRF token on every mutation. Kept apart from the console's client so neither
 * session's token is ever sent with the other's requests.
 */

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setPortalCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a portal request answers 401 (the session ended), so the portal can say so. */
export function setPortalUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

async function portalRequest<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, "network", "We cannot be reached right now. Check your connection and try again.");
  }
  if (!res.ok) {
    const error = await toError(res);
    const isEntry = path === "/api/portal/session" || path === "/api/portal/requests";
    if (res.status === 401 && !isEntry) onUnauthenticated?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const portalApi = {
  get: <T>(path: string): Promise<T> => portalRequest<T>("GET", path),
  post: <T>(path: string, body: unknown): Promise<T> => portalRequest<T>("POST", path, body),
};
