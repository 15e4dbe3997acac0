import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from "kysely";
import type { Database, Dialect } from "./database.js";
import { foundation } from "./migrations/0001_foundation.js";
import { peopleIndexes } from "./migrations/0002_people_indexes.js";
import { dueWork } from "./migrations/0003_due_work.js";
import { promisesMigration } from "./migrations/0004_promises.js";
import { searchSpeed } from "./migrations/0005_search_speed.js";
import { portalMigration } from "./migrations/0006_portal.js";
import { schedulesMigration } from "./migrations/0007_schedules.js";
import { policiesMigration } from "./migrations/0008_policies.js";
import { promisesUi } from "./migrations/0010_promises_ui.js";
import { emailMigration } from "./migrations/0011_email.js";
import { escalationsMigration } from "./migrations/0012_escalations.js";
import { appointmentsMigration } from "./migrations/0013_appointments.js";

/** Migrations are listed here in order; each receives the dialect so it can differ where SQL must. */
function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    "0001_foundation": foundation(dialect),
    "0002_people_indexes": peopleIndexes,
    "0003_due_work": dueWork(dialect),
    "0004_promises": promisesMigration(dialect),
    "0005_search_speed": searchSpeed(dialect),
    "0006_portal": portalMigration(dialect),
    "0007_schedules": schedulesMigration(dialect),
    "0008_policies": policiesMigration(dialect),
    "0010_promises_ui": promisesUi,
    "0011_email": emailMigration(dialect),
    "0012_escalations": escalationsMigration(dialect),
    "0013_appointments": appointmentsMigration(dialect),
  };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(migrationsFor(this.dialect));
  }
}

/** Brings the schema to the latest version; throws with the failing migration's error. */
export async function migrateToLatest(database: Database): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db: database.db, provider: new StaticProvider(database.dialect) });
  const result = await migrator.migrateToLatest();
  if (result.error)
    throw result.error instanceof Error ? result.error : new Error(JSON.stringify(result.error));
  return result;
}
