import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import addressparser from "nodemailer/lib/addressparser/index.js";
import { parse } from "yaml";

/**
 * The shared mail corpus (../shared/corpus/mail: flanker and zammad fixtures) and the expected
 * parse results that come with zammad's messages. Not a test file itself.
 */

export const CORPUS_DIR = resolve(import.meta.dirname, "../../../shared/corpus/mail");

export function corpusAvailable(): boolean {
  // The corpus is shared material beside the repository, not in it: absent, the test is skipped
  // with a notice (never failed), as the calendar vectors are.
  if (existsSync(CORPUS_DIR)) return true;
  console.warn(`\n*** Mail corpus test SKIPPED: ${CORPUS_DIR} is not there. ***\n`);
  return false;
}

export interface CorpusMessage {
  /** flanker/bounce/zed.eml, zammad/mail001.box */
  name: string;
  raw: Buffer;
  /** What zammad's parser gives, where the corpus has it. */
  expected: ZammadExpectation | null;
}

export interface ExpectedAttachment {
  filename: string;
  size: number;
  md5: string;
}

export interface ZammadExpectation {
  fromEmail: string;
  fromDisplayName: string;
  to: string[];
  cc: string[];
  subject: string;
  /** A few words of the body, for a loose check. */
  bodyWords: string[];
  attachments: ExpectedAttachment[];
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");

/** The YAML carries Ruby type tags; these read them as plain maps, strings and binary. */
const RUBY_TAGS = [
  {
    tag: "!ruby/hash:ActiveSupport::HashWithIndifferentAccess",
    collection: "map" as const,
    resolve: (v: unknown) => v,
  },
  { tag: "!binary", resolve: (s: string) => Buffer.from(s.replace(/\s+/g, ""), "base64") },
];

/** Addresses of a header value as Zammad printed it, lower-case. */
export function addressesIn(value: string | null | undefined): string[] {
  if (!value) return [];
  const flat = (list: ReturnType<typeof addressparser>): string[] =>
    list.flatMap((a) =>
      "group" in a && a.group ? flat(a.group) : "address" in a && a.address ? [a.address.toLowerCase()] : [],
    );
  return flat(addressparser(value));
}

function bodyWordsOf(html: string): string[] {
  // Zammad's placeholder for an empty body.
  if (html.trim() === "no visible content") return [];
  const text = html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
  return (text.match(/[\p{L}]{5,}/gu) ?? []).slice(0, 5);
}

function expectationOf(ymlPath: string): ZammadExpectation {
  const y = parse(readFileSync(ymlPath, "utf8"), { customTags: RUBY_TAGS, logLevel: "silent" }) as Record<
    string,
    unknown
  >;
  const str = (v: unknown): string =>
    typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "";
  const attachments = ((y.attachments as Record<string, unknown>[] | undefined) ?? [])
    // Zammad keeps the HTML body as an attachment of its own ("message.html"); it is not one.
    .filter((a) => {
      const prefs = (a.preferences ?? {}) as Record<string, unknown>;
      return prefs["content-alternative"] !== true && prefs["original-format"] !== true;
    })
    .map((a) => {
      const data = Buffer.isBuffer(a.data) ? a.data : Buffer.from(str(a.data), "utf8");
      return { filename: str(a.filename), size: data.length, md5: md5(data) };
    });
  return {
    fromEmail: str(y.from_email).toLowerCase(),
    fromDisplayName: str(y.from_display_name),
    to: addressesIn(str(y.to)),
    cc: addressesIn(str(y.cc)),
    subject: str(y.subject),
    bodyWords: bodyWordsOf(str(y.body)),
    attachments,
  };
}

export function loadCorpus(): CorpusMessage[] {
  return walk(CORPUS_DIR)
    .filter((p) => /\.(eml|box)$/.test(p))
    .map((p) => {
      const name = relative(CORPUS_DIR, p);
      const yml = p.replace(/\.box$/, ".yml");
      return {
        name,
        raw: readFileSync(p),
        expected: p.endsWith(".box") && existsSync(yml) ? expectationOf(yml) : null,
      };
    });
}
