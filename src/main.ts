#!/usr/bin/env node
import { runCli } from "./cli.js";

/** Reads a password from FRONTDESK_PASSWORD or the first line of stdin (never from argv). */
async function readSecret(): Promise<string> {
  const fromEnv = process.env.FRONTDESK_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write("Password: ");
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  return text.split("\n")[0] ?? "";
}

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
  readSecret,
  env: process.env,
});
if (process.argv[2] !== "serve" || code !== 0) process.exitCode = code;
