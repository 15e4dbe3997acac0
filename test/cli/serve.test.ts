import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// What a newcomer does: start the server on an empty database, read the printed URL and logins,
// and sign in as a demo user. Runs the real entry point in a child process on a free port.
describe("frontdesk serve on a fresh database", () => {
  const dir = mkdtempSync(join(tmpdir(), "frontdesk-serve-"));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it("migrates, loads the demo, prints the URL and logins, and serves the API", async () => {
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "serve"], {
      env: { ...process.env, DATABASE_URL: join(dir, "fd.db"), PORT: "0", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no URL printed; output so far:\n${output}`));
      }, 60_000);
      child!.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const m = /running at (http:\/\/[^\s]+)/.exec(output);
        if (m?.[1] && output.includes("ravi@harbor.example")) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child!.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child!.on("exit", (code) => {
        reject(new Error(`exited with ${code}:\n${output}`));
      });
    });
    expect(output).toContain('Loaded the demo workspace "Harbor Print & Ship"');
    expect(output).toContain("rita@harbor.example");
    expect(output).toContain("harbor-demo-2026");

    const login = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        workspace: "harbor",
        email: "rita@harbor.example",
        password: "harbor-demo-2026",
      }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/fd_session=[^;]+;.*HttpOnly/i);
    const cases = await fetch(`${url}/api/cases?open=true&sort=due`, {
      headers: { cookie: cookie.split(";")[0]! },
    });
    expect(cases.status).toBe(200);
    const body = (await cases.json()) as { items: { number: number; subject: string }[] };
    expect(body.items.length).toBeGreaterThanOrEqual(4);
    expect(body.items.map((c) => c.number)).toContain(1001);
  });
});
