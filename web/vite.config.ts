import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const API = process.env.FRONTDESK_API ?? "http://127.0.0.1:3000";

/**
 * Prints what a first visit downloads: the entry chunk and everything it imports statically,
 * gzipped, plus the largest lazily loaded page. The budget is 250 kB gzipped for the first page.
 */
function reportFirstPageSize(): Plugin {
  return {
    name: "frontdesk-first-page-size",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((c) => (c.type === "chunk" ? [c] : []));
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const gz = (code: string): number => gzipSync(code, { level: 9 }).length;
      const entry = chunks.find((c) => c.isEntry);
      if (!entry) return;
      const seen = new Set<string>();
      const walk = (fileName: string, seen: Set<string>): number => {
        const chunk = byName.get(fileName);
        if (!chunk || seen.has(fileName)) return 0;
        seen.add(fileName);
        return gz(chunk.code) + chunk.imports.reduce((sum, f) => sum + walk(f, seen), 0);
      };
      const first = walk(entry.fileName, seen);
      // A page's own chunk plus the shared chunks it pulls in that the entry did not.
      const pages = entry.dynamicImports.map((f) => ({ f, size: walk(f, new Set(seen)) }));
      const largest = pages.reduce((a, b) => (b.size > a.size ? b : a), { f: "-", size: 0 });
      const kb = (n: number): string => (n / 1024).toFixed(1);
      const total = first + largest.size;
      this.info(
        `first page JS: ${kb(first)} kB gzipped (entry + static imports); with the largest page ` +
          `(${largest.f}, ${kb(largest.size)} kB): ${kb(total)} kB of the 250 kB budget`,
      );
      if (total > 250 * 1024) this.error(`first page JS is ${kb(total)} kB gzipped, over the 250 kB budget`);
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react(), reportFirstPageSize()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
  },
  server: {
    port: 5173,
    proxy: {
      "/api": API,
      "/docs": API,
      "/openapi.json": API,
      "/health": API,
      "/ready": API,
    },
  },
});
