import { invalid } from "./errors.js";
import { UUID_PATTERN } from "./ids.js";

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

type CursorValue = string | number;

const ID = new RegExp(UUID_PATTERN);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Cursors carry the sort key of the last row seen, so pages come from an index, not OFFSET. */
export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** Decodes a cursor made by encodeCursor for a key of `shape.length` values; anything else is `invalid`. */
export function decodeCursor<const S extends readonly string[]>(
  cursor: string,
  shape: S,
): { [K in keyof S]: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid("The cursor is not one this server made.", { field: "cursor" });
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== shape.length ||
    !parsed.every((v) => typeof v === "string" || typeof v === "number")
  ) {
    throw invalid("The cursor is not one this server made.", { field: "cursor" });
  }
  const values = parsed.map(String);
  // Each part must look like what its column holds, or PostgreSQL would fail on the comparison
  // (an invalid timestamptz is an error there, not a 400).
  shape.forEach((name, i) => {
    const v = values[i] ?? "";
    const ok = name === "id" ? ID.test(v) : name.endsWith("At") ? INSTANT.test(v) : true;
    if (!ok) throw invalid("The cursor is not one this server made.", { field: "cursor" });
  });
  return values as { [K in keyof S]: string };
}
