// Tests of the database bootstrap against real embedded PostgreSQL clusters in temporary
// directories: first start and restart of one cluster, and the stable error codes for a
// taken port, an unusable directory and a directory already in use.
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseError } from "../errors.js";
import { findFreePort, openDatabase } from "./database.js";

const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openError(options: Parameters<typeof openDatabase>[0]): Promise<DatabaseError> {
  const error: unknown = await openDatabase(options).then(
    async (database) => {
      await database.close();
      return undefined;
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  return error as DatabaseError;
}

describe("openDatabase", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "folio-db-spec-"));
    // mkdtemp makes it 0700; as root the server's own user must be able to enter it.
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("uses a given URL as is and starts nothing", async () => {
    const database = await openDatabase({ databaseUrl: "postgres://example/folio", logger });
    expect(database).toMatchObject({ url: "postgres://example/folio", embedded: false });
    await database.close();
  });

  it("initialises an embedded cluster once, keeps its data across restarts, and refuses a second user", async () => {
    const clusterDir = path.join(dataDir, "cluster");
    const first = await openDatabase({ dataDir: clusterDir, logger });
    try {
      expect(first.embedded).toBe(true);
      await query(first.url, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
      const second = await openError({ dataDir: clusterDir, logger });
      expect(second.code).toBe("data_dir_in_use");
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir: clusterDir, logger });
    try {
      expect(again.url).not.toBe(first.url);
      const { rows } = await query(again.url, "SELECT id FROM kept");
      expect(rows).toEqual([{ id: 42 }]);
    } finally {
      await again.close();
    }
  });

  it("reports port_unavailable when the port cannot be bound", async () => {
    const port = await findFreePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const error = await openError({ dataDir: path.join(dataDir, "busy"), port, logger });
      expect(error.code).toBe("port_unavailable");
    } finally {
      await new Promise<void>((resolve) =>
        blocker.close(() => {
          resolve();
        }),
      );
    }
  });

  it.skipIf(process.getuid?.() !== 0)(
    "as root, reports data_dir_unusable when the server's user cannot reach the directory",
    async () => {
      const closed = path.join(dataDir, "closed");
      await mkdir(closed, { mode: 0o700 });
      await chmod(closed, 0o700);
      const error = await openError({ dataDir: path.join(closed, "folio"), logger });
      expect(error.code).toBe("data_dir_unusable");
      expect(error.message).toMatch(/cannot enter/);
    },
  );

  it("reports data_dir_unusable when the directory cannot be made", async () => {
    const file = path.join(dataDir, "a-file");
    await writeFile(file, "not a directory");
    const error = await openError({ dataDir: path.join(file, "below"), logger });
    expect(error.code).toBe("data_dir_unusable");
  });
});
