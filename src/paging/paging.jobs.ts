import type { DueWorkHandler } from "../duework/duework.service.js";
import { NOTIFICATION_JOB_HANDLERS } from "../notifications/notifications.service.js";
import { PAGE_JOB_HANDLERS } from "./paging.service.js";

/** The due work of the schedules issue for the runner: page escalations and webhook sends. */
export const PAGING_JOB_HANDLERS: Readonly<Record<string, DueWorkHandler>> = {
  ...PAGE_JOB_HANDLERS,
  ...NOTIFICATION_JOB_HANDLERS,
};
