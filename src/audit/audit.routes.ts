import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { Id, StandardErrors, Text } from "../shared/schemas.js";
import { listAudit, verifyAudit } from "./audit.service.js";

const Entry = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  at: Type.String(),
  actorKind: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  subjectKind: Type.String(),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});

export function auditRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ["audit"];

  app.get(
    "/api/audit",
    {
      schema: {
        tags,
        summary: "The audit trail in order; page with afterSeq",
        querystring: Type.Object(
          {
            afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
            subjectId: Type.Optional(Id),
            action: Type.Optional(Text(80, 1)),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Entry) }), ...StandardErrors },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await listAudit(deps, actorOf(request), {
        afterSeq: q.afterSeq ?? 0,
        limit: q.limit ?? 100,
        subjectId: q.subjectId,
        action: q.action,
      });
      return {
        items: rows.map(({ workspaceId: _w, data, ...e }) => ({
          ...e,
          data: JSON.parse(data) as Record<string, unknown>,
        })),
      };
    },
  );

  app.get(
    "/api/audit/verify",
    {
      schema: {
        tags,
        summary: "Check the hash chain; reports the first broken link",
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            firstBreak: Type.Union([
              Type.Object({
                seq: Type.Integer(),
                id: Type.Union([Type.String(), Type.Null()]),
                reason: Type.String(),
              }),
              Type.Null(),
            ]),
          }),
          ...StandardErrors,
        },
      },
    },
    (request) => verifyAudit(deps, actorOf(request)),
  );
}
