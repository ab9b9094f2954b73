// The API's way into the ledgers: submit a command as the calling key (its actor, the
// request id as correlation id), find a ledger or answer 404, and read back the stored
// event that created an entry. Route plugins get it as an option: no hidden globals.
import type { FastifyRequest } from "fastify";
import type { Decision, EventStore, LedgerRegistry, LedgerWriter } from "../ledger-core/index.js";
import { fromStoredEvent, ledgerStreamId } from "../ledger-core/index.js";
import type { Command, JournalEvent } from "../schemas/index.js";
import { actorOf, type Principal } from "./principal.js";
import { ApiProblem } from "./problems.js";
import { isCreatingEvent, type CreatingEvent } from "./views.js";

export interface LedgerServiceOptions {
  readonly registry: LedgerRegistry;
  readonly store: EventStore;
  /** Told of every decision (metrics). */
  readonly observeDecision?: (decision: Decision) => void;
}

export class LedgerService {
  constructor(private readonly options: LedgerServiceOptions) {}

  get registry(): LedgerRegistry {
    return this.options.registry;
  }

  /** Submits `command` to `ledgerId` as `principal`; resolves once it is durable. */
  async execute(
    ledgerId: string,
    command: Command,
    principal: Principal,
    request: FastifyRequest,
  ): Promise<Decision> {
    const decision = await this.options.registry.submit(ledgerId, {
      command,
      actor: actorOf(principal),
      correlationId: request.id,
    });
    this.options.observeDecision?.(decision);
    return decision;
  }

  /** The ledger's writer, or a 404 problem. */
  async ledger(ledgerId: string): Promise<LedgerWriter> {
    const writer = await this.options.registry.existing(ledgerId);
    if (writer === null) {
      throw new ApiProblem(404, "ledger_not_found", `ledger ${ledgerId} does not exist`, {
        ledgerId,
      });
    }
    return writer;
  }

  /** The stored event at `sequence` of a ledger (validated). */
  async eventAt(ledgerId: string, sequence: number): Promise<JournalEvent> {
    const [stored] = await this.options.store.readStream(ledgerStreamId(ledgerId), {
      fromRevision: BigInt(sequence),
      direction: "forwards",
      maxCount: 1,
    });
    if (stored === undefined)
      throw new Error(`ledger ${ledgerId}: no event at sequence ${sequence}`);
    return fromStoredEvent(stored);
  }

  /** The stored event at `sequence` of a ledger, if it created an entry. */
  async creatingEvent(ledgerId: string, sequence: number): Promise<CreatingEvent> {
    const event = await this.eventAt(ledgerId, sequence);
    if (!isCreatingEvent(event)) {
      throw new Error(`ledger ${ledgerId}: no entry event at sequence ${sequence}`);
    }
    return event;
  }
}
