// The web console's static assets: built from console/ by Vite at start into
// console/dist/<SHA-256 of the sources>, unless that build exists. A build never changes once
// made, so any number of processes may build and serve at once. An install without Vite
// (npm ci --omit=dev, as in the Docker image, which builds the console in its build stage)
// serves the build it has, or no console.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONSOLE_DIR = path.join(ROOT, "console");
export const CONSOLE_DIST = path.join(CONSOLE_DIR, "dist");
const PRUNE_AFTER_MS = 60 * 60 * 1_000;

/** Files whose content the build depends on: the app, its config, the client, the lock file. */
async function sourceFiles(): Promise<string[]> {
  const entries = await readdir(path.join(CONSOLE_DIR, "src"), {
    recursive: true,
    withFileTypes: true,
  });
  const app = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
  const fixed = [
    "console/index.html",
    "console/vite.config.ts",
    "client/index.ts",
    "client/schema.ts",
    "package-lock.json",
  ];
  return [...app, ...fixed.map((file) => path.join(ROOT, file))].sort();
}

/** A SHA-256 over the sources' paths and contents: equal hashes, equal builds. */
export async function consoleSourceHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await sourceFiles()) {
    hash
      .update(path.relative(ROOT, file))
      .update("\0")
      .update(await readFile(file))
      .update("\0");
  }
  return hash.digest("hex");
}

/** Whether `dir` holds a whole build (its index.html is written last, by the rename). */
async function isBuild(dir: string): Promise<boolean> {
  try {
    await readFile(path.join(dir, "index.html"));
    return true;
  } catch {
    return false;
  }
}

async function viteBuild(outDir: string): Promise<void> {
  const vite = await import("vite");
  await vite.build({
    configFile: path.join(CONSOLE_DIR, "vite.config.ts"),
    build: { outDir, emptyOutDir: true },
    logLevel: "warn",
  });
}

/**
 * Builds into a fresh folder and renames it to `<root>/<hash>`: a build, once there, never
 * changes, so a server serving it never sees half a build or another build's files, however
 * many processes build at once (the first rename wins; the others drop theirs).
 */
async function buildInto(root: string, hash: string): Promise<void> {
  const fresh = path.join(root, `.building-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await mkdir(root, { recursive: true });
    await viteBuild(fresh);
    await rename(fresh, path.join(root, hash)).catch(async (error: unknown) => {
      if (!(await isBuild(path.join(root, hash)))) throw error;
    });
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}

/** Removes builds of other sources made more than an hour ago (a running server may serve one). */
async function pruneOldBuilds(root: string, keep: string): Promise<void> {
  const cutoff = Date.now() - PRUNE_AFTER_MS;
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const dir = path.join(root, entry.name);
    const { mtimeMs } = await stat(dir);
    if (mtimeMs < cutoff) await rm(dir, { recursive: true, force: true });
  }
}

/** The newest whole build under `root` (an install without sources or Vite serves it). */
async function newestBuild(root: string): Promise<string | null> {
  let newest: { dir: string; mtimeMs: number } | null = null;
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const dir = path.join(root, entry.name);
    if (!entry.isDirectory() || entry.name.startsWith(".") || !(await isBuild(dir))) continue;
    const { mtimeMs } = await stat(dir);
    if (newest === null || mtimeMs > newest.mtimeMs) newest = { dir, mtimeMs };
  }
  return newest?.dir ?? null;
}

export interface ConsoleAssets {
  /** The folder to serve, or null when there is no build and none can be made. */
  readonly dir: string | null;
  readonly built: boolean;
  readonly buildMs: number;
}

/** The build of the current sources (`<root>/<hash>`), made now if there is none yet. */
export async function ensureConsoleAssets(
  logger: Logger,
  root = CONSOLE_DIST,
): Promise<ConsoleAssets> {
  const started = performance.now();
  const hash = await consoleSourceHash().catch(() => null);
  // No sources (an image without them): serve the newest build, if any.
  if (hash === null) return { dir: await newestBuild(root), built: false, buildMs: 0 };
  const dir = path.join(root, hash);
  if (await isBuild(dir)) return { dir, built: false, buildMs: 0 };
  try {
    logger.info("building the web console (console/ → console/dist)");
    await buildInto(root, hash);
    await pruneOldBuilds(root, hash).catch(() => undefined);
    const buildMs = Math.round(performance.now() - started);
    logger.info({ buildMs }, "web console built");
    return { dir, built: true, buildMs };
  } catch (error) {
    logger.warn({ err: error }, "cannot build the web console; serving the newest build, if any");
    return { dir: await newestBuild(root), built: false, buildMs: 0 };
  }
}
