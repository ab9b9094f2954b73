// Authorization over real HTTP: the matrix generated from the route table (every registered
// /v1 route × every role × a key scoped to the route's ledger, to another ledger, and to "*"),
// so a new route is covered the day it is registered; a /v1 route without declared access
// cannot be registered at all; and key management stays within the managing key's scope (a
// scoped admin cannot make itself, or anyone, a global admin).
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKeyStore } from "./keys/apiKeyStore.js";
import { authPlugin, type RouteAccessEntry } from "./plugins/auth.js";
import { ALL_LEDGERS, roles, type Role } from "./principal.js";
import { startTestFolio, type TestFolio } from "./testing/testFolio.js";

const OWN = "authz-own";
const OTHER = "authz-other";
const scopes = { own: [OWN], other: [OTHER], all: [ALL_LEDGERS] } as const;
type Scope = keyof typeof scopes;

let folio: TestFolio;
const keys = new Map<string, string>();
const keyOf = (role: Role, scope: Scope): string => {
  const key = keys.get(`${role}/${scope}`);
  if (key === undefined) throw new Error(`no key ${role}/${scope}`);
  return key;
};

async function createKey(
  body: { name: string; roles: Role[]; ledgers: string[] },
  key = folio.adminKey,
) {
  return folio.request("POST", "/v1/keys", body, key);
}

beforeAll(async () => {
  folio = await startTestFolio();
  for (const id of [OWN, OTHER]) {
    const created = await folio.request("POST", "/v1/ledgers", {
      id,
      name: id,
      reportingCurrency: "USD",
      assets: [{ code: "USD", scale: 2 }],
    });
    expect(created.status).toBe(201);
  }
  for (const role of roles) {
    for (const scope of Object.keys(scopes) as Scope[]) {
      const reply = await createKey({
        name: `${role}-${scope}`,
        roles: [role],
        ledgers: [...scopes[scope]],
      });
      expect(reply.status).toBe(201);
      keys.set(`${role}/${scope}`, (reply.body as { key: string }).key);
    }
  }
}, 60_000);

afterAll(async () => {
  await folio.close();
});

/** The path of a route with its parameters filled in, naming ledger OWN. */
function pathOf(url: string): string {
  return url
    .replace(":ledgerId", OWN)
    .replace(":accountId", "authz-account")
    .replace(":entryId", "authz-entry")
    .replace(":keyId", "nosuchkey");
}

function allowed(route: RouteAccessEntry, role: Role, scope: Scope): boolean {
  const access = route.access;
  if (access === null) return true;
  const hasRole = role === "admin" || access.roles.includes(role);
  return hasRole && (access.ledger === "none" || scope !== "other");
}

describe("the authorization matrix, generated from the route table", () => {
  it("covers every /v1 route with a declared access", () => {
    const v1 = folio.folio.routes.filter((route) => route.url.startsWith("/v1/"));
    expect(v1.length).toBeGreaterThanOrEqual(20);
    for (const route of v1) expect(route.access, `${route.method} ${route.url}`).not.toBeNull();
  });

  it("answers 403 exactly where a role or a ledger scope is missing", async () => {
    const routes = folio.folio.routes.filter(
      (route) => route.url.startsWith("/v1/") && route.method !== "HEAD",
    );
    let checked = 0;
    for (const route of routes) {
      for (const role of roles) {
        for (const scope of Object.keys(scopes) as Scope[]) {
          const body =
            route.method === "GET" || route.method === "DELETE"
              ? undefined
              : route.access?.ledger === "body"
                ? { id: OWN }
                : {};
          const reply = await folio.request(
            route.method,
            pathOf(route.url),
            body,
            keyOf(role, scope),
          );
          const label = `${route.method} ${route.url} as ${role} on ${scope}: ${reply.status}`;
          if (allowed(route, role, scope)) {
            expect([401, 403], label).not.toContain(reply.status);
          } else {
            expect(reply.status, label).toBe(403);
            expect((reply.body as { code: string }).code, label).toBe("forbidden");
          }
          checked += 1;
        }
      }
    }
    expect(checked).toBe(routes.length * roles.length * 3);
  }, 120_000);

  it("refuses to register a /v1 route that declares no access", async () => {
    const app = Fastify();
    const keyStore = {} as ApiKeyStore;
    await app.register(authPlugin, { keyStore });
    expect(() => app.get("/v1/undeclared", () => "open")).toThrow(/declares no config.access/);
    app.get("/public", () => "open");
    await app.close();
  });
});

describe("key management stays within the managing key's scope", () => {
  let scopedAdmin: string;
  let ownKeyId: string;
  let otherKeyId: string;

  beforeAll(async () => {
    const admin = await createKey({ name: "scoped-admin", roles: ["admin"], ledgers: [OWN] });
    scopedAdmin = (admin.body as { key: string }).key;
    const own = await createKey({ name: "own-poster", roles: ["poster"], ledgers: [OWN] });
    ownKeyId = (own.body as { keyId: string }).keyId;
    const other = await createKey({ name: "other-poster", roles: ["poster"], ledgers: [OTHER] });
    otherKeyId = (other.body as { keyId: string }).keyId;
  });

  it("a scoped admin cannot create a global admin, or a key on another ledger", async () => {
    for (const ledgers of [[ALL_LEDGERS], [OTHER], [OWN, OTHER]]) {
      const reply = await createKey({ name: "escalate", roles: ["admin"], ledgers }, scopedAdmin);
      expect(reply.status, JSON.stringify(ledgers)).toBe(403);
      expect((reply.body as { code: string }).code).toBe("key_scope_exceeded");
    }
    const within = await createKey(
      { name: "within", roles: ["admin", "auditor"], ledgers: [OWN] },
      scopedAdmin,
    );
    expect(within.status).toBe(201);
  });

  it("a scoped admin lists only the keys within its ledgers; a global admin lists all", async () => {
    const scoped = await folio.request("GET", "/v1/keys", undefined, scopedAdmin);
    expect(scoped.status).toBe(200);
    const seen = (scoped.body as { keys: { keyId: string; ledgers: string[] }[] }).keys;
    expect(seen.map((key) => key.keyId)).toContain(ownKeyId);
    expect(seen.map((key) => key.keyId)).not.toContain(otherKeyId);
    for (const key of seen) expect(key.ledgers.every((ledger) => ledger === OWN)).toBe(true);
    const global = await folio.request("GET", "/v1/keys");
    const all = (global.body as { keys: { keyId: string; ledgers: string[] }[] }).keys;
    expect(all.map((key) => key.keyId)).toContain(otherKeyId);
    expect(all.some((key) => key.ledgers.includes(ALL_LEDGERS))).toBe(true);
  });

  it("a scoped admin revokes only keys within its ledgers; others are unknown to it", async () => {
    const global = await folio.request("GET", "/v1/keys");
    const globalAdmin = (
      global.body as { keys: { keyId: string; roles: string[]; ledgers: string[] }[] }
    ).keys.find((key) => key.roles.includes("admin") && key.ledgers.includes(ALL_LEDGERS));
    expect(globalAdmin).toBeDefined();
    for (const keyId of [globalAdmin?.keyId ?? "", otherKeyId]) {
      const reply = await folio.request("DELETE", `/v1/keys/${keyId}`, undefined, scopedAdmin);
      expect(reply.status, keyId).toBe(404);
    }
    const stillThere = await folio.request("GET", "/v1/keys");
    const active = (stillThere.body as { keys: { keyId: string; revokedAt: string | null }[] })
      .keys;
    expect(active.find((key) => key.keyId === otherKeyId)?.revokedAt).toBeNull();
    const revoked = await folio.request("DELETE", `/v1/keys/${ownKeyId}`, undefined, scopedAdmin);
    expect(revoked.status).toBe(200);
    expect((revoked.body as { revokedAt: string | null }).revokedAt).not.toBeNull();
  });
});
