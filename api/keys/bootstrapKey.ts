// The bootstrap admin key: makes sure an admin can get in on a fresh install (a key made from
// FOLIO_ADMIN_KEY, or one generated and shown once) without ever bringing back a revoked key.
import type { Logger } from "pino";
import { ALL_LEDGERS, type Principal } from "../principal.js";
import { ApiKeyConflictError, type ApiKeyStore } from "./apiKeyStore.js";

export interface BootstrapOptions {
  /** FOLIO_ADMIN_KEY: the secret of the bootstrap admin key. */
  readonly adminKey?: string | undefined;
  readonly logger: Logger;
  /** Shows a newly created secret to the operator (the caller prints it once to stdout). */
  readonly announce: (key: string) => void;
}

const BOOTSTRAP_KEY_NAME = "bootstrap-admin";

function isFullAdmin(principal: Principal | null): boolean {
  return (
    principal !== null &&
    principal.roles.includes("admin") &&
    principal.ledgers.includes(ALL_LEDGERS)
  );
}

/**
 * Makes sure an admin can get in. With FOLIO_ADMIN_KEY: a key with exactly that secret exists
 * as admin on "*" (created on the first start, found on later ones). A key with that secret
 * that was revoked or is not a full admin is never brought back: the start fails and asks for
 * a new FOLIO_ADMIN_KEY. Without it: when no active key exists, one admin key on "*" is
 * created and announced once. (Several processes starting together on an empty table without
 * FOLIO_ADMIN_KEY may each create one; set FOLIO_ADMIN_KEY when running several.)
 * Secrets are never logged.
 */
export async function ensureBootstrapKey(
  store: ApiKeyStore,
  options: BootstrapOptions,
): Promise<void> {
  const { adminKey, logger } = options;
  if (adminKey !== undefined) {
    const existing = await store.authenticate(adminKey);
    if (isFullAdmin(existing)) {
      logger.info({ keyId: existing?.keyId }, "bootstrap admin key (FOLIO_ADMIN_KEY) is active");
      return;
    }
    const refused = new Error(
      "FOLIO_ADMIN_KEY belongs to a key that was revoked or is not an admin on every ledger; set a new FOLIO_ADMIN_KEY",
    );
    if (existing !== null) throw refused;
    try {
      const { info } = await store.create(
        { name: BOOTSTRAP_KEY_NAME, roles: ["admin"], ledgers: [ALL_LEDGERS] },
        adminKey,
      );
      logger.info({ keyId: info.keyId }, "bootstrap admin key created from FOLIO_ADMIN_KEY");
      return;
    } catch (error) {
      if (!(error instanceof ApiKeyConflictError)) throw error;
    }
    // Another process created it meanwhile, or it exists revoked.
    if (isFullAdmin(await store.authenticate(adminKey))) return;
    throw refused;
  }
  if ((await store.countActive()) > 0) return;
  const { key, info } = await store.create({
    name: BOOTSTRAP_KEY_NAME,
    roles: ["admin"],
    ledgers: [ALL_LEDGERS],
  });
  logger.warn(
    { keyId: info.keyId },
    "no API key existed: created a bootstrap admin key, printed once to stdout; set FOLIO_ADMIN_KEY to choose it",
  );
  options.announce(key);
}
