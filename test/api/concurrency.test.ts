import { beforeAll, expect, it } from "vitest";
import { createTestWorkspace, type TestWorkspace } from "../support/factories.js";
import { eachDialect, useTestApp } from "../support/harness.js";

/*
 * Many writers at once in one workspace. On PostgreSQL these run on separate pooled connections,
 * so lock order matters: the audit head and case rows are locked FOR NO KEY UPDATE, which does
 * not conflict with the FOR KEY SHARE lock every foreign-key insert takes on its parent row (a
 * plain FOR UPDATE did, and concurrent creates deadlocked: found by the bench, 0 of 10 succeeded).
 */
eachDialect("concurrent writers", (dialect) => {
  const t = useTestApp(dialect);
  let ws: TestWorkspace;
  const WRITERS = 12;
  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, "together");
  });

  it("creates cases at the same moment: all succeed, numbers are distinct, the chain verifies", async () => {
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        t.request({
          method: "POST",
          url: "/api/cases",
          headers: ws.members.agent.auth,
          json: { subject: `Same moment ${i}`, channel: "phone", description: "Called at once" },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: WRITERS }, () => 201));
    const numbers = new Set(results.map((r) => r.body.number as number));
    expect(numbers.size).toBe(WRITERS);
    const verify = await t.request({
      method: "GET",
      url: "/api/audit/verify",
      headers: ws.members.admin.auth,
    });
    expect(verify.body).toMatchObject({ ok: true });
  });

  it("adds entries to one case and changes it at the same moment without losing any", async () => {
    const c = await t.request({
      method: "POST",
      url: "/api/cases",
      headers: ws.members.agent.auth,
      json: { subject: "Busy case", channel: "email" },
    });
    const writes = await Promise.all([
      ...Array.from({ length: WRITERS }, (_, i) =>
        t.request({
          method: "POST",
          url: `/api/cases/${c.body.id}/entries`,
          headers: i % 2 === 0 ? ws.members.agent.auth : ws.members.supervisor.auth,
          json: { kind: "note", body: `note ${i}` },
        }),
      ),
      t.request({
        method: "PATCH",
        url: `/api/cases/${c.body.id}`,
        headers: ws.members.supervisor.auth,
        json: { status: "open" },
      }),
    ]);
    expect(writes.every((w) => w.status >= 200 && w.status < 300)).toBe(true);
    const entries = await t.request({
      method: "GET",
      url: `/api/cases/${c.body.id}/entries?limit=100`,
      headers: ws.members.agent.auth,
    });
    const notes = (entries.body.items as { kind: string; body: string }[]).filter((e) => e.kind === "note");
    expect(notes.map((n) => n.body).sort()).toEqual(
      Array.from({ length: WRITERS }, (_, i) => `note ${i}`).sort(),
    );
    const verify = await t.request({
      method: "GET",
      url: "/api/audit/verify",
      headers: ws.members.admin.auth,
    });
    expect(verify.body).toMatchObject({ ok: true });
  });
});
