import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server standing in for an SMS/phone gateway: it records every POST and answers
 * with the statuses it is told to (then 200), so tests see retries happen over a real socket.
 */
export interface Gateway {
  url: string;
  received: { headers: Record<string, string | string[] | undefined>; body: unknown }[];
  /** Statuses to answer next, in order; 200 once they run out. */
  answers: number[];
  close(): Promise<void>;
}

export async function startGateway(): Promise<Gateway> {
  const gateway = { received: [], answers: [] } as unknown as Gateway;
  const server: Server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
    });
    req.on("end", () => {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the raw text
      }
      gateway.received.push({ headers: req.headers, body });
      res.statusCode = gateway.answers.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  gateway.url = `http://127.0.0.1:${port}/pages`;
  gateway.close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((err) => {
        if (err) reject(err);
        else resolve();
      });
    });
  return gateway;
}
