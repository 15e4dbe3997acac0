import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/**
 * The web app's build output, found from this module's own place: `src/web/` when run from source
 * (tsx, tests) and `dist/src/web/` when compiled, both under the project root.
 */
export function defaultWebDistDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, "../../web/dist"), resolve(here, "../../../web/dist")];
  return candidates.find((dir) => existsSync(resolve(dir, "index.html"))) ?? candidates[0] ?? "web/dist";
}

/**
 * The browser app is scripts from our own origin only; nothing may frame it (clickjacking on a
 * desk that changes priorities and assignments would be cheap otherwise).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

/**
 * Serves the agent console (the Vite build in `distDir`) from the API's own process and port.
 * Does nothing when the app has not been built, so the API runs alone in tests and CI.
 * The app routes by URL hash, so no path needs an index.html fallback: a path that is not a
 * file falls through to the API's problem+json 404, `/api/*` included.
 */
export async function installWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  if (!existsSync(resolve(distDir, "index.html"))) return;
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: "/",
    wildcard: true,
    index: ["index.html"],
    // Hashed file names under assets/ never change; index.html must be revalidated every time.
    cacheControl: false,
    dotfiles: "ignore",
    setHeaders: (reply, path) => {
      const isAsset = path.includes("/assets/");
      reply.header("cache-control", isAsset ? "public, max-age=31536000, immutable" : "no-cache");
      reply.header("x-content-type-options", "nosniff");
      reply.header("referrer-policy", "same-origin");
      if (path.endsWith(".html")) reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
    },
  });
}
