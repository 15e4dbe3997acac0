import { Command, CommanderError } from "commander";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.js";
import { isAuthorityLevel, isRole, systemActor } from "./auth/auth.rules.js";
import { verifyAuditChain } from "./audit/audit.service.js";
import { loadConfig, type Config } from "./config.js";
import { openDatabase, type Database } from "./db/database.js";
import { migrateToLatest } from "./db/migrate.js";
import { DEMO_SLUG } from "./demo/demo.data.js";
import { demoLogins, loadDemo } from "./demo/demo.js";
import type { Deps } from "./deps.js";
import { systemClock, type Clock } from "./shared/clock.js";
import { AppError } from "./shared/errors.js";
import { createIdGenerator } from "./shared/ids.js";
import { findStaffByEmail } from "./staff/staff.store.js";
import { createStaffMember, setStaffPassword } from "./staff/staff.service.js";
import { findWorkspace } from "./workspaces/workspaces.service.js";
import { createRunner } from "./duework/duework.service.js";
import { PROMISE_JOB_HANDLERS } from "./promises/promises.jobs.js";
import { mailDepsFrom, startMailChannel } from "./email/email.channel.js";
import { MAIL_SEND_MAX_ATTEMPTS, mailJobHandlers } from "./email/email.outbox.js";
import { PAGING_JOB_HANDLERS } from "./paging/paging.jobs.js";
import { hostname } from "node:os";
import { createLocalBus } from "./events/events.bus.js";
import { openEventBus } from "./events/events.open.js";
import { randomBytes } from "node:crypto";

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Reads a secret (a password) without putting it on the command line. */
  readSecret(): Promise<string>;
  env: NodeJS.ProcessEnv;
  clock?: Clock;
}

async function withDatabase<T>(
  config: Config,
  io: CliIo,
  fn: (deps: Deps, database: Database) => Promise<T>,
): Promise<T> {
  const database = openDatabase({ url: config.databaseUrl, sqliteSynchronous: config.sqliteSynchronous });
  try {
    await migrateToLatest(database);
    const clock = io.clock ?? systemClock;
    // One-off commands touch no case a live view shows, so an in-process bus is enough.
    return await fn(
      {
        db: database.db,
        dialect: database.dialect,
        clock,
        newId: createIdGenerator(clock),
        events: createLocalBus(),
      },
      database,
    );
  } finally {
    await database.close();
  }
}

async function workspaceOrFail(deps: Deps, slug: string) {
  const ws = await findWorkspace(deps, slug);
  if (!ws) throw new AppError("not-found", `No workspace "${slug}".`);
  return ws;
}

/** Starts the server and returns a function that stops it (used by `serve` and by tests). */
export async function serve(
  config: Config,
  io: CliIo,
): Promise<{ url: string; stop: () => Promise<void>; app: FastifyInstance }> {
  const database = openDatabase({ url: config.databaseUrl, sqliteSynchronous: config.sqliteSynchronous });
  await migrateToLatest(database);
  const clock = io.clock ?? systemClock;
  // Events are reported to the app's log once it exists (the bus is built before the app).
  const sink: { log?: (error: unknown, context: string) => void } = {};
  const events = openEventBus({
    dialect: database.dialect,
    url: config.databaseUrl,
    onError: (error, context) => {
      if (sink.log) sink.log(error, context);
      else console.error(`live events: ${context}:`, error);
    },
  });
  await events.ready();
  const deps: Deps = {
    db: database.db,
    dialect: database.dialect,
    clock,
    newId: createIdGenerator(clock),
    events,
    mail: mailDepsFrom(config.mail, config.publicUrl),
  };
  const anyWorkspace = await deps.db.selectFrom("workspaces").select("id").limit(1).executeTakeFirst();
  if (config.loadDemo && !anyWorkspace) {
    await loadDemo(deps);
    io.out(`Loaded the demo workspace "Harbor Print & Ship" (workspace: ${DEMO_SLUG}).`);
  }
  const app = await buildApp({ deps, config, logger: { level: config.logLevel } });
  sink.log = (err, context) => {
    app.log.warn({ err }, `live events: ${context}`);
  };
  await app.listen({ host: config.host, port: config.port });
  // Due work (promise warnings and breaches, page escalations, webhook sends) runs in every instance; claims keep it exactly-once.
  const runner = createRunner(deps, {
    instanceId: `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
    handlers: {
      ...PROMISE_JOB_HANDLERS,
      ...PAGING_JOB_HANDLERS,
      ...mailJobHandlers({ maxAttempts: MAIL_SEND_MAX_ATTEMPTS }),
    },
    maxAttempts: MAIL_SEND_MAX_ATTEMPTS,
    onError: (err, work) => {
      app.log.error({ err, workId: work?.id, kind: work?.kind }, "due work failed");
    },
  });
  runner.start(config.dueWorkIntervalMs);
  // Mail in (SMTP listener, IMAP poller) only when configured; off by default.
  const mail = await startMailChannel(deps, config.mail, (level, message, extra) => {
    app.log[level](extra ?? {}, message);
  });
  if (mail.smtp) io.out(`Mail intake (SMTP) listening on ${mail.smtp.host}:${mail.smtp.port}`);
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`;
  io.out(`Frontdesk is running at ${url} (${deps.dialect}; API docs at ${url}/docs)`);
  if (await findWorkspace(deps, DEMO_SLUG)) {
    io.out(`Demo logins (workspace "${DEMO_SLUG}"):`);
    for (const l of demoLogins()) io.out(`  ${l.email.padEnd(22)} ${l.password}   ${l.name}, ${l.title}`);
  }
  return {
    url,
    app,
    stop: async () => {
      await mail.stop();
      await runner.stop();
      // Closing the app ends the open event streams first (see events/live.routes.ts).
      await app.close();
      await events.close();
      await database.close();
    },
  };
}

/** Runs one CLI command; returns the process exit code. Never calls process.exit itself. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  let code = 0;
  const program = new Command("frontdesk")
    .description("Frontdesk service desk")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => {
        io.out(s.trimEnd());
      },
      writeErr: (s) => {
        io.err(s.trimEnd());
      },
    });

  program
    .command("serve")
    .description("migrate, load the demo on an empty database, and serve the API")
    .option("-p, --port <port>", "port to listen on", String(config.port))
    .action(async (opts: { port: string }) => {
      const running = await serve({ ...config, port: Number(opts.port) }, io);
      await new Promise<void>((resolve) => {
        const stop = () => {
          void running.stop().then(resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });

  program
    .command("migrate")
    .description("bring the database schema up to date")
    .action(() =>
      withDatabase(config, io, (deps) => {
        io.out(`Database (${deps.dialect}) is up to date.`);
        return Promise.resolve();
      }),
    );

  program
    .command("demo")
    .description(`load the demo workspace "${DEMO_SLUG}" if it is not there`)
    .action(() =>
      withDatabase(config, io, async (deps) => {
        io.out(
          (await loadDemo(deps)) ? "Loaded the demo workspace." : "The demo workspace is already there.",
        );
      }),
    );

  const audit = program.command("audit").description("the audit trail");
  audit
    .command("verify")
    .description("check every workspace's hash chain (or one with --workspace); exit 1 on a broken link")
    .option("-w, --workspace <slug>", "only this workspace")
    .action((opts: { workspace?: string }) =>
      withDatabase(config, io, async (deps) => {
        const rows = await deps.db.selectFrom("workspaces").select(["id", "slug"]).orderBy("slug").execute();
        const targets = opts.workspace ? rows.filter((r) => r.slug === opts.workspace) : rows;
        if (opts.workspace && targets.length === 0)
          throw new AppError("not-found", `No workspace "${opts.workspace}".`);
        for (const ws of targets) {
          const result = await verifyAuditChain(deps, ws.id);
          if (result.ok) {
            io.out(`${ws.slug}: ok, ${result.checked} entries`);
          } else {
            const b = result.firstBreak;
            io.out(
              `${ws.slug}: BROKEN at entry ${b?.seq ?? "?"}${b?.id ? ` (${b.id})` : ""}: ${b?.reason ?? "unknown"}`,
            );
            code = 1;
          }
        }
      }),
    );

  const staff = program.command("staff").description("staff accounts");
  staff
    .command("create")
    .description("add a staff member; the password is read from stdin or FRONTDESK_PASSWORD")
    .requiredOption("-w, --workspace <slug>")
    .requiredOption("--name <name>")
    .requiredOption("--email <email>")
    .requiredOption("--role <role>", "admin | manager | supervisor | agent | receptionist")
    .requiredOption("--authority <level>", "agent | supervisor | manager | owner")
    .option("--title <title>", "job title", "")
    .option("--no-password", "create without a password")
    .action(
      (opts: {
        workspace: string;
        name: string;
        email: string;
        role: string;
        authority: string;
        title: string;
        password: boolean;
      }) =>
        withDatabase(config, io, async (deps) => {
          if (!isRole(opts.role)) throw new AppError("invalid", `Unknown role "${opts.role}".`);
          if (!isAuthorityLevel(opts.authority))
            throw new AppError("invalid", `Unknown authority "${opts.authority}".`);
          const ws = await workspaceOrFail(deps, opts.workspace);
          const password = opts.password ? await io.readSecret() : undefined;
          const created = await createStaffMember(deps, systemActor(ws.id), {
            name: opts.name,
            email: opts.email,
            title: opts.title,
            role: opts.role,
            authority: opts.authority,
            ...(password !== undefined && { password }),
          });
          io.out(`Created ${created.name} <${created.email}> (${created.id}).`);
        }),
    );
  staff
    .command("set-password")
    .description("set a staff member's password, read from stdin or FRONTDESK_PASSWORD")
    .requiredOption("-w, --workspace <slug>")
    .requiredOption("--email <email>")
    .action((opts: { workspace: string; email: string }) =>
      withDatabase(config, io, async (deps) => {
        const ws = await workspaceOrFail(deps, opts.workspace);
        const member = await findStaffByEmail(deps.db, ws.id, opts.email.trim().toLowerCase());
        if (!member) throw new AppError("not-found", `No staff member ${opts.email} in ${opts.workspace}.`);
        await setStaffPassword(deps, systemActor(ws.id), member.id, await io.readSecret());
        io.out(`Password set for ${member.name}; their sessions were ended and their API tokens revoked.`);
      }),
    );

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof AppError) {
      io.err(`frontdesk: ${err.message}`);
      return err.code === "invalid" ? 2 : 1;
    }
    io.err(`frontdesk: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  return code;
}
