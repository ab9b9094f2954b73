// The web console's static assets (console/dist): built from console/ by Vite when missing or
// built from other sources (a SHA-256 of the sources is stamped into the build), at start. An
// install without Vite (npm ci --omit=dev, as in the Docker image, which builds the console
// in its build stage) serves the build it has, or no console.
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONSOLE_DIR = path.join(ROOT, "console");
export const CONSOLE_DIST = path.join(CONSOLE_DIR, "dist");
const STAMP = "build-source.sha256";

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

async function builtHash(dir: string): Promise<string | null> {
  try {
    return (await readFile(path.join(dir, STAMP), "utf8")).trim();
  } catch {
    return null;
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
 * Builds into a fresh folder and swaps it in, so a reader never sees half a build; processes
 * that build at the same time each produce the same files and the last swap wins.
 */
async function buildInto(dist: string, hash: string): Promise<void> {
  const suffix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const fresh = `${dist}.building-${suffix}`;
  const old = `${dist}.old-${suffix}`;
  try {
    await viteBuild(fresh);
    await writeFile(path.join(fresh, STAMP), `${hash}\n`);
    if ((await builtHash(dist)) === hash) return;
    await rename(dist, old).catch(() => undefined);
    await rename(fresh, dist);
  } finally {
    await rm(fresh, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
  }
}

export interface ConsoleAssets {
  /** The folder to serve, or null when there is no build and none can be made. */
  readonly dir: string | null;
  readonly built: boolean;
  readonly buildMs: number;
}

/** Ensures console/dist matches the sources: builds it when it does not and Vite is here. */
export async function ensureConsoleAssets(
  logger: Logger,
  dist = CONSOLE_DIST,
): Promise<ConsoleAssets> {
  const started = performance.now();
  const hash = await consoleSourceHash().catch(() => null);
  const have = await builtHash(dist);
  if (hash === null) {
    // No sources (a production image): serve what was built, if anything.
    return { dir: have === null ? null : dist, built: false, buildMs: 0 };
  }
  if (have === hash) return { dir: dist, built: false, buildMs: 0 };
  try {
    logger.info("building the web console (console/ → console/dist)");
    await buildInto(dist, hash);
    const buildMs = Math.round(performance.now() - started);
    logger.info({ buildMs }, "web console built");
    return { dir: dist, built: true, buildMs };
  } catch (error) {
    logger.warn({ err: error }, "cannot build the web console; serving the previous build, if any");
    return { dir: have === null ? null : dist, built: false, buildMs: 0 };
  }
}
