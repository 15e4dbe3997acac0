import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Options } from "autocannon";

/** What one autocannon run measured. Latencies are ours (per response, in ms, not rounded to 1 ms). */
export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  mean: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

export interface LoadSpec {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
}

/*
 * autocannon runs in a worker thread: its own event loop on the other core, so the load generator
 * does not share the server's event loop (servers run on this process's main thread). autocannon's
 * own latency histogram has 1 ms resolution, too coarse for sub-millisecond routes, so the worker
 * records each response time itself and computes the percentiles.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const autocannon = require(workerData.modulePath);
const times = [];
const instance = autocannon(workerData.options, (err, r) => {
  if (err) {
    parentPort.postMessage({ error: String((err && err.stack) || err) });
    return;
  }
  times.sort((a, b) => a - b);
  const at = (q) => (times.length === 0 ? NaN : times[Math.min(times.length - 1, Math.floor(q * times.length))]);
  const sum = times.reduce((s, t) => s + t, 0);
  const ok = r["2xx"];
  parentPort.postMessage({
    result: {
      requestsPerSecond: ok / r.duration,
      p50: at(0.5),
      p99: at(0.99),
      mean: times.length ? sum / times.length : NaN,
      total: ok,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      seconds: r.duration,
    },
  });
});
instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
`;

const modulePath = createRequire(import.meta.url).resolve("autocannon");

type WorkerReply = { result: LoadResult } | { error: string };

/** One bounded load run: fixed connections for a fixed duration; stops by itself (and a watchdog). */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const options: Options = {
    url: spec.url,
    method: spec.method ?? "GET",
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    headers: { ...(spec.body !== undefined && { "content-type": "application/json" }), ...spec.headers },
    ...(spec.body !== undefined && { body: spec.body }),
  };
  return new Promise<LoadResult>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, options } });
    const watchdog = setTimeout(
      () => {
        void worker.terminate();
        reject(new Error(`load run on ${spec.url} did not finish within ${spec.seconds + 60} s`));
      },
      (spec.seconds + 60) * 1000,
    );
    worker.once("message", (reply: WorkerReply) => {
      clearTimeout(watchdog);
      void worker.terminate();
      if ("error" in reply) reject(new Error(`autocannon: ${reply.error}`));
      else resolve(reply.result);
    });
    worker.once("error", (err) => {
      clearTimeout(watchdog);
      reject(err);
    });
  });
}

/**
 * A short unmeasured run first (JIT, pools, caches), then the measured one. Failures (non-2xx,
 * socket errors, timeouts) do not stop the bench: they are counted and shown next to the figure.
 */
export async function measure(spec: LoadSpec, warmupSeconds: number): Promise<LoadResult> {
  if (warmupSeconds > 0) await runLoad({ ...spec, seconds: warmupSeconds });
  return runLoad(spec);
}
