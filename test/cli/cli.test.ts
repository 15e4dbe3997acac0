import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "kysely";
import { runCli, type CliIo } from "../../src/cli.js";
import { FakeClock } from "../../src/shared/clock.js";
import { createIdGenerator } from "../../src/shared/ids.js";
import type { Deps } from "../../src/deps.js";
import { createCase, updateCase } from "../../src/cases/cases.service.js";
import { login } from "../../src/auth/auth.service.js";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";
import { eachDialect } from "../support/harness.js";
import { createLocalBus } from "../../src/events/events.bus.js";

function io(url: string, secret = ""): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    readSecret: () => Promise.resolve(secret),
    env: { DATABASE_URL: url },
    clock: new FakeClock("2026-12-07T15:30:00.000Z"),
  };
}

eachDialect("frontdesk CLI", (dialect) => {
  let testDb: TestDatabase;
  let deps: Deps;
  let ws: TestWorkspace;
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    const clock = new FakeClock("2026-12-07T15:30:00.000Z");
    deps = {
      db: testDb.database.db,
      dialect,
      clock,
      newId: createIdGenerator(clock),
      events: createLocalBus(),
    };
    ws = await createTestWorkspace(deps, "cli");
    const c = await createCase(deps, ws.members.agent.actor, { subject: "Audit me", channel: "phone" });
    await updateCase(deps, ws.members.agent.actor, c.id, { status: "open" });
  });
  afterAll(() => testDb.drop());

  it("audit verify reports ok, then the first broken link after a row is edited in the database", async () => {
    const ok = io(testDb.url);
    expect(await runCli(["audit", "verify"], ok)).toBe(0);
    expect(ok.lines.join("\n")).toMatch(/^cli: ok, \d+ entries$/m);

    await sql`UPDATE audit_entries SET data = '{"status":"forged"}' WHERE workspace_id = ${ws.workspace.id} AND seq = 4`.execute(
      deps.db,
    );
    const broken = io(testDb.url);
    expect(await runCli(["audit", "verify", "--workspace", "cli"], broken)).toBe(1);
    expect(broken.lines.join("\n")).toContain("cli: BROKEN at entry 4");
  });

  it("audit verify finds a deleted entry", async () => {
    const other = await createTestWorkspace(deps, "cli-del");
    await createCase(deps, other.members.agent.actor, { subject: "x", channel: "phone" });
    await sql`DELETE FROM audit_entries WHERE workspace_id = ${other.workspace.id} AND seq = 2`.execute(
      deps.db,
    );
    const out = io(testDb.url);
    expect(await runCli(["audit", "verify", "-w", "cli-del"], out)).toBe(1);
    expect(out.lines.join("\n")).toContain("BROKEN at entry 2");
  });

  it("staff create and set-password make an account that can log in", async () => {
    const created = io(testDb.url, "first password 123");
    const code = await runCli(
      [
        "staff",
        "create",
        "-w",
        "cli",
        "--name",
        "Nina",
        "--email",
        "Nina@cli.example",
        "--role",
        "agent",
        "--authority",
        "agent",
      ],
      created,
    );
    expect(created.errors).toEqual([]);
    expect(code).toBe(0);
    await expect(
      login(deps, { workspace: "cli", email: "nina@cli.example", password: "first password 123" }),
    ).resolves.toBeTruthy();

    const reset = io(testDb.url, "second password 456");
    expect(await runCli(["staff", "set-password", "-w", "cli", "--email", "nina@cli.example"], reset)).toBe(
      0,
    );
    await expect(
      login(deps, { workspace: "cli", email: "nina@cli.example", password: "first password 123" }),
    ).rejects.toThrow();
    await expect(
      login(deps, { workspace: "cli", email: "nina@cli.example", password: "second password 456" }),
    ).resolves.toBeTruthy();
  });

  it("bad CLI input is a clear error, not a crash", async () => {
    const badRole = io(testDb.url, "whatever password");
    expect(
      await runCli(
        [
          "staff",
          "create",
          "-w",
          "cli",
          "--name",
          "X",
          "--email",
          "x@x.example",
          "--role",
          "boss",
          "--authority",
          "agent",
        ],
        badRole,
      ),
    ).toBe(2);
    expect(badRole.errors.join("\n")).toContain('Unknown role "boss"');
    const noWs = io(testDb.url);
    expect(await runCli(["audit", "verify", "-w", "nope"], noWs)).toBe(1);
    expect(noWs.errors.join("\n")).toContain('No workspace "nope"');
    const shortPw = io(testDb.url, "short");
    expect(await runCli(["staff", "set-password", "-w", "cli", "--email", "nina@cli.example"], shortPw)).toBe(
      2,
    );
    const unknown = io(testDb.url);
    expect(await runCli(["frobnicate"], unknown)).toBe(2);
  });
});
