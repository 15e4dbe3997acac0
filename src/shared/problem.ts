import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, type ErrorCode } from "./errors.js";

/** The single code → HTTP status table. Problem `type`s are stable URIs clients may switch on. */
const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "too-large": 413,
  "policy-refused": 422,
  "not-on-duty": 409,
  "rate-limited": 429,
  "not-understood": 422,
};

const TITLES: Record<ErrorCode, string> = {
  invalid: "The request is not valid",
  unauthenticated: "You are not signed in",
  forbidden: "You may not do this",
  "not-found": "Not found",
  conflict: "This conflicts with the current state",
  "too-large": "The request is too large",
  "policy-refused": "A policy does not allow this",
  "not-on-duty": "Nobody suitable is on duty",
  "rate-limited": "Too many requests",
  "not-understood": "The desk could not read this",
};

export const PROBLEM_BASE = "https://frontdesk.dev/problems/";

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extra: string]: unknown;
}

export function problemFor(code: ErrorCode, detail: string, extra?: Record<string, unknown>): ProblemDetails {
  // Extra members come first so a detail named e.g. `status` can never override the standard ones.
  return { ...extra, type: PROBLEM_BASE + code, title: TITLES[code], status: STATUS[code], detail };
}

/** Maps Fastify's own errors (bad JSON, schema, size, rate limit) onto our codes. */
function fromFastifyError(err: FastifyError): ProblemDetails | undefined {
  if (err.validation) {
    const errors = err.validation.map((v) => ({
      location: err.validationContext ?? "body",
      path: v.instancePath || "/",
      message: v.message ?? "is not valid",
      ...(v.keyword === "additionalProperties"
        ? { field: (v.params as { additionalProperty?: string }).additionalProperty }
        : {}),
    }));
    const first = errors[0];
    const detail = first
      ? `${first.location}${first.path === "/" ? "" : first.path} ${first.message}${"field" in first ? `: ${first.field ?? ""}` : ""}`
      : "The request does not match the schema.";
    return problemFor("invalid", detail, { errors });
  }
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return problemFor("too-large", err.message);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return { ...problemFor("invalid", err.message), status: 415, title: "Unsupported media type" };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return problemFor("invalid", err.message);
    default:
      break;
  }
  // A unique index caught a duplicate the service's own check missed (two requests at once).
  if (
    err.code === "23505" ||
    err.code === "SQLITE_CONSTRAINT_UNIQUE" ||
    err.code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  ) {
    return problemFor("conflict", "That already exists (it was created at the same moment).");
  }
  if (err instanceof SyntaxError || err.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
    return problemFor("invalid", "The body is not valid JSON.");
  }
  if (err.statusCode === 429) return problemFor("rate-limited", err.message);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { ...problemFor("invalid", err.message), status: err.statusCode };
  }
  return undefined;
}

export function sendProblem(reply: FastifyReply, problem: ProblemDetails): FastifyReply {
  return reply.status(problem.status).type("application/problem+json").send(problem);
}

/** Installs the one error handler and the 404 handler: every failure leaves as problem details. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      return sendProblem(reply, { ...problemFor(err.code, err.message, err.details), instance: request.url });
    }
    const mapped = fromFastifyError(err);
    if (mapped) return sendProblem(reply, { ...mapped, instance: request.url });
    // Unknown errors are logged with their stack and never shown: the message may hold data.
    request.log.error({ err }, "unhandled error");
    return sendProblem(reply, {
      type: PROBLEM_BASE + "internal",
      title: "Something went wrong on our side",
      status: 500,
      detail: "The error has been logged.",
      instance: request.url,
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, { ...problemFor("not-found", "No such route."), instance: request.url }),
  );
}
