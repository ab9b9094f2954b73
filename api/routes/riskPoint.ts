// The point the risk routes (exposure, IFRS 9) answer at: both read models they read (the
// balances and the risk inputs) waited for (minSequence), their active versions, the query's
// point checked against each model's head (points.ts: a point a model cannot answer yet is
// an error with a code), and the common sequence where "latest" and "effective now" are
// pinned so that the two models agree. One place for what every risk read does first.
import type { LedgerInfo } from "../../ledger-core/index.js";
import { balancesHead, riskInputsHead, type BalanceAt } from "../../projections/index.js";
import type { LedgerService } from "../ledgerService.js";
import type { ReadModels } from "../readModels.js";
import { balanceAtOf, checkBalancePoint, type PointQuery } from "./points.js";

export interface RiskPoint {
  readonly ledger: LedgerInfo;
  readonly at: BalanceAt;
  readonly versions: { readonly balances: number; readonly riskInputs: number };
  /** The sequence both models have applied. */
  readonly commonSequence: number;
}

export async function riskPointOf(
  service: LedgerService,
  readModels: ReadModels,
  ledgerId: string,
  query: PointQuery,
): Promise<RiskPoint> {
  const writer = await service.ledger(ledgerId);
  const ledger = writer.current.ledger;
  if (ledger === null) throw new Error(`ledger ${ledgerId} is not loaded`);
  const ledgerSequence = writer.current.chain.nextSequence - 1;
  const at = balanceAtOf(query);
  await readModels.waitFor("balances", ledgerId, query.minSequence, ledgerSequence);
  await readModels.waitFor("risk_inputs", ledgerId, query.minSequence, ledgerSequence);
  const versions = {
    balances: await readModels.version("balances"),
    riskInputs: await readModels.version("risk_inputs"),
  };
  const heads = {
    balances: await balancesHead(readModels.pool, { ledgerId, version: versions.balances }),
    riskInputs: await riskInputsHead(readModels.pool, { ledgerId, version: versions.riskInputs }),
  };
  const nowMs = Date.now();
  checkBalancePoint(at, { ledgerId, ledgerSequence, head: heads.balances, nowMs });
  checkBalancePoint(at, {
    ledgerId,
    ledgerSequence,
    head: heads.riskInputs,
    nowMs,
    model: "risk_inputs",
  });
  const commonSequence = Math.min(heads.balances?.sequence ?? -1, heads.riskInputs?.sequence ?? -1);
  return { ledger, at, versions, commonSequence };
}
