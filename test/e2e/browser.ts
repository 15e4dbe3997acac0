import { expect } from "vitest";
/**
 * Helpers for the browser tests: build the web app when its sources are newer than the build,
 * start the real server (the CLI's `serve`) on a free port with a fresh SQLite file, and drive
 * Debian's Chromium through playwright-core. Not a test file itself.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Browser as PlaywrightBrowser, type Page } from "playwright-core";
import { serve } from "../../src/cli.js";
import { loadConfig } from "../../src/config.js";
import type { Clock } from "../../src/shared/clock.js";

export const ROOT = resolve(import.meta.dirname, "../..");
export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = join(ROOT, "test-results/screenshots");
const WEB = join(ROOT, "web");
const DIST_INDEX = join(WEB, "dist/index.html");

/** In CI the browser tests must run; elsewhere they are skipped, visibly, when Chromium is absent. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === "true") throw new Error(`${CHROMIUM} is missing; CI must run the browser tests.`);
  console.warn(
    `\n*** Browser tests SKIPPED: ${CHROMIUM} is not installed (apt-get install -y chromium). ***\n`,
  );
  return false;
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

const BUILD_LOCK = join(ROOT, "node_modules/.frontdesk-web-build.lock");
/** A lock older than this belongs to a build that died. */
const STALE_LOCK_MS = 5 * 60_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `vite build` once when web/dist is missing or older than any web source. Browser test
 * files run in parallel workers: a lock directory lets one build while the others wait and then
 * find the build fresh — two builds at once would empty web/dist under a running server.
 */
export function ensureWebBuild(): void {
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      if (existsSync(BUILD_LOCK) && Date.now() - statSync(BUILD_LOCK).mtimeMs > STALE_LOCK_MS)
        rmSync(BUILD_LOCK, { recursive: true, force: true });
      else sleepSync(200);
    }
  }
  try {
    buildIfStale();
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

function buildIfStale(): void {
  const sources = [join(WEB, "src"), join(WEB, "index.html"), join(WEB, "vite.config.ts")];
  const newest = Math.max(...sources.map(newestMtime));
  if (existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= newest) return;
  const vite = join(ROOT, "node_modules/vite/bin/vite.js");
  execFileSync(process.execPath, [vite, "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
    cwd: ROOT,
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: "production" },
    stdio: "inherit",
  });
}

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
  /** Cuts every open connection (event streams included), as a network failure or a proxy would. */
  dropConnections: () => void;
}

/** The real server, as `frontdesk serve` starts it: migrations, the demo, the web app. */
export async function startServer(
  opts: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), "frontdesk-e2e-"));
  const config = loadConfig({
    DATABASE_URL: join(dir, "e2e.db"),
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "silent",
    FRONTDESK_LOGIN_RATE: "1000",
    ...opts.env,
  });
  const running = await serve(config, {
    out: () => undefined,
    err: () => undefined,
    readSecret: () => Promise.resolve(""),
    env: {},
    ...(opts.clock && { clock: opts.clock }),
  });
  return {
    url: running.url,
    dropConnections: () => {
      running.app.server.closeAllConnections();
    },
    stop: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

/** Headless Chromium with the flags from the design notes and a fresh profile directory. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "frontdesk-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1280, height: 800 },
    locale: "en-US",
    timezoneId: "UTC",
    // axe-core is injected as a script tag; the app's CSP (scripts from 'self' only) would refuse it.
    bypassCSP: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(10_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page; returns the serious and critical violations in words. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate<{ violations: AxeViolation[] }>(
    "axe.run(document, { resultTypes: ['violations'] })",
  );
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) => `${v.impact ?? ""} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
}

/** Saves the page at desktop (1280×800) and phone (390×844) sizes, then restores the desktop size. */
/** Fails the test with the list when axe-core finds serious or critical violations on the page. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, violations.join("\n")).toEqual([]);
}

export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-1280x800.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-390x844.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

export interface SharedBrowser {
  browser: PlaywrightBrowser;
  /** Separate contexts: own cookies and storage, as two people on two machines. */
  pages: Page[];
  close: () => Promise<void>;
}

/** One headless Chromium (the same flags as launchBrowser) with `count` independent contexts. */
export async function launchContexts(count: number): Promise<SharedBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: "en-US",
      timezoneId: "UTC",
      bypassCSP: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    pages.push(page);
  }
  return { browser, pages, close: () => browser.close() };
}
