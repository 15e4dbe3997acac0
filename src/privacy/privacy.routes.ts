import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { actorOf } from "../auth/auth.http.js";
import type { Deps } from "../deps.js";
import { Enum, Id, IdParams, StandardErrors } from "../shared/schemas.js";
import { CONTACT_ASKS, refusePrivateContact } from "./privacy.service.js";

export function privacyRoutes(appBase: FastifyInstance, deps: Deps): void {
  const app = appBase.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    "/api/cases/:id/private-contact-requests",
    {
      schema: {
        tags: ["privacy"],
        summary: "A customer asked for a colleague's private contact: the P5 answer, recorded on the case",
        params: IdParams,
        body: Type.Object(
          { staffId: Id, asked: Type.Optional(Enum(CONTACT_ASKS)) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            policy: Type.String(),
            policyName: Type.String(),
            customerWording: Type.String(),
            rationale: Type.String(),
            exceptionsAllowed: Type.Boolean(),
            entryId: Type.String(),
          }),
          ...StandardErrors,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await refusePrivateContact(deps, actorOf(request), request.params.id, {
          staffId: request.body.staffId,
          asked: request.body.asked ?? "phone",
        }),
      ),
  );
}
