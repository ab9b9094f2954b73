// What the trial balance page asks Folio: one page of a trial balance, every page of one (for
// the diff), and one page of the entries between two points. The answers' types are the typed
// client's own.
import type { FolioClient } from "../../../../client/index.js";
import { unwrap } from "../../api";
import { pointParams, type Point } from "./point";

export type TrialBalance = Awaited<ReturnType<typeof trialBalancePage>>;
export type AccountRow = TrialBalance["currencies"][number]["accounts"][number];
export type EntriesPage = Awaited<ReturnType<typeof entriesPage>>;

/** Accounts per page when reading a whole trial balance for the diff. */
const WHOLE_PAGE = "1000";
/** Entries per page of the diff's entry list (the API allows up to 200). */
export const ENTRIES_PAGE = 50;

export function trialBalancePage(
  client: FolioClient,
  ledgerId: string,
  point: Point,
  after: string | undefined,
  limit: string,
) {
  return unwrap(
    client.GET("/v1/ledgers/{ledgerId}/trial-balance", {
      params: {
        path: { ledgerId },
        query: {
          ...pointParams(point),
          ...(after === undefined ? {} : { after }),
          limit,
        },
      },
    }),
  );
}

export interface WholeTrialBalance {
  readonly sequence: number | null;
  /** Per "currency account" key: the account's row. */
  readonly accounts: ReadonlyMap<string, AccountRow>;
}

export const rowKey = (currency: string, accountId: string): string =>
  `${currency}\u0000${accountId}`;

/** Every account of a trial balance, page after page. */
export async function wholeTrialBalance(
  client: FolioClient,
  ledgerId: string,
  point: Point,
): Promise<WholeTrialBalance> {
  const accounts = new Map<string, AccountRow>();
  let after: string | undefined;
  let sequence: number | null = null;
  do {
    const page = await trialBalancePage(client, ledgerId, point, after, WHOLE_PAGE);
    sequence = page.sequence;
    for (const currency of page.currencies) {
      for (const account of currency.accounts)
        accounts.set(rowKey(currency.currency, account.accountId), account);
    }
    after = page.nextCursor ?? undefined;
  } while (after !== undefined);
  return { sequence, accounts };
}

export function entriesPage(
  client: FolioClient,
  ledgerId: string,
  filter: Record<string, string>,
  cursor: string | undefined,
) {
  return unwrap(
    client.GET("/v1/ledgers/{ledgerId}/entries", {
      params: {
        path: { ledgerId },
        query: {
          ...filter,
          order: "oldest",
          limit: String(ENTRIES_PAGE),
          ...(cursor === undefined ? {} : { cursor }),
        },
      },
    }),
  );
}

export function ledgerHead(client: FolioClient, ledgerId: string) {
  return unwrap(client.GET("/v1/ledgers/{ledgerId}", { params: { path: { ledgerId } } }));
}
