import type { Kysely } from "kysely";
import type { Dialect } from "./db/database.js";
import type { DB } from "./db/schema.js";
import type { EventBus } from "./events/events.bus.js";
import type { Clock } from "./shared/clock.js";
import type { IdGenerator } from "./shared/ids.js";
import type { MailDeps } from "./email/email.settings.js";

/** Built once at start-up and passed as the first argument to services: no container, nothing hidden. */
export interface Deps {
  db: Kysely<DB>;
  dialect: Dialect;
  clock: Clock;
  newId: IdGenerator;
  /** Live events after commits (in-process; on PostgreSQL also LISTEN/NOTIFY), see src/events/. */
  events: EventBus;
  /** The email channel (settings and outbound transport); absent: defaults, nothing sent. */
  mail?: MailDeps;
}
