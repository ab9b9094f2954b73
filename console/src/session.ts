// The signed-in session: the API key (kept in sessionStorage, never in a URL), the typed
// client that sends it, and what the key may do (its roles and ledgers, from
// GET /v1/keys/current). Pages read it with useSession() and hide what the key may not do.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { FolioClient, paths } from "../../client/index.js";

const STORAGE_KEY = "folio.console.apiKey";

/** The signed-in key as GET /v1/keys/current describes it. */
export type Principal =
  paths["/v1/keys/current"]["get"]["responses"][200]["content"]["application/json"];

export type Role = Principal["roles"][number];

export interface Session {
  readonly client: FolioClient;
  readonly principal: Principal;
  readonly signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error("useSession() outside a signed-in console");
  return session;
}

/** Whether the key holds a role (admin holds every role). */
export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.includes("admin") || principal.roles.includes(role);
}

/** Whether the key may post or change anything: the console shows write actions only then. */
export function canWrite(principal: Principal): boolean {
  return hasRole(principal, "poster");
}

export function storedKey(): string | null {
  return window.sessionStorage.getItem(STORAGE_KEY);
}

export function storeKey(key: string): void {
  window.sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey(): void {
  window.sessionStorage.removeItem(STORAGE_KEY);
}
