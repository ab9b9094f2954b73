// Who is calling: the principal an API key authenticates, its roles and the ledgers it may
// touch; the access every /v1 route declares (`config.access`: roles and where its ledger id
// is), which the auth plugin checks before validation (`authorize`); and the scope rule of
// key management (a key manages only keys within its own scope).
import type { FastifyRequest } from "fastify";
import { ApiProblem } from "./problems.js";

/**
 * admin: everything, including keys; poster: commands and reads on its ledgers;
 * auditor: reads, audit trail and digests; risk: reads of balances, exposure and IFRS 9;
 * risk-admin: records the risk inputs (counterparties, facilities, FX rates, capital base) and
 * the IFRS 9 inputs (facility terms, credit assessments, write-offs, parameter sets).
 */
export const roles = ["admin", "poster", "auditor", "risk", "risk-admin"] as const;
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

/** Where a route finds the ledger it touches: a path parameter, the body's `id`, or none. */
export type LedgerScope = "path" | "body" | "none";

/** What a /v1 route needs: one of `roles` (admin always may) on the ledger it names. */
export interface RouteAccess {
  readonly roles: readonly Role[];
  readonly ledger: LedgerScope;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the auth plugin on every authenticated request. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Required on every /v1 route: the auth plugin refuses to register one without it. */
    access?: RouteAccess;
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

/** The principal the auth plugin authorized for this route (routes with `config.access`). */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === null) {
    throw new ApiProblem(401, "unauthorized", "send an API key as Authorization: Bearer <key>");
  }
  return principal;
}

/** The ledgers and roles of a key, as key management compares them. */
export interface KeyScope {
  readonly roles: readonly Role[];
  readonly ledgers: readonly string[];
}

/**
 * Whether `manager` may create, see or revoke a key of `scope`: only an admin; a global admin
 * (ledgers ["*"]) any key; an admin scoped to some ledgers only keys scoped to those ledgers
 * (never a global key). Roles cannot widen anything: an admin holds every role already.
 */
export function mayManageKey(manager: Principal, scope: KeyScope): boolean {
  if (!manager.roles.includes("admin")) return false;
  if (manager.ledgers.includes(ALL_LEDGERS)) return true;
  return (
    scope.ledgers.length > 0 &&
    scope.ledgers.every((ledger) => ledger !== ALL_LEDGERS && manager.ledgers.includes(ledger))
  );
}
