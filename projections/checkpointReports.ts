// Each read model's report read from its checkpoint row and the store's head, without
// running it: what a process that does not host the projections (the API with
// FOLIO_PROJECTIONS=off) reports for readiness and metrics.
import type pg from "pg";
import type { EventStore } from "../ledger-core/index.js";
import { READ_MODELS } from "./catalog.js";
import { activeVersion, readCheckpoint } from "./checkpoints.js";
import type { ProjectionReport } from "./host.js";
import { measureLag } from "./lag.js";
import type { RunnerState } from "./runnerStatus.js";

/**
 * Every read model's readers' version as its checkpoint row tells it, without running it: the
 * lag is measured from the checkpoint (projections/lag.ts) exactly as a host measures it. The
 * state is "starting" before any projector created the row, "failed" when it stopped on a
 * poison event, "stopped" when the version was dropped, else "caught_up" with nothing left to
 * apply and "running" otherwise. Not active when the row was built by another table layout
 * (a projector of this release rebuilds it; readers wait).
 */
export async function checkpointReports(
  pool: pg.Pool,
  store: EventStore,
): Promise<ProjectionReport[]> {
  const reports: ProjectionReport[] = [];
  for (const [name, projectionAt] of READ_MODELS) {
    const version = await activeVersion(pool, name);
    const checkpoint = await readCheckpoint(pool, name, version);
    const lag = await measureLag(pool, store, name, version);
    let state: RunnerState = lag.events === 0 ? "caught_up" : "running";
    if (checkpoint === null) state = "starting";
    else if (checkpoint.status === "failed") state = "failed";
    else if (checkpoint.status === "dropped") state = "stopped";
    reports.push({
      status: {
        name,
        version,
        state,
        position: checkpoint?.position ?? "",
        eventsApplied: checkpoint?.eventsApplied ?? 0,
        error: checkpoint?.error ?? null,
        retries: 0,
        poison: checkpoint?.poison ?? null,
      },
      active:
        checkpoint === null ||
        (checkpoint.status !== "dropped" && checkpoint.layout === projectionAt(version).layout),
      lag,
    });
  }
  return reports;
}
