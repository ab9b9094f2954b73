// Runs the read models of a Folio process: applies the projections' migrations, starts one
// runner per projection at its active version (standbys wait on the lock in other processes),
// and reports their statuses for /health/ready and /metrics.
import type pg from "pg";
import type { Logger } from "pino";
import { applyMigrations } from "../event-store/index.js";
import type { EventStore } from "../ledger-core/index.js";
import type { Projection } from "./projection.js";
import {
  activeVersion,
  PROJECTION_MIGRATIONS,
  ProjectionRunner,
  type RunnerStatus,
} from "./runtime.js";

export interface ProjectionHostOptions {
  readonly pool: pg.Pool;
  readonly store: EventStore;
  readonly logger: Logger;
  /** Each projection by name: a factory giving the projection at a version. */
  readonly projections: ReadonlyMap<string, (version: number) => Projection>;
}

export interface ProjectionHost {
  statuses(): RunnerStatus[];
  stop(): Promise<void>;
}

export async function startProjections(options: ProjectionHostOptions): Promise<ProjectionHost> {
  await applyMigrations(options.pool, options.logger, PROJECTION_MIGRATIONS);
  const runners: ProjectionRunner[] = [];
  for (const [name, projectionAt] of options.projections) {
    const version = await activeVersion(options.pool, name);
    const runner = new ProjectionRunner({
      pool: options.pool,
      store: options.store,
      projection: projectionAt(version),
      logger: options.logger,
    });
    void runner.start();
    runners.push(runner);
  }
  return {
    statuses: () => runners.map((runner) => runner.status()),
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
    },
  };
}
