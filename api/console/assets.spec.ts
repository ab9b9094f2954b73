// The console's build at start and its serving: one build per sources' hash, made when
// missing and then left alone, builders racing each other leave one whole build and no
// debris, and without a build /console answers a 503 problem.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installProblemHandlers } from "../problems.js";
import { consoleSourceHash, ensureConsoleAssets } from "./assets.js";
import { consolePlugin } from "./plugin.js";

const logger = pino({ level: "silent" });
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "folio-console-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("the console's build at start", () => {
  it("builds once per sources' hash, keeps a build, and builds anew for other sources", async () => {
    const root = path.join(scratch, "one");
    const hash = await consoleSourceHash();
    const first = await ensureConsoleAssets(logger, root);
    expect(first).toMatchObject({ dir: path.join(root, hash), built: true });
    expect(await readFile(path.join(root, hash, "index.html"), "utf8")).toContain(
      "/console/assets/",
    );

    const second = await ensureConsoleAssets(logger, root);
    expect(second).toMatchObject({ dir: path.join(root, hash), built: false });

    // A build of other sources (an older checkout) is not served for these.
    await rm(path.join(root, hash), { recursive: true });
    await mkdir(path.join(root, "0".repeat(64)));
    await writeFile(path.join(root, "0".repeat(64), "index.html"), "older");
    const third = await ensureConsoleAssets(logger, root);
    expect(third).toMatchObject({ dir: path.join(root, hash), built: true });
  });

  it("leaves one whole build and no debris when builders race", async () => {
    const root = path.join(scratch, "raced");
    const results = await Promise.all([1, 2, 3].map(() => ensureConsoleAssets(logger, root)));
    const hash = await consoleSourceHash();
    for (const result of results) expect(result.dir).toBe(path.join(root, hash));
    expect(await readdir(root)).toEqual([hash]);
    expect(await readdir(path.join(root, hash))).toContain("index.html");
  });
});

describe("serving /console", () => {
  it("answers 503 console_unavailable without a build, and redirects /console", async () => {
    const app = Fastify();
    installProblemHandlers(app);
    await app.register(consolePlugin, { dir: null });
    const missing = await app.inject({ method: "GET", url: "/console/ledgers/x" });
    expect(missing.statusCode).toBe(503);
    expect(missing.json()).toMatchObject({ code: "console_unavailable" });
    const bare = await app.inject({ method: "GET", url: "/console" });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe("/console/");
    await app.close();
  });

  it("serves the app for any path under /console/ and assets as immutable files", async () => {
    const dist = path.join(scratch, "one", await consoleSourceHash());
    const app = Fastify();
    installProblemHandlers(app);
    await app.register(consolePlugin, { dir: dist });
    const page = await app.inject({ method: "GET", url: "/console/ledgers/a/audit?type=x" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.headers["cache-control"]).toBe("no-cache");
    const asset = (await readdir(path.join(dist, "assets")))[0] ?? "";
    const file = await app.inject({ method: "GET", url: `/console/assets/${asset}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers["cache-control"]).toContain("immutable");
    await app.close();
  });
});
