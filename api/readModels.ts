// The API's way into the read models: the pool they live in, the active version of each, the
// sequence each has reached for a ledger, and a bounded wait for a client's own write
// (minSequence) before answering.
import type pg from "pg";
import {
  activeVersion,
  balancesTables,
  digest,
  type ProjectionHost,
} from "../projections/index.js";
import { ApiProblem } from "./problems.js";

/** The longest a request waits for a projection to reach its minSequence. */
export const MAX_MIN_SEQUENCE_WAIT_MS = 5_000;
const POLL_MS = 20;

export type ReadModelName = "balances" | "audit";

export class ReadModels {
  constructor(
    readonly pool: pg.Pool,
    readonly host: ProjectionHost,
  ) {}

  version(name: ReadModelName): Promise<number> {
    return activeVersion(this.pool, name);
  }

  /** The last ledger sequence the read model has applied, or -1 if none. */
  async reached(name: ReadModelName, ledgerId: string): Promise<number> {
    const version = await this.version(name);
    if (name === "audit") return (await digest(this.pool, ledgerId, version))?.sequence ?? -1;
    const { rows } = await this.pool.query<{ last_sequence: string }>(
      `SELECT last_sequence::text AS last_sequence FROM ${balancesTables(version).heads} WHERE ledger_id = $1`,
      [ledgerId],
    );
    return rows[0] === undefined ? -1 : Number(rows[0].last_sequence);
  }

  /** Waits (bounded) until the read model has applied `minSequence`; 503 if it does not. */
  async waitFor(
    name: ReadModelName,
    ledgerId: string,
    minSequence: number | undefined,
  ): Promise<void> {
    if (minSequence === undefined) return;
    const deadline = Date.now() + MAX_MIN_SEQUENCE_WAIT_MS;
    for (;;) {
      const reached = await this.reached(name, ledgerId);
      if (reached >= minSequence) return;
      if (Date.now() >= deadline) {
        throw new ApiProblem(
          503,
          "unavailable",
          `the ${name} read model is at sequence ${reached}, not yet ${minSequence}; retry shortly`,
          { reached, minSequence },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
