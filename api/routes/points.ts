// Points in time of the projected routes: the `asOf` / `basis` / `knownAt` query parameters as
// the balances read model takes them, and the check that the read model can answer for that
// point at all. An answer the model cannot give yet is an error with a code, never an empty
// or zero answer that reads as "balances reconcile to zero":
//  - a point beyond what the model has applied, within what the ledger has recorded:
//    409 read_model_behind (retry shortly, or pass minSequence);
//  - a sequence the ledger has not reached: 422 sequence_beyond_ledger;
//  - a recorded time before the ledger's first event: 422 as_of_before_ledger;
//  - a recorded time after now: 422 as_of_in_future (what will be recorded is not known).
// Effective times have no lower or upper bound: entries may be dated before the ledger was
// created or after now, and "nothing effective by then" is a true answer.
import { z } from "zod";
import type { BalanceAt, BalancesHead, KnownAt } from "../../projections/index.js";
import { timestampSchema } from "../../schemas/index.js";
import { ApiProblem } from "../problems.js";
import { sequenceQuery } from "./schemas.js";

const sequenceText = z.string().regex(/^(0|[1-9][0-9]{0,15})$/, "a ledger sequence number");
const pointText = z.union([timestampSchema, sequenceText]);

export const pointQuery = z.strictObject({
  asOf: pointText.optional().describe("An ISO time, or (basis=recorded) a ledger sequence"),
  basis: z.enum(["effective", "recorded"]).default("effective"),
  knownAt: pointText
    .optional()
    .describe("basis=effective: as the ledger knew it at this time or sequence"),
  minSequence: sequenceQuery.optional().describe("Wait (up to 5 s) for this sequence"),
});
export type PointQuery = z.infer<typeof pointQuery>;

const isSequence = (text: string): boolean => /^[0-9]+$/.test(text);

/** The query's point in time as the balances read model takes it; 400 for a contradiction. */
export function balanceAtOf(query: PointQuery): BalanceAt {
  const { asOf, basis, knownAt } = query;
  if (knownAt !== undefined && basis !== "effective") {
    throw new ApiProblem(400, "invalid_request", "knownAt goes with basis=effective");
  }
  if (asOf === undefined) {
    if (knownAt !== undefined) throw new ApiProblem(400, "invalid_request", "knownAt needs asOf");
    return { kind: "latest" };
  }
  if (basis === "recorded") {
    return isSequence(asOf)
      ? { kind: "sequence", sequence: Number(asOf) }
      : { kind: "recorded", recordedAt: asOf };
  }
  if (isSequence(asOf)) {
    throw new ApiProblem(
      400,
      "invalid_request",
      "basis=effective takes a time; use basis=recorded for a sequence",
    );
  }
  if (knownAt === undefined) return { kind: "effective", effectiveAt: asOf };
  return {
    kind: "effective",
    effectiveAt: asOf,
    knownAt: isSequence(knownAt) ? { sequence: Number(knownAt) } : { recordedAt: knownAt },
  };
}

/** What the ledger itself has reached, and the clock, beside what the model has applied. */
export interface PointContext {
  readonly ledgerId: string;
  /** The ledger's last sequence as its writer knows it. */
  readonly ledgerSequence: number;
  /** The balances model's head for the ledger (null: it has applied nothing of it yet). */
  readonly head: BalancesHead | null;
  readonly nowMs: number;
  /** The read model asked (default "balances"), as the problem names it. */
  readonly model?: string;
}

function behind(context: PointContext, wanted: string): ApiProblem {
  const reached = context.head?.sequence ?? -1;
  return new ApiProblem(
    409,
    "read_model_behind",
    `the ${context.model ?? "balances"} read model has applied ledger ${context.ledgerId} up to sequence ${reached} of ${context.ledgerSequence}; ${wanted} needs more: retry shortly, or pass minSequence`,
    { reached, ledgerSequence: context.ledgerSequence },
  );
}

function checkSequence(context: PointContext, sequence: number, name: string): void {
  if (sequence > context.ledgerSequence) {
    throw new ApiProblem(
      422,
      "sequence_beyond_ledger",
      `${name} ${sequence} is beyond the ledger's last sequence ${context.ledgerSequence}`,
      { sequence, ledgerSequence: context.ledgerSequence },
    );
  }
  if (context.head === null || sequence > context.head.sequence) {
    throw behind(context, `${name} ${sequence}`);
  }
}

function checkRecordedTime(context: PointContext, time: string, name: string): void {
  const ms = Date.parse(time);
  if (ms > context.nowMs) {
    throw new ApiProblem(
      422,
      "as_of_in_future",
      `${name} ${time} is in the future: what will be recorded by then is not known yet`,
      { [name]: time },
    );
  }
  const { head } = context;
  if (head === null) throw behind(context, `${name} ${time}`);
  if (ms < head.createdAt.getTime()) {
    throw new ApiProblem(
      422,
      "as_of_before_ledger",
      `${name} ${time} is before ledger ${context.ledgerId} recorded its first event (${head.createdAt.toISOString()})`,
      { [name]: time, createdAt: head.createdAt.toISOString() },
    );
  }
  if (ms >= head.recordedAt.getTime() && head.sequence < context.ledgerSequence) {
    throw behind(context, `${name} ${time}`);
  }
}

function checkKnownAt(context: PointContext, knownAt: KnownAt): void {
  if ("sequence" in knownAt) checkSequence(context, knownAt.sequence, "knownAt");
  else checkRecordedTime(context, knownAt.recordedAt, "knownAt");
}

/** Throws the problem that says why the balances model cannot answer for `at` yet; else returns. */
export function checkBalancePoint(at: BalanceAt, context: PointContext): void {
  switch (at.kind) {
    case "latest":
    case "effective":
      if (context.head === null) throw behind(context, "any answer");
      if (at.kind === "effective" && at.knownAt !== undefined) checkKnownAt(context, at.knownAt);
      return;
    case "sequence":
      checkSequence(context, at.sequence, "asOf");
      return;
    case "recorded":
      checkRecordedTime(context, at.recordedAt, "asOf");
      return;
  }
}
