// What the account page reads, with the typed client: the account (strongly consistent, from
// the writer), its statement for a period (JSON, lines with running balances), its holds
// (GET .../pending?account=, a page at a time), the date of its first entry (the default
// period starts there when that is within 90 days), and the statement as a file to download.
import type { FolioClient, paths } from "../../../../client/index.js";
import { unwrap } from "../../api";

type Json<P extends keyof paths> = P extends keyof paths
  ? paths[P] extends { get: { responses: { 200: { content: { "application/json": infer T } } } } }
    ? T
    : never
  : never;

export type Account = Json<"/v1/ledgers/{ledgerId}/accounts/{accountId}">;
export type Statement = Json<"/v1/ledgers/{ledgerId}/accounts/{accountId}/statement">;
export type StatementLine = Statement["lines"][number];
export type HoldPage = Json<"/v1/ledgers/{ledgerId}/pending">;
export type Hold = HoldPage["items"][number];

/** The formats the page offers for download, with the file suffix each gets. */
export const DOWNLOADS = [
  { format: "json", label: "JSON", suffix: "json" },
  { format: "csv", label: "CSV", suffix: "csv" },
  { format: "camt053", label: "camt.053", suffix: "xml" },
] as const;
export type DownloadFormat = (typeof DOWNLOADS)[number]["format"];

export interface Period {
  readonly from: string;
  readonly to: string;
}

export function loadAccount(
  client: FolioClient,
  ledgerId: string,
  accountId: string,
): Promise<Account> {
  return unwrap(
    client.GET("/v1/ledgers/{ledgerId}/accounts/{accountId}", {
      params: { path: { ledgerId, accountId } },
    }),
  );
}

export function loadStatement(
  client: FolioClient,
  ledgerId: string,
  accountId: string,
  period: Period,
): Promise<Statement> {
  return unwrap(
    client.GET("/v1/ledgers/{ledgerId}/accounts/{accountId}/statement", {
      params: { path: { ledgerId, accountId }, query: { ...period, format: "json" } },
    }),
  );
}

export const HOLDS_PAGE = 50;

export function loadHolds(
  client: FolioClient,
  ledgerId: string,
  accountId: string,
  cursor: string | undefined,
): Promise<HoldPage> {
  return unwrap(
    client.GET("/v1/ledgers/{ledgerId}/pending", {
      params: {
        path: { ledgerId },
        query: {
          account: accountId,
          limit: String(HOLDS_PAGE),
          ...(cursor === undefined ? {} : { cursor }),
        },
      },
    }),
  );
}

/** The effective time of the account's first entry (by sequence), or null when it has none. */
export async function firstEntryTime(
  client: FolioClient,
  ledgerId: string,
  accountId: string,
): Promise<string | null> {
  const page = await unwrap(
    client.GET("/v1/ledgers/{ledgerId}/entries", {
      params: { path: { ledgerId }, query: { account: accountId, order: "oldest", limit: "1" } },
    }),
  );
  return page.items[0]?.effectiveAt ?? null;
}

/**
 * The statement in `format` exactly as the API sends it (the key goes in the Authorization
 * header, never in a URL), as a Blob to offer for download.
 */
export function downloadStatement(
  client: FolioClient,
  ledgerId: string,
  accountId: string,
  period: Period,
  format: DownloadFormat,
): Promise<Blob> {
  return unwrap(
    client.GET("/v1/ledgers/{ledgerId}/accounts/{accountId}/statement", {
      params: { path: { ledgerId, accountId }, query: { ...period, format } },
      parseAs: "blob",
    }),
  );
}
