// The contract every LedgerLeases implementation passes (memory and PostgreSQL run it from
// their own spec files): each LedgerLeases instance stands for one process. A ledger is held by
// at most one process; release frees it; a dropped connection loses every lease of its process
// at once, within the implementation's bound, and frees them for others (a lease with a TTL:
// once its key has expired, `freedAfterLossMs` later); the process acquires again once
// reconnected; close ends them all. A property test runs random sequences of
// acquire, release and dropped connections by several processes against a model.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { LeaseLoss, LedgerLease, LedgerLeases } from "../ledgerLeases.js";

export interface LeasesHarness {
  /** The leases of a new process. */
  open(): Promise<LedgerLeases>;
  /** The process's connection to the lock service drops (a no-op when it has none). */
  dropConnection(leases: LedgerLeases): Promise<void>;
  /** How long after dropConnection every lease of that process must be lost. */
  readonly lossBoundMs: number;
  /**
   * How long after a drop (once its losses are observed) the dropped leases may still be held
   * at the lock service (a TTL that has not run out yet) and the dropped process may still be
   * reconnecting; the contract waits this long after every drop before it counts them as free
   * and uses that process again. Default 0: freed, and reconnectable, at once.
   */
  readonly freedAfterLossMs?: number;
  /** Runs of the property test. */
  readonly propertyRuns: number;
  /** Told how long each loss took to be noticed (reports measure it). */
  readonly onLossNoticed?: (ms: number) => void;
}

/** Ledgers each property run picks from. */
const PROPERTY_LEDGERS = 3;
/** Steps of one property run, at most. */
const PROPERTY_MAX_STEPS = 25;
/** Ledgers one process holds at once in the "many ledgers" test. */
const MANY_LEDGERS = 100;

let runs = 0;
/** Ledger ids no other test (or earlier run on the same database) uses. */
function ledgerIds(count: number): string[] {
  runs += 1;
  const prefix = `lease-${Date.now().toString(36)}-${runs}`;
  return Array.from({ length: count }, (_, index) => `${prefix}-${index}`);
}

/** `lost`, or a failure once `ms` have passed. */
async function lostWithin(lease: LedgerLease, ms: number): Promise<LeaseLoss> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`the lease of ${lease.ledgerId} was not lost within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([lease.lost, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `lost` resolved (after letting pending callbacks run). */
async function resolvedYet(lease: LedgerLease): Promise<boolean> {
  const marker = Symbol("pending");
  const first = await Promise.race([
    lease.lost,
    new Promise<symbol>((resolve) => {
      setTimeout(() => {
        resolve(marker);
      }, 20);
    }),
  ]);
  return first !== marker;
}

function leaseOf(lease: LedgerLease | null): LedgerLease {
  expect(lease).not.toBeNull();
  if (lease === null) throw new Error("acquired");
  return lease;
}

type Step =
  | { readonly kind: "acquire"; readonly process: number; readonly ledger: number }
  | { readonly kind: "release"; readonly process: number; readonly ledger: number }
  | { readonly kind: "drop"; readonly process: number };

function stepsArbitrary(processes: number): fc.Arbitrary<Step[]> {
  const process = fc.integer({ min: 0, max: processes - 1 });
  const ledger = fc.integer({ min: 0, max: PROPERTY_LEDGERS - 1 });
  return fc.array(
    fc.oneof(
      {
        arbitrary: fc.record({ kind: fc.constant("acquire" as const), process, ledger }),
        weight: 4,
      },
      {
        arbitrary: fc.record({ kind: fc.constant("release" as const), process, ledger }),
        weight: 2,
      },
      { arbitrary: fc.record({ kind: fc.constant("drop" as const), process }), weight: 1 },
    ),
    { maxLength: PROPERTY_MAX_STEPS },
  );
}

export function describeLedgerLeasesContract(name: string, harness: LeasesHarness): void {
  describe(`ledger leases contract: ${name}`, () => {
    const opened: LedgerLeases[] = [];
    const open = async (): Promise<LedgerLeases> => {
      const leases = await harness.open();
      opened.push(leases);
      return leases;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((leases) => leases.close()));
    });

    /** Drops `leases`' connection and waits until each of `held` is lost; the losses. */
    async function drop(leases: LedgerLeases, held: readonly LedgerLease[]): Promise<LeaseLoss[]> {
      const started = performance.now();
      await harness.dropConnection(leases);
      const losses = await Promise.all(held.map((lease) => lostWithin(lease, harness.lossBoundMs)));
      if (held.length > 0) harness.onLossNoticed?.(performance.now() - started);
      const freedAfter = harness.freedAfterLossMs ?? 0;
      if (freedAfter > 0) await new Promise((resolve) => setTimeout(resolve, freedAfter));
      return losses;
    }

    it("lets one process hold a ledger; the other gets null until it is released", async () => {
      const [a, b] = [await open(), await open()];
      const [ledger] = ledgerIds(1) as [string];
      const lease = leaseOf(await a.acquire(ledger));
      expect(lease.ledgerId).toBe(ledger);
      expect(lease.held()).toBe(true);
      expect(await b.acquire(ledger)).toBeNull();
      expect(await a.acquire(ledger)).toBeNull(); // held here already
      expect(await b.acquire(ledger)).toBeNull(); // and the refusal above changed nothing
      await lease.release();
      expect(lease.held()).toBe(false);
      const taken = leaseOf(await b.acquire(ledger));
      expect(await a.acquire(ledger)).toBeNull();
      await taken.release();
      expect(await resolvedYet(lease)).toBe(false); // released, never lost
      await lease.release(); // a no-op
      leaseOf(await a.acquire(ledger));
    });

    it("holds many ledgers per process, each one exclusive", async () => {
      const [a, b] = [await open(), await open()];
      const ids = ledgerIds(MANY_LEDGERS + 1);
      const mine = ids.slice(0, MANY_LEDGERS);
      const leases = await Promise.all(mine.map(async (id) => leaseOf(await a.acquire(id))));
      expect(await Promise.all(mine.map((id) => b.acquire(id)))).toEqual(mine.map(() => null));
      const other = ids[MANY_LEDGERS] as string;
      leaseOf(await b.acquire(other));
      await Promise.all(leases.slice(0, 10).map((lease) => lease.release()));
      expect(
        (await Promise.all(mine.map((id) => b.acquire(id)))).filter((l) => l !== null),
      ).toHaveLength(10);
      expect(leases.slice(10).every((lease) => lease.held())).toBe(true);
    });

    it("loses every lease of a process at once when its connection drops, within the bound", async () => {
      const [a, b] = [await open(), await open()];
      const ids = ledgerIds(3);
      const held = await Promise.all(ids.map(async (id) => leaseOf(await a.acquire(id))));
      const losses = await drop(a, held);
      expect(losses.map((loss) => loss.reason)).toEqual(ids.map(() => "connection_lost"));
      expect(losses.map((loss) => loss.ledgerId)).toEqual(ids);
      expect(held.some((lease) => lease.held())).toBe(false);
      // Freed for others, and this process acquires again once reconnected.
      const [first, second, third] = ids as [string, string, string];
      leaseOf(await b.acquire(first));
      leaseOf(await a.acquire(second));
      expect(await b.acquire(second)).toBeNull();
      expect(await a.acquire(first)).toBeNull();
      await held[2]?.release(); // releasing a lost lease is a no-op
      leaseOf(await a.acquire(third));
    });

    it("ends every lease on close (lost: closed) and frees them; acquire refuses after", async () => {
      const [a, b] = [await open(), await open()];
      const ids = ledgerIds(2);
      const held = await Promise.all(ids.map(async (id) => leaseOf(await a.acquire(id))));
      await a.close();
      const losses = await Promise.all(held.map((lease) => lostWithin(lease, harness.lossBoundMs)));
      expect(losses.map((loss) => loss.reason)).toEqual(["closed", "closed"]);
      for (const id of ids) leaseOf(await b.acquire(id));
      await expect(a.acquire(ledgerIds(1)[0] as string)).rejects.toThrow(/closed/);
    });

    it("never lets two processes hold one ledger (random acquire, release, drop)", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 2, max: 3 }),
          stepsArbitrary(3),
          async (count, steps) => {
            const processes = await Promise.all(Array.from({ length: count }, () => open()));
            const ids = ledgerIds(PROPERTY_LEDGERS);
            const held = processes.map(() => new Map<number, LedgerLease>());
            const owner = new Map<number, number>(); // ledger -> process, the model
            try {
              for (const step of steps) {
                const process = step.process % count;
                const leases = processes[process] as LedgerLeases;
                const mine = held[process] as Map<number, LedgerLease>;
                if (step.kind === "acquire") {
                  const lease = await leases.acquire(ids[step.ledger] as string);
                  expect(lease === null).toBe(owner.has(step.ledger));
                  if (lease !== null) {
                    mine.set(step.ledger, lease);
                    owner.set(step.ledger, process);
                  }
                } else if (step.kind === "release") {
                  await mine.get(step.ledger)?.release();
                  if (mine.delete(step.ledger)) owner.delete(step.ledger);
                } else {
                  await drop(leases, [...mine.values()]);
                  for (const ledger of mine.keys()) owner.delete(ledger);
                  mine.clear();
                }
                for (let ledger = 0; ledger < PROPERTY_LEDGERS; ledger += 1) {
                  const holders = held.flatMap((leasesOf, index) =>
                    leasesOf.get(ledger)?.held() === true ? [index] : [],
                  );
                  expect(holders).toEqual(owner.has(ledger) ? [owner.get(ledger)] : []);
                }
              }
            } finally {
              await Promise.all(processes.map((leases) => leases.close()));
            }
          },
        ),
        { numRuns: harness.propertyRuns },
      );
    });
  });
}
