// Runs the read models of a Folio process and keeps them on the version readers use. Every
// followIntervalMs it re-reads projection_active and the checkpoint rows, and for each
// projection:
//  - runs one runner at the active version (standbys wait on the lock in other processes);
//    after `folio rebuild` switches readers to a new version, the old runner is stopped and
//    one on the new version takes over within about a second;
//  - when the active version was built by another table layout (an upgrade of Folio), builds
//    the next version from zero and switches readers to it once it has caught up;
//  - restarts a runner that stopped on a poison event once `folio projections resume`
//    cleared its checkpoint row.
// Its runners share one reader (reader.ts): runners at the same position read it once. It
// reports each runner's status and each projection's lag for /health/ready and /metrics.
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import type { Logger } from "pino";
import { applyMigrations } from "../event-store/index.js";
import type { EventStore } from "../ledger-core/index.js";
import {
  activeVersion,
  listCheckpoints,
  PROJECTION_MIGRATIONS,
  switchActiveVersion,
  type Checkpoint,
} from "./checkpoints.js";
import { measureLag, type ProjectionLag } from "./lag.js";
import type { ProjectionFactory } from "./projection.js";
import { SharedEventReader } from "./reader.js";
import { ProjectionRunner, type RunnerStatus } from "./runtime.js";

export const DEFAULT_FOLLOW_INTERVAL_MS = 1_000;
/** A lag measurement is reused for this long (health probes may come often). */
export const LAG_CACHE_MS = 1_000;

export interface ProjectionHostOptions {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly logger: Logger;
  /** Each projection by name: a factory giving the projection at a version. */
  readonly projections: ReadonlyMap<string, ProjectionFactory>;
  readonly followIntervalMs?: number;
  readonly batchSize?: number;
  readonly idleWaitMs?: number;
}

/** One projection as this process sees it: its runner, whether readers use that version, its lag. */
export interface ProjectionReport {
  readonly status: RunnerStatus;
  /** True when readers use the version the runner runs (false while a rebuild catches up). */
  readonly active: boolean;
  readonly lag: ProjectionLag;
}

export interface ProjectionHost {
  statuses(): RunnerStatus[];
  /** Every projection's status, whether it is the readers' version, and its lag. */
  report(): Promise<ProjectionReport[]>;
  /** Brings the runners in line with the active versions now (also done on a timer). */
  follow(): Promise<void>;
  stop(): Promise<void>;
}

interface Hosted {
  runner: ProjectionRunner;
  /** The version readers use; differs from the runner's while it builds a replacement. */
  activeVersion: number;
  lag: { at: number; value: ProjectionLag } | null;
}

/** The version to run: the active one, or the one that replaces it when this code cannot run it. */
function targetVersion(active: number, layout: number, checkpoints: readonly Checkpoint[]): number {
  const row = checkpoints.find((checkpoint) => checkpoint.version === active);
  if (row === undefined || (row.layout === layout && row.status !== "dropped")) return active;
  const replacement = checkpoints
    .filter((c) => c.version > active && c.layout === layout && c.status !== "dropped")
    .at(-1);
  return replacement?.version ?? Math.max(...checkpoints.map((c) => c.version)) + 1;
}

class Host implements ProjectionHost {
  private readonly hosted = new Map<string, Hosted>();
  private readonly reader: SharedEventReader;
  private stopped = false;
  private readonly abort = new AbortController();
  private following: Promise<void> = Promise.resolve();
  private timer: Promise<void> = Promise.resolve();

  constructor(private readonly options: ProjectionHostOptions) {
    this.reader = new SharedEventReader(options.store);
  }

  start(): void {
    this.timer = this.followForever();
  }

  statuses(): RunnerStatus[] {
    return [...this.hosted.values()].map((hosted) => hosted.runner.status());
  }

  async report(): Promise<ProjectionReport[]> {
    const reports: ProjectionReport[] = [];
    for (const hosted of this.hosted.values()) {
      const { runner } = hosted;
      if (hosted.lag === null || Date.now() - hosted.lag.at > LAG_CACHE_MS) {
        const value = await measureLag(
          this.options.pool,
          this.options.store,
          runner.name,
          runner.version,
        );
        hosted.lag = { at: Date.now(), value };
      }
      reports.push({
        status: runner.status(),
        active: runner.version === hosted.activeVersion,
        lag: hosted.lag.value,
      });
    }
    return reports;
  }

  follow(): Promise<void> {
    // One pass at a time: a pass waits for the one before it.
    this.following = this.following.catch(() => undefined).then(() => this.followOnce());
    return this.following;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.timer;
    await this.following.catch(() => undefined);
    await Promise.all([...this.hosted.values()].map((hosted) => hosted.runner.stop()));
  }

  private async followForever(): Promise<void> {
    const interval = this.options.followIntervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS;
    for (;;) {
      await sleep(interval, undefined, { signal: this.abort.signal }).catch(() => undefined);
      if (this.abort.signal.aborted) return;
      await this.follow().catch((error: unknown) => {
        this.options.logger.warn(
          { err: error },
          "projection host could not read the active versions",
        );
      });
    }
  }

  private async followOnce(): Promise<void> {
    if (this.stopped) return;
    for (const [name, projectionAt] of this.options.projections) {
      const active = await activeVersion(this.options.pool, name);
      const checkpoints = await listCheckpoints(this.options.pool, name);
      const target = targetVersion(active, projectionAt(active).layout, checkpoints);
      const hosted = this.hosted.get(name);
      const targetRow = checkpoints.find((checkpoint) => checkpoint.version === target);
      if (hosted === undefined || hosted.runner.version !== target) {
        if (target !== active) {
          this.options.logger.warn(
            { projection: name, active, building: target },
            "readers' version was built by another table layout; building a new version",
          );
        }
        await this.run(name, projectionAt, target, active, hosted);
      } else if (hosted.runner.status().state === "failed" && targetRow?.status === "running") {
        this.options.logger.info({ projection: name, version: target }, "projection resumed");
        await this.run(name, projectionAt, target, active, hosted);
      } else {
        hosted.activeVersion = active;
      }
      const current = this.hosted.get(name);
      if (target !== active && current?.runner.status().state === "caught_up") {
        if (await switchActiveVersion(this.options.pool, name, target, active)) {
          this.options.logger.info(
            { projection: name, from: active, to: target },
            "readers switched",
          );
        }
      }
    }
  }

  private async run(
    name: string,
    projectionAt: ProjectionFactory,
    version: number,
    active: number,
    previous: Hosted | undefined,
  ): Promise<void> {
    await previous?.runner.stop();
    const runner = new ProjectionRunner({
      pool: this.options.pool,
      store: this.options.store,
      projection: projectionAt(version),
      logger: this.options.logger,
      reader: this.reader,
      ...(this.options.batchSize === undefined ? {} : { batchSize: this.options.batchSize }),
      ...(this.options.idleWaitMs === undefined ? {} : { idleWaitMs: this.options.idleWaitMs }),
    });
    this.hosted.set(name, { runner, activeVersion: active, lag: null });
    void runner.start();
  }
}

export async function startProjections(options: ProjectionHostOptions): Promise<ProjectionHost> {
  await applyMigrations(options.pool, options.logger, PROJECTION_MIGRATIONS);
  const host = new Host(options);
  await host.follow();
  host.start();
  return host;
}
