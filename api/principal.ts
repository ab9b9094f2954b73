// Who is calling: the principal an API key authenticates, its roles and the ledgers it may
// touch, and the one check every route makes (`authorize`).
import type { FastifyRequest } from "fastify";
import { ApiProblem } from "./problems.js";

/**
 * admin: everything, including keys; poster: commands and reads on its ledgers;
 * auditor: reads, audit trail and digests; risk: reads of balances, exposure and IFRS 9.
 */
export const roles = ["admin", "poster", "auditor", "risk"] as const;
export type Role = (typeof roles)[number];

/** Every ledger, for keys not scoped to a list. */
export const ALL_LEDGERS = "*";

export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** Ledger ids this key may touch, or [ALL_LEDGERS]. */
  readonly ledgers: readonly string[];
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the auth plugin on every authenticated request. */
    principal: Principal | null;
  }
}

/** The actor recorded on events written for this principal. */
export function actorOf(principal: Principal): string {
  return `key:${principal.keyId}:${principal.name}`;
}

/**
 * The request's principal, if it holds one of `allowed` (admin always may) and, when a ledger
 * is named, may touch it. Otherwise 401 (no principal) or 403.
 */
export function authorize(
  request: FastifyRequest,
  allowed: readonly Role[],
  ledgerId?: string,
): Principal {
  const principal = request.principal;
  if (principal === null) {
    throw new ApiProblem(401, "unauthorized", "send an API key as Authorization: Bearer <key>");
  }
  const isAdmin = principal.roles.includes("admin");
  if (!isAdmin && !allowed.some((role) => principal.roles.includes(role))) {
    throw new ApiProblem(
      403,
      "forbidden",
      `this key needs one of the roles: ${allowed.join(", ")}`,
    );
  }
  if (ledgerId !== undefined && !principal.ledgers.includes(ALL_LEDGERS)) {
    if (!principal.ledgers.includes(ledgerId)) {
      throw new ApiProblem(403, "forbidden", `this key may not touch ledger ${ledgerId}`);
    }
  }
  return principal;
}
