// What the overview page loads: the ledger (GET /v1/ledgers/{id}) with its creation time from
// the ledger list (the only answer that carries it), the chain status (GET .../digest), the
// read models' lag (GET /health/ready, public: every key sees the lag; a 503 is still a
// report), and the latest verification run (404 verification_not_found: none yet, not an error).
import type { FolioClient, paths } from "../../../../client/index.js";
import { ConsoleError, unwrap } from "../../api";

type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;

export type Ledger =
  paths["/v1/ledgers/{ledgerId}"]["get"]["responses"][200]["content"]["application/json"];
export type Digest =
  paths["/v1/ledgers/{ledgerId}/digest"]["get"]["responses"][200]["content"]["application/json"];
export type Readiness = JsonOf<paths["/health/ready"]["get"]["responses"][200]>;
export type Projection = NonNullable<Readiness["projections"]>[number];
export type VerificationRun =
  paths["/v1/ledgers/{ledgerId}/verifications/latest"]["get"]["responses"][200]["content"]["application/json"];

/** The ledger list's pages looked through for the creation time, at most. */
const MAX_LIST_PAGES = 10;

export interface LedgerFacts {
  readonly ledger: Ledger;
  readonly createdAt: string | null;
  readonly digest: Digest;
}

async function createdAtOf(client: FolioClient, ledgerId: string): Promise<string | null> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    const listed = await unwrap(
      client.GET("/v1/ledgers", {
        params: { query: { limit: "200", ...(cursor === undefined ? {} : { cursor }) } },
      }),
    );
    const found = listed.items.find((item) => item.id === ledgerId);
    if (found !== undefined) return found.createdAt;
    if (listed.nextCursor === null) return null;
    cursor = listed.nextCursor;
  }
  return null;
}

export async function loadLedgerFacts(client: FolioClient, ledgerId: string): Promise<LedgerFacts> {
  const path = { path: { ledgerId } };
  const [ledger, digest, createdAt] = await Promise.all([
    unwrap(client.GET("/v1/ledgers/{ledgerId}", { params: path })),
    unwrap(client.GET("/v1/ledgers/{ledgerId}/digest", { params: path })),
    // The list is a read model: without it the page still shows the rest.
    createdAtOf(client, ledgerId).catch(() => null),
  ]);
  return { ledger, digest, createdAt };
}

/** The read models and their lag; a 503 (not ready) carries the same report. */
export async function loadReadiness(client: FolioClient): Promise<Readiness> {
  let answer;
  try {
    answer = await client.GET("/health/ready");
  } catch (error) {
    throw new ConsoleError(
      "network_error",
      `cannot reach Folio: ${error instanceof Error ? error.message : String(error)}`,
      0,
    );
  }
  if (answer.data !== undefined) return answer.data;
  // Not ready (503) answers the same report; anything else is a problem for unwrap to name.
  if (answer.response.status === 503) return answer.error;
  return unwrap(Promise.resolve(answer));
}

/** The latest run, or null when the ledger was never verified on the server. */
export async function loadLatestRun(
  client: FolioClient,
  ledgerId: string,
): Promise<VerificationRun | null> {
  try {
    return await unwrap(
      client.GET("/v1/ledgers/{ledgerId}/verifications/latest", {
        params: { path: { ledgerId } },
      }),
    );
  } catch (error) {
    if (error instanceof ConsoleError && error.code === "verification_not_found") return null;
    throw error;
  }
}

/** Starts a run; a run already under way (409 verification_running) is fine: it is followed. */
export async function startRun(client: FolioClient, ledgerId: string): Promise<void> {
  try {
    await unwrap(
      client.POST("/v1/ledgers/{ledgerId}/verifications", { params: { path: { ledgerId } } }),
    );
  } catch (error) {
    if (error instanceof ConsoleError && error.code === "verification_running") return;
    throw error;
  }
}
