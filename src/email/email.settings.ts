import type { Deps } from "../deps.js";
import { normaliseEmail } from "../customers/customers.rules.js";

/** How the email channel is set up, from config (src/config.ts); pure data. */
export interface MailSettings {
  /** Inbound addresses and the workspace (slug) each belongs to; lower-case. */
  addresses: readonly { address: string; workspace: string }[];
  /** Sender of outbound mail; null: each workspace's first inbound address. */
  from: string | null;
  /** Attachments larger than this are listed but not kept apart (the raw message has them). */
  attachmentMaxBytes: number;
  /** Attachments past this count are listed but not kept apart. */
  attachmentMaxCount: number;
  /** Mails per sender per hour turned into case entries; the rest are recorded only. */
  senderPerHour: number;
  /** Acknowledgements per address per hour (a second safety against mail loops). */
  acknowledgementsPerHour: number;
  /** How long mailparser may take on one message. */
  parseTimeoutMs: number;
  /** The desk's public address (FRONTDESK_PUBLIC_URL); when set, acknowledgements carry a portal link. */
  publicUrl: string | null;
}

/** Sends one raw message; the only thing the desk needs of a transport. */
export interface MailTransport {
  send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<void>;
  close(): void;
}

export interface MailDeps {
  settings: MailSettings;
  /** Null when outbound mail is off: replies are recorded, nothing is sent. */
  transport: MailTransport | null;
}

export const DEFAULT_MAIL_SETTINGS: MailSettings = {
  addresses: [],
  from: null,
  attachmentMaxBytes: 10 * 1024 * 1024,
  attachmentMaxCount: 30,
  senderPerHour: 20,
  acknowledgementsPerHour: 1,
  parseTimeoutMs: 20_000,
  publicUrl: null,
};

export function mailOf(deps: Pick<Deps, "mail">): MailDeps {
  return deps.mail ?? { settings: DEFAULT_MAIL_SETTINGS, transport: null };
}

/**
 * Reads "support@harbor.example=harbor, help@acme.example=acme" into address → workspace slug.
 * Throws on a malformed entry so a typo stops start-up instead of bouncing a workspace's mail.
 */
export function parseMailAddresses(text: string): { address: string; workspace: string }[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((entry) => {
      const [address, workspace, extra] = entry.split("=").map((s) => s.trim());
      if (!address || !workspace || extra !== undefined || !/^[^\s@]+@[^\s@]+$/.test(address))
        throw new Error(`FRONTDESK_MAIL_ADDRESSES: "${entry}" is not address=workspace.`);
      return { address: normaliseEmail(address), workspace };
    });
}

/** The desk's own addresses: mail from any of them is a loop. */
export function ownAddresses(settings: MailSettings): string[] {
  const all = settings.addresses.map((a) => a.address);
  if (settings.from) all.push(normaliseEmail(settings.from));
  return [...new Set(all)];
}

/** The address a workspace's mail goes out from (and replies come back to), or null. */
export function workspaceAddress(settings: MailSettings, slug: string): string | null {
  return settings.from ?? settings.addresses.find((a) => a.workspace === slug)?.address ?? null;
}
