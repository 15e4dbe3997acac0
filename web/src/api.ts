/**
 * The one place the console talks to the API: same origin, the session cookie, and the CSRF
 * token echoed on every mutation. Failures become ApiError carrying the problem's `detail`.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  /** The field the problem names, when it names one (e.g. "email"). */
  readonly field: string | undefined;
  /** Every problem an `invalid` answer listed (e.g. a calendar's), for showing beside fields. */
  readonly problems: string[];
  constructor(status: number, type: string, detail: string, field?: string, problems: string[] = []) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.type = type;
    this.field = field;
    this.problems = problems;
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request answers 401, so the app can return to the sign-in page. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

interface ProblemBody {
  type?: unknown;
  title?: unknown;
  detail?: unknown;
  field?: unknown;
  problems?: unknown;
}

export async function toError(res: Response): Promise<ApiError> {
  let body: ProblemBody = {};
  try {
    body = (await res.json()) as ProblemBody;
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status text below.
  }
  const detail =
    typeof body.detail === "string" && body.detail
      ? body.detail
      : typeof body.title === "string"
        ? body.title
        : `The server answered ${res.status} ${res.statusText}.`;
  const problems = Array.isArray(body.problems)
    ? body.problems.filter((p): p is string => typeof p === "string")
    : [];
  return new ApiError(
    res.status,
    typeof body.type === "string" ? body.type : "about:blank",
    detail,
    typeof body.field === "string" ? body.field : undefined,
    problems,
  );
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  /** keepalive: the request outlives the page (leaving a case as the tab closes). */
  options: { keepalive?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(options.keepalive ? { keepalive: true } : {}),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, "network", "The server cannot be reached. Check the connection and try again.");
  }
  if (!res.ok) {
    const error = await toError(res);
    if (res.status === 401 && !path.startsWith("/api/auth/")) onUnauthenticated?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string): Promise<T> => request<T>("GET", path),
  post: <T>(path: string, body: unknown): Promise<T> => request<T>("POST", path, body),
  patch: <T>(path: string, body: unknown): Promise<T> => request<T>("PATCH", path, body),
  delete: <T>(path: string): Promise<T> => request<T>("DELETE", path),
  put: <T>(path: string, body: unknown): Promise<T> => request<T>("PUT", path, body),
};

/** Builds a query string from defined values only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
