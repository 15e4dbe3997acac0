import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { invalid } from "../shared/errors.js";
import { Cursor, Enum, IdParams, Limit, PageOf, StandardErrors } from "../shared/schemas.js";
import { MAIL_KINDS } from "./email.rules.js";
import { contentDisposition } from "./email.present.js";
import {
  API_MAIL_MAX_BYTES,
  getAttachment,
  getMail,
  getMailHtml,
  getRawMail,
  ingestRawMail,
  listCaseMail,
  listMailLog,
} from "./email.service.js";

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const MailSchema = Type.Object({
  id: Type.String(),
  direction: Type.String(),
  source: Type.String(),
  status: Type.String(),
  classification: NullableString,
  reason: NullableString,
  purpose: NullableString,
  sender: NullableString,
  recipients: Type.Array(Type.String()),
  subject: NullableString,
  messageId: NullableString,
  size: Type.Integer(),
  problems: Type.Array(Type.String()),
  caseId: NullableString,
  entryId: NullableString,
  attempts: Type.Integer(),
  lastError: NullableString,
  receivedAt: Type.String(),
  processedAt: NullableString,
  sentAt: NullableString,
});

const IngestSchema = Type.Object({
  mailId: Type.String(),
  status: Type.String(),
  classification: NullableString,
  caseId: NullableString,
  caseNumber: Type.Union([Type.Integer(), Type.Null()]),
  entryId: NullableString,
  caseCreated: Type.Boolean(),
  acknowledgementId: NullableString,
  attachmentIds: Type.Array(Type.String()),
});

/** What a file response is, for the OpenAPI document; the bytes are sent as they are. */
const FileBody = Type.String({ description: "the file's bytes" });

/** The mail's HTML may show images only from itself (data:), or from anywhere once the reader allows it. */
function htmlPolicy(allowRemote: boolean): string {
  return [
    "default-src 'none'",
    `img-src data:${allowRemote ? " https: http:" : ""}`,
    "style-src 'unsafe-inline'",
    "font-src data:",
    // No scripts, forms or same-origin access; links may open in a new tab outside the sandbox.
    "sandbox allow-popups allow-popups-to-escape-sandbox",
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

function untrusted(reply: FastifyReply): FastifyReply {
  return reply
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("cache-control", "private, no-store");
}

export function emailRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["email"];

  app.post(
    "/api/mail/inbound",
    {
      // Base64 of the largest message the API takes, plus the JSON around it.
      bodyLimit: Math.ceil((API_MAIL_MAX_BYTES * 4) / 3) + 4096,
      schema: {
        tags,
        summary: "Hand one raw message (RFC 5322, base64) to the desk, as the SMTP listener does",
        body: Type.Object(
          { raw: Type.String({ minLength: 1, maxLength: Math.ceil((API_MAIL_MAX_BYTES * 4) / 3) + 4 }) },
          { additionalProperties: false },
        ),
        response: { 201: IngestSchema, ...StandardErrors },
      },
    },
    async (request, reply) => {
      if (!/^[A-Za-z0-9+/=\r\n]+$/.test(request.body.raw))
        throw invalid("raw must be the message in base64.", { field: "raw" });
      const result = await ingestRawMail(deps, actorOf(request), Buffer.from(request.body.raw, "base64"));
      return reply.status(201).send(result);
    },
  );

  app.get(
    "/api/mail",
    {
      schema: {
        tags,
        summary: "The mail log: every message in and out, newest first (automatic and limited ones too)",
        querystring: Type.Object(
          {
            direction: Type.Optional(Enum(["in", "out"] as const)),
            classification: Type.Optional(Enum(MAIL_KINDS)),
            status: Type.Optional(Type.String({ maxLength: 40 })),
            cursor: Type.Optional(Cursor),
            limit: Type.Optional(Limit),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(MailSchema), ...StandardErrors },
      },
    },
    (request) => listMailLog(deps, actorOf(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    "/api/mail/:id",
    {
      schema: {
        tags,
        summary: "One message",
        params: IdParams,
        response: { 200: MailSchema, ...StandardErrors },
      },
    },
    (request) => getMail(deps, actorOf(request), request.params.id),
  );

  app.get(
    "/api/mail/:id/raw",
    {
      schema: {
        tags,
        summary: "The message exactly as it came in or went out (.eml)",
        params: IdParams,
        response: { 200: FileBody, ...StandardErrors },
      },
    },
    async (request, reply) => {
      const raw = await getRawMail(deps, actorOf(request), request.params.id);
      return untrusted(reply)
        .type("message/rfc822")
        .header("content-disposition", contentDisposition("attachment", `${request.params.id}.eml`))
        .send(raw);
    },
  );

  app.get(
    "/api/mail/:id/html",
    {
      schema: {
        tags,
        summary: "The message's sanitised HTML, for a sandboxed frame; remote images only with remote=true",
        params: IdParams,
        querystring: Type.Object(
          { remote: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        response: { 200: FileBody, ...StandardErrors },
      },
    },
    async (request, reply) => {
      const remote = request.query.remote ?? false;
      const html = await getMailHtml(deps, actorOf(request), request.params.id, remote);
      return untrusted(reply)
        .type("text/html; charset=utf-8")
        .header("content-security-policy", htmlPolicy(remote))
        .send(html);
    },
  );

  app.get(
    "/api/mail/attachments/:id",
    {
      schema: {
        tags,
        summary: "Download an attachment (always as a download, never shown under our origin)",
        params: IdParams,
        response: { 200: FileBody, ...StandardErrors },
      },
    },
    async (request, reply) => {
      const file = await getAttachment(deps, actorOf(request), request.params.id);
      return untrusted(reply)
        .type("application/octet-stream")
        .header("content-disposition", contentDisposition("attachment", file.filename))
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("x-frontdesk-content-type", file.contentType.replace(/[^\x20-\x7e]/g, ""))
        .send(file.data);
    },
  );

  app.get(
    "/api/cases/:id/mail",
    {
      schema: {
        tags,
        summary: "The mail of a case, in and out, with delivery status",
        params: IdParams,
        response: { 200: Type.Array(MailSchema), ...StandardErrors },
      },
    },
    (request) => listCaseMail(deps, actorOf(request), request.params.id),
  );
}
