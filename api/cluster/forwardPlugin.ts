// Cluster mode's HTTP forwarding (FOLIO_CLUSTER=on; docs/operations.md "Running several Folio
// processes"): a request for a ledger that reaches a process not holding the ledger's lease is
// sent whole to the process that does, and its answer returned unchanged. "For a ledger" is
// what the route declares for authorization (config.access.ledger): the ledger in the path
// (every route under /v1/ledgers/:ledgerId) or in the body (POST /v1/ledgers, whose answer
// reads the ledger back). Every such route is forwarded, read-model reads too: one rule, and
// the owner's answer is the one a single process would give. When nobody owns the ledger, this
// process takes the lease and answers (LedgerRegistry.routeHttp). The hook runs at
// preValidation, after the auth plugin's: the key is checked and the route's access
// authorized here first (a refused caller is refused here, nothing is forwarded) and the body
// is parsed within this process's limits; the owner checks the same key again and validates.
// A replayed request (FORWARDED_HEADER) is always answered where it lands.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { LedgerRegistry } from "../../ledger-core/index.js";
import { FORWARDED_HEADER, httpMessageOf } from "./httpForwarding.js";

export interface ForwardPluginOptions {
  readonly registry: LedgerRegistry;
}

/** The ledger a request is for, as its route declares it, or null (none, or a replay). */
export function forwardableLedgerOf(request: FastifyRequest): string | null {
  if (request.headers[FORWARDED_HEADER] !== undefined) return null;
  const scope = request.routeOptions.config.access?.ledger;
  const source = scope === "path" ? request.params : scope === "body" ? request.body : undefined;
  if (typeof source !== "object" || source === null) return null;
  const ledgerId = (source as Record<string, unknown>)[scope === "path" ? "ledgerId" : "id"];
  return typeof ledgerId === "string" ? ledgerId : null;
}

const forward: FastifyPluginAsync<ForwardPluginOptions> = (app, { registry }) => {
  app.addHook("preValidation", async (request: FastifyRequest, reply: FastifyReply) => {
    const ledgerId = forwardableLedgerOf(request);
    if (ledgerId === null) return;
    const route = await registry.routeHttp(ledgerId, httpMessageOf(request));
    if (route.kind === "local") return;
    const { status, headers, body } = route.answer;
    return reply.code(status).headers(headers).send(body);
  });
  return Promise.resolve();
};

/** Registered through fastify-plugin, after the auth plugin, before the ledger routes. */
export const forwardPlugin = fp(forward, {
  name: "folio-cluster-forward",
  fastify: "5.x",
  dependencies: ["folio-auth"],
});
