// The API's way into the ledgers: submit a command as the calling key (its actor, the
// request id as correlation id), or dry-run it (decided in the writer's queue order, nothing
// stored, no id spent), find a ledger or answer 404, and read back the event that created an
// entry (a dry run's unstored events first, then the store). Route plugins get it as an
// option: no hidden globals.
import type { FastifyRequest } from "fastify";
import type {
  CommandRequest,
  Decision,
  EventStore,
  LedgerRegistry,
  LedgerState,
  LedgerWriter,
} from "../ledger-core/index.js";
import { fromStoredEvent, ledgerStreamId, WriterError } from "../ledger-core/index.js";
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

/** A command decided for a route: applied for real, or only decided (a dry run). */
export interface Decided {
  readonly decision: Decision;
  /** A dry run's ledger after its commands (a fork, never stored); null: read the writer. */
  readonly after: Readonly<LedgerState> | null;
  /** A dry run's decided events, never stored: the answer reads them before the store. */
  readonly unstored: readonly JournalEvent[];
}

/** One command of several decided each on its own: its decision, or the error it got. */
export type DecidedOrError = Decided | { readonly error: unknown };

export class LedgerService {
  constructor(private readonly options: LedgerServiceOptions) {}

  get registry(): LedgerRegistry {
    return this.options.registry;
  }

  /** The event store the ledgers live in (read by verification runs). */
  get store(): EventStore {
    return this.options.store;
  }

  /** Submits `command` to `ledgerId` as `principal`; resolves once it is durable. */
  async execute(
    ledgerId: string,
    command: Command,
    principal: Principal,
    request: FastifyRequest,
  ): Promise<Decision> {
    const decision = await this.options.registry.submit(
      ledgerId,
      requestOf(command, principal, request),
    );
    this.options.observeDecision?.(decision);
    return decision;
  }

  /** Submits `command`, or with `dryRun` only decides it; a refusal is thrown as by execute. */
  async decide(
    ledgerId: string,
    command: Command,
    principal: Principal,
    request: FastifyRequest,
    dryRun: boolean,
  ): Promise<Decided> {
    if (!dryRun) {
      const decision = await this.execute(ledgerId, command, principal, request);
      return { decision, after: null, unstored: [] };
    }
    const [decided] = await this.decideEach(ledgerId, [command], principal, request, true);
    if (decided === undefined) throw new Error("a dry run answers every command");
    if ("error" in decided) throw decided.error;
    return decided;
  }

  /**
   * Submits each of `commands` on its own (in order), or with `dryRun` decides them in order,
   * each seeing the ones before it, as one dry run; each gets its decision or its error.
   */
  async decideEach(
    ledgerId: string,
    commands: readonly Command[],
    principal: Principal,
    request: FastifyRequest,
    dryRun: boolean,
  ): Promise<DecidedOrError[]> {
    if (!dryRun) {
      return Promise.all(
        commands.map((command) =>
          this.execute(ledgerId, command, principal, request).then(
            (decision): DecidedOrError => ({ decision, after: null, unstored: [] }),
            (error: unknown): DecidedOrError => ({ error }),
          ),
        ),
      );
    }
    const requests = commands.map((command) => requestOf(command, principal, request));
    try {
      const result = await this.options.registry.dryRun(ledgerId, requests);
      return result.outcomes.map((outcome) =>
        outcome instanceof WriterError
          ? { error: outcome }
          : { decision: outcome, after: result.state, unstored: result.events },
      );
    } catch (error) {
      return commands.map(() => ({ error }));
    }
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

  /** The event at `sequence` of a ledger: among `unstored` (a dry run's), else the store. */
  async eventAt(
    ledgerId: string,
    sequence: number,
    unstored: readonly JournalEvent[] = [],
  ): Promise<JournalEvent> {
    const known = unstored.find((event) => event.metadata.sequence === sequence);
    if (known !== undefined) return known;
    const [stored] = await this.options.store.readStream(ledgerStreamId(ledgerId), {
      fromRevision: BigInt(sequence),
      direction: "forwards",
      maxCount: 1,
    });
    if (stored === undefined)
      throw new Error(`ledger ${ledgerId}: no event at sequence ${sequence}`);
    return fromStoredEvent(stored);
  }

  /** The event at `sequence` of a ledger (see eventAt), if it created an entry. */
  async creatingEvent(
    ledgerId: string,
    sequence: number,
    unstored: readonly JournalEvent[] = [],
  ): Promise<CreatingEvent> {
    const event = await this.eventAt(ledgerId, sequence, unstored);
    if (!isCreatingEvent(event)) {
      throw new Error(`ledger ${ledgerId}: no entry event at sequence ${sequence}`);
    }
    return event;
  }
}

function requestOf(
  command: Command,
  principal: Principal,
  request: FastifyRequest,
): CommandRequest {
  return { command, actor: actorOf(principal), correlationId: request.id };
}
