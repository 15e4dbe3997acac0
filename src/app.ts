import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { installAuthentication } from "./auth/auth.http.js";
import { authRoutes } from "./auth/auth.routes.js";
import { agreementRoutes } from "./agreements/agreements.routes.js";
import { auditRoutes } from "./audit/audit.routes.js";
import { calendarRoutes } from "./calendars/calendars.routes.js";
import { caseRoutes } from "./cases/cases.routes.js";
import { clientRoutes } from "./clients/clients.routes.js";
import type { Config } from "./config.js";
import { customerRoutes } from "./customers/customers.routes.js";
import { emailRoutes } from "./email/email.routes.js";
import type { Deps } from "./deps.js";
import { installMetrics } from "./ops/metrics.js";
import { opsRoutes } from "./ops/ops.routes.js";
import { installPortalAuthentication } from "./portal/portal.http.js";
import { portalLinkRoutes, portalRoutes } from "./portal/portal.routes.js";
import { promiseRoutes } from "./promises/promises.routes.js";
import { policyRoutes } from "./policies/policies.routes.js";
import { scheduleRoutes } from "./schedules/schedules.routes.js";
import { rotaRoutes } from "./schedules/rotas.routes.js";
import { messageRoutes } from "./messages/messages.routes.js";
import { privacyRoutes } from "./privacy/privacy.routes.js";
import { pagingRoutes } from "./paging/paging.routes.js";
import { escalationRoutes } from "./escalations/escalations.routes.js";
import { handoffRoutes } from "./handoffs/handoffs.routes.js";
import { appointmentRoutes, portalAppointmentRoutes } from "./appointments/appointments.routes.js";
import { installProblemHandlers } from "./shared/problem.js";
import { AppError } from "./shared/errors.js";
import { containsNul, validatorCompiler } from "./shared/validation.js";
import { staffRoutes } from "./staff/staff.routes.js";
import { teamRoutes } from "./teams/teams.routes.js";
import { eventRoutes } from "./events/events.routes.js";
import { defaultWebDistDir, installWebApp } from "./web/static.js";

export interface BuildOptions {
  deps: Deps;
  config: Config;
  /** Fastify's logger; off in tests. */
  logger?: boolean | { level: string };
}

/** Builds the whole HTTP app without listening, so tests drive it with inject() or a real port. */
export async function buildApp({ deps, config, logger = false }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimit,
    // Keep one ajv per http part (see validation.ts) and a problem for every failure.
    ajv: { customOptions: { removeAdditional: false } },
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  installProblemHandlers(app);
  // PostgreSQL text cannot hold NUL and SQLite would store it silently; refuse it at the door
  // for both, so the two stores accept exactly the same input.
  app.addHook("preValidation", (request, _reply, done) => {
    if (containsNul(request.body) || containsNul(request.query)) {
      done(new AppError("invalid", "Text may not contain NUL (\\u0000) characters."));
      return;
    }
    done();
  });

  await app.register(cookie);
  await app.register(rateLimit, { global: false, hook: "preHandler" });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Frontdesk API",
        version: "0.1.0",
        description:
          "Cases, customers, clients and staff of one workspace. Errors are RFC 9457 problem details " +
          "(application/problem+json) with a stable `type`. Authenticate with the session cookie from " +
          "POST /api/auth/login (and X-CSRF-Token on mutations) or `Authorization: Bearer <API token>`.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          session: { type: "apiKey", in: "cookie", name: "fd_session" },
          portal: { type: "apiKey", in: "cookie", name: "fd_portal" },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  const registry = installMetrics(app);
  installAuthentication(app, deps);
  installPortalAuthentication(app, deps);

  opsRoutes(app, deps, registry);
  authRoutes(app, deps, config);
  staffRoutes(app, deps);
  teamRoutes(app, deps);
  customerRoutes(app, deps);
  clientRoutes(app, deps);
  caseRoutes(app, deps);
  auditRoutes(app, deps);
  calendarRoutes(app, deps);
  agreementRoutes(app, deps);
  promiseRoutes(app, deps);
  portalLinkRoutes(app, deps, config);
  portalRoutes(app, deps, config);
  eventRoutes(app, deps, config, registry);

  policyRoutes(app, deps);
  emailRoutes(app, deps);
  scheduleRoutes(app, deps);
  rotaRoutes(app, deps);
  messageRoutes(app, deps);
  privacyRoutes(app, deps);
  pagingRoutes(app, deps);
  escalationRoutes(app, deps);
  handoffRoutes(app, deps);
  appointmentRoutes(app, deps);
  portalAppointmentRoutes(app, deps);
  await installWebApp(app, defaultWebDistDir());

  app.get("/openapi.json", { schema: { hide: true } }, () => app.swagger());
  return app;
}
