import { randomInt } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import type { Clock } from "./clock.js";

export type IdGenerator = () => string;

/**
 * Time-ordered ids (UUIDv7) whose time part comes from the injected clock, not the system's.
 * Ids made in the same millisecond (always, on a fake clock) keep their order through a counter,
 * and a clock that steps back never makes an id sort before an earlier one.
 */
export function createIdGenerator(clock: Clock): IdGenerator {
  let lastMs = -1;
  let seq = 0;
  return () => {
    let ms = clock.now().getTime();
    if (ms <= lastMs) {
      ms = lastMs;
      seq += 1;
    } else {
      lastMs = ms;
      // Start low in the 32-bit counter so a burst within one millisecond cannot overflow it.
      seq = randomInt(0, 2 ** 30);
    }
    return uuidv7({ msecs: ms, seq });
  };
}

export const UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
