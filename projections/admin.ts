// Operators' actions on projection versions, for `folio projections`: list them with their
// state, resume one that stopped on a poison event (after the cause was fixed), and drop an
// old version's tables. Dropping is refused for the version readers use and for a version a
// runner still holds (its advisory lock is taken first, so no runner can start it meanwhile).
import type pg from "pg";
import {
  activeVersion,
  listCheckpoints,
  markDropped,
  projectionLockKey,
  readCheckpoint,
  resumeCheckpoint,
  type Checkpoint,
} from "./checkpoints.js";
import type { ProjectionFactory } from "./projection.js";

/** Why an operator's action on a projection version was refused (a stable code). */
export class ProjectionAdminError extends Error {
  constructor(
    readonly code:
      | "unknown_projection"
      | "unknown_version"
      | "not_failed"
      | "version_active"
      | "version_running",
    message: string,
  ) {
    super(message);
    this.name = "ProjectionAdminError";
  }
}

export interface ProjectionVersionInfo extends Checkpoint {
  /** True for the version readers use. */
  readonly active: boolean;
}

/** Every version of every projection (or of `name`) with its checkpoint and whether it is active. */
export async function listProjectionVersions(
  pool: pg.Pool,
  name?: string,
): Promise<ProjectionVersionInfo[]> {
  const checkpoints = await listCheckpoints(pool, name);
  const actives = new Map<string, number>();
  for (const checkpoint of checkpoints) {
    if (!actives.has(checkpoint.name)) {
      actives.set(checkpoint.name, await activeVersion(pool, checkpoint.name));
    }
  }
  return checkpoints.map((checkpoint) => ({
    ...checkpoint,
    active: actives.get(checkpoint.name) === checkpoint.version,
  }));
}

/** Lets a version that stopped on a poison event run again (the active one by default). */
export async function resumeProjection(
  pool: pg.Pool,
  name: string,
  version?: number,
): Promise<Checkpoint> {
  const target = version ?? (await activeVersion(pool, name));
  const checkpoint = await readCheckpoint(pool, name, target);
  if (checkpoint === null) {
    throw new ProjectionAdminError("unknown_version", `${name} has no version ${target}`);
  }
  if (!(await resumeCheckpoint(pool, name, target))) {
    throw new ProjectionAdminError(
      "not_failed",
      `${name} v${target} is ${checkpoint.status}, not failed: nothing to resume`,
    );
  }
  return checkpoint;
}

/** Drops an inactive version's tables and marks it dropped; refused while any runner holds it. */
export async function dropProjectionVersion(
  pool: pg.Pool,
  projections: ReadonlyMap<string, ProjectionFactory>,
  name: string,
  version: number,
): Promise<void> {
  const projectionAt = projections.get(name);
  if (projectionAt === undefined) {
    throw new ProjectionAdminError(
      "unknown_projection",
      `unknown projection ${name}: expected ${[...projections.keys()].join(" or ")}`,
    );
  }
  if ((await activeVersion(pool, name)) === version) {
    throw new ProjectionAdminError(
      "version_active",
      `${name} v${version} is the version readers use; rebuild and switch first`,
    );
  }
  const checkpoint = await readCheckpoint(pool, name, version);
  if (checkpoint === null) {
    throw new ProjectionAdminError("unknown_version", `${name} has no version ${version}`);
  }
  const client = await pool.connect();
  const lockKey = projectionLockKey(name, version);
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
      [lockKey],
    );
    if (rows[0]?.locked !== true) {
      throw new ProjectionAdminError(
        "version_running",
        `${name} v${version} is still running in a Folio process; hosts stop it within seconds of a switch, retry then`,
      );
    }
    try {
      await client.query("BEGIN");
      await projectionAt(version).drop(client);
      await markDropped(client, name, version);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey]);
    }
  } finally {
    client.release();
  }
}
