import { forbidden } from "../shared/errors.js";
import type { Actor, Permission } from "./auth.rules.js";

/** Throws `forbidden` unless the actor holds the permission. Services call this first. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actor.permissions.has(permission)) throw forbidden(permission);
}
