import type { FastifyInstance } from "fastify";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Prometheus metrics per app instance (own registry, so tests can build many apps). */
export function installMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "frontdesk_" });
  const duration = new Histogram({
    name: "frontdesk_http_request_duration_seconds",
    help: "HTTP request duration by route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const problems = new Counter({
    name: "frontdesk_http_problems_total",
    help: "Responses with status >= 400, by status",
    labelNames: ["status"] as const,
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    // An event stream lasts as long as its page is open; its "duration" would swamp the histogram.
    if (String(reply.getHeader("content-type")).startsWith("text/event-stream")) return;
    // The route pattern, not the URL, so ids do not explode the label set.
    const route = request.routeOptions.url ?? "unmatched";
    duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 400) problems.inc({ status: String(reply.statusCode) });
  });
  return registry;
}
