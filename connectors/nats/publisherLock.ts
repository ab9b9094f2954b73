// The session advisory lock that makes one NATS publisher instance per name the active one
// (others stand by), as the projection runtime does: held on a dedicated pooled connection for
// the whole session; if that connection dies, PostgreSQL releases the lock.
import type pg from "pg";
import { publisherLockKey } from "./migrations.js";

const errorOf = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));

/** The lock's connection if this instance took the lock, else null (another holds it). */
export async function tryLock(pool: pg.Pool, name: string): Promise<pg.PoolClient | null> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
      [publisherLockKey(name)],
    );
    if (rows[0]?.locked === true) return client;
  } catch (error) {
    client.release(errorOf(error));
    throw error;
  }
  client.release();
  return null;
}

/** Releases the lock and its connection (destroyed if it was lost or the unlock fails). */
export async function unlock(lock: pg.PoolClient, name: string, lost: boolean): Promise<void> {
  let broken = lost;
  if (!broken) {
    await lock
      .query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [publisherLockKey(name)])
      .catch(() => {
        broken = true;
      });
  }
  lock.release(broken ? new Error("publisher lock connection lost") : undefined);
}
