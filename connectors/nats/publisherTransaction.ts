// One PostgreSQL transaction of the NATS publisher: BEGIN, the work, COMMIT; ROLLBACK on
// failure. A connection that died meanwhile is destroyed rather than handed back to the pool.
import type pg from "pg";
import { isTransientError } from "../../event-store/index.js";

export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onClientError = (error: Error): void => {
    broken = error;
  };
  client.on("error", onClientError);
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    if (isTransientError(error)) broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off("error", onClientError);
    client.release(broken);
  }
}
