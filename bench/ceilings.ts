import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import { openDatabase } from "../src/db/database.js";

export interface Running {
  url: string;
  close(): Promise<void>;
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return `http://127.0.0.1:${address.port}`;
}

/** Ceiling (a): what Fastify alone does on this machine — one GET returning a small object. */
export async function startBareJson(): Promise<Running> {
  const app = Fastify({ logger: false });
  app.get("/ping", () => ({ ok: true, service: "frontdesk", at: "2025-01-01T00:00:00.000Z" }));
  const url = await listen(app);
  return { url: `${url}/ping`, close: () => app.close() };
}

interface CeilingTable {
  id: string;
  subject: string;
  created_at: string;
}

/**
 * Ceiling (b): one INSERT of one row per request, through the app's own driver setup
 * (openDatabase: the same pragmas on SQLite, the same pool size on PostgreSQL), into a plain table
 * with a text primary key, in the bench database.
 */
export async function startBareInsert(databaseUrl: string): Promise<Running> {
  const database = openDatabase({ url: databaseUrl, sqliteSynchronous: "NORMAL" });
  const db = database.db.withTables<{ bench_ceiling: CeilingTable }>();
  await db.schema
    .createTable("bench_ceiling")
    .ifNotExists()
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("created_at", database.dialect === "postgres" ? "timestamptz" : "text", (c) => c.notNull())
    .execute();
  const app = Fastify({ logger: false });
  app.post("/rows", async (request, reply) => {
    const body = request.body as { subject?: unknown } | undefined;
    const id = randomUUID();
    await db
      .insertInto("bench_ceiling")
      .values({
        id,
        subject: typeof body?.subject === "string" ? body.subject : "",
        created_at: new Date().toISOString(),
      })
      .execute();
    return reply.status(201).send({ id });
  });
  const url = await listen(app);
  return {
    url: `${url}/rows`,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
