// The API's way into the read models: the pool they live in, the version of each that readers
// use (refused with 503 read_model_unavailable while it is not built yet, or being rebuilt
// for a new table layout), the sequence each has reached for a ledger, and a bounded wait for
// a client's own write (minSequence) before answering.
import type pg from "pg";
import {
  activeVersion,
  balancesHead,
  digest,
  listingsHead,
  READ_MODELS,
  readCheckpoint,
  riskInputsHead,
  type ReadModelName,
} from "../projections/index.js";
import { ApiProblem } from "./problems.js";

/** The longest a request waits for a projection to reach its minSequence. */
export const MAX_MIN_SEQUENCE_WAIT_MS = 5_000;
/** The first poll of a minSequence wait comes after this; each next one waits twice as long. */
const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 250;

export class ReadModels {
  constructor(readonly pool: pg.Pool) {}

  /** The version readers use, once it exists in the layout this code reads. */
  async version(name: ReadModelName): Promise<number> {
    const version = await activeVersion(this.pool, name);
    const checkpoint = await readCheckpoint(this.pool, name, version);
    if (checkpoint === null) {
      throw new ApiProblem(
        503,
        "read_model_unavailable",
        `the ${name} read model is not built yet; retry shortly`,
        { readModel: name, version },
      );
    }
    // The layout this code reads is the one it builds.
    const layout = READ_MODELS.get(name)?.(version).layout;
    if (checkpoint.layout !== layout || checkpoint.status === "dropped") {
      throw new ApiProblem(
        503,
        "read_model_unavailable",
        `the ${name} read model is being rebuilt for this version of Folio; retry later`,
        { readModel: name, version },
      );
    }
    return version;
  }

  /** The last ledger sequence the read model has applied, or -1 if none. */
  async reached(name: ReadModelName, ledgerId: string): Promise<number> {
    const version = await this.version(name);
    switch (name) {
      case "audit":
        return (await digest(this.pool, ledgerId, version))?.sequence ?? -1;
      case "risk_inputs":
        return (await riskInputsHead(this.pool, { ledgerId, version }))?.sequence ?? -1;
      case "listings":
        return listingsHead(this.pool, { ledgerId, version });
      case "balances":
        return (await balancesHead(this.pool, { ledgerId, version }))?.sequence ?? -1;
    }
  }

  /**
   * Waits (bounded) until the read model has applied `minSequence`, also while it is being
   * built; 503 if it does not get there in time. A sequence the ledger has not reached is
   * refused at once (422 sequence_beyond_ledger): no wait could ever answer it. The wait polls
   * with backoff (20 ms doubling to 250 ms), so waiting requests cost little.
   */
  async waitFor(
    name: ReadModelName,
    ledgerId: string,
    minSequence: number | undefined,
    ledgerSequence: number,
  ): Promise<void> {
    if (minSequence === undefined) return;
    if (minSequence > ledgerSequence) {
      throw new ApiProblem(
        422,
        "sequence_beyond_ledger",
        `minSequence ${minSequence} is beyond the ledger's last sequence ${ledgerSequence}`,
        { minSequence, ledgerSequence },
      );
    }
    const deadline = Date.now() + MAX_MIN_SEQUENCE_WAIT_MS;
    for (let pollMs = FIRST_POLL_MS; ; pollMs = Math.min(pollMs * 2, MAX_POLL_MS)) {
      const reached = await this.reached(name, ledgerId).catch((error: unknown) => {
        const building = error instanceof ApiProblem && error.code === "read_model_unavailable";
        if (building && Date.now() < deadline) return -1;
        throw error;
      });
      if (reached >= minSequence) return;
      if (Date.now() >= deadline) {
        throw new ApiProblem(
          503,
          "unavailable",
          `the ${name} read model is at sequence ${reached}, not yet ${minSequence}; retry shortly`,
          { reached, minSequence },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
