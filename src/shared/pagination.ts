import { invalid } from "./errors.js";

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

type CursorValue = string | number;

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
  return parsed.map(String) as { [K in keyof S]: string };
}
