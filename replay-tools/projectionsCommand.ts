// `folio projections`: the operator's view of the read models. `status` lists every version
// of every projection (which one readers use, its state, its lag, the poison event that
// stopped it); `resume NAME` lets a version that stopped on a poison event run again once the
// cause is fixed (running Folio processes restart it within seconds); `drop NAME VERSION`
// drops an old version's tables (refused for the readers' version and while a process runs it).
import { InvalidArgumentError, Option, type Command } from "commander";
import type pg from "pg";
import {
  dropProjectionVersion,
  listProjectionVersions,
  measureLag,
  ProjectionAdminError,
  resumeProjection,
  type ProjectionVersionInfo,
} from "../projections/index.js";
import { globals, print } from "./commandIo.js";
import { UsageError } from "./errors.js";
import { PROJECTIONS } from "./rebuild.js";
import { cliLogger, openReadModelPool, openStore, resolveUrls } from "./source.js";

function parseVersion(text: string): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError("expected a version 1, 2, 3, ...");
  }
  return value;
}

function parseProjection(text: string): string {
  if (!PROJECTIONS.has(text)) {
    throw new InvalidArgumentError(`expected ${[...PROJECTIONS.keys()].join(" or ")}`);
  }
  return text;
}

/** Runs `work` on the read models' pool; an operator's refusal is a usage error (exit 2). */
async function withPool<T>(
  command: Command,
  purpose: string,
  work: (pool: pg.Pool) => Promise<T>,
): Promise<T> {
  const pool = await openReadModelPool(resolveUrls(globals(command)), cliLogger(), purpose);
  try {
    return await work(pool);
  } catch (error) {
    if (error instanceof ProjectionAdminError) {
      throw new UsageError(`${error.message} (${error.code})`);
    }
    throw error;
  } finally {
    await pool.end().catch(() => undefined);
  }
}

function describeVersion(info: ProjectionVersionInfo, lag: string): string {
  const marker = info.active ? "*" : " ";
  const head = `${marker} ${info.name} v${info.version}  ${info.status}  layout ${info.layout}  ${info.eventsApplied} events applied  ${lag}`;
  if (info.poison !== null) {
    const p = info.poison;
    return `${head}\n    stopped on ${p.streamId} sequence ${p.sequence} (${p.type}) at position ${p.position}: ${p.error}\n    after fixing the cause: folio projections resume ${info.name} --version ${info.version}`;
  }
  return info.error === null ? head : `${head}\n    ${info.error}`;
}

export function addProjectionsCommand(program: Command): void {
  const projections = program
    .command("projections")
    .description(
      "inspect the read models' versions, resume one after a poison event, drop old ones",
    );

  projections
    .command("status")
    .description(
      "every version of every projection: readers' version (*), state, lag, poison event",
    )
    .addOption(new Option("--projection <name>", "only this projection").argParser(parseProjection))
    .action(async (options: { projection?: string }, command: Command) => {
      const logger = cliLogger();
      const lines = await withPool(command, "projections status", async (pool) => {
        const versions = await listProjectionVersions(pool, options.projection);
        if (versions.length === 0) return ["no projection has run against this database yet"];
        const { store } = await openStore(globals(command), logger);
        try {
          const out: string[] = [];
          for (const info of versions) {
            const lag =
              info.status === "dropped"
                ? ""
                : await measureLag(pool, store, info.name, info.version).then(
                    (l) =>
                      `lag ${l.events}${l.eventsCapped ? "+" : ""} events, ${l.seconds.toFixed(1)} s`,
                  );
            out.push(describeVersion(info, lag));
          }
          return out;
        } finally {
          await store.close().catch(() => undefined);
        }
      });
      await print(lines.join("\n"));
    });

  projections
    .command("resume")
    .description("let a version that stopped on a poison event run again (after fixing the cause)")
    .argument("<name>", "the projection", parseProjection)
    .addOption(
      new Option("--version <n>", "the version (default: the readers' version)").argParser(
        parseVersion,
      ),
    )
    .action(async (name: string, options: { version?: number }, command: Command) => {
      const resumed = await withPool(command, "projections resume", (pool) =>
        resumeProjection(pool, name, options.version),
      );
      await print(
        `resumed ${name} v${resumed.version}: it applies again from ${resumed.poison === null ? "its checkpoint" : `${resumed.poison.streamId} sequence ${resumed.poison.sequence}`}; running Folio processes restart it within seconds`,
      );
    });

  projections
    .command("drop")
    .description("drop an old version's tables (never the readers' version)")
    .argument("<name>", "the projection", parseProjection)
    .argument("<version>", "the version to drop", parseVersion)
    .action(async (name: string, version: number, _options: unknown, command: Command) => {
      await withPool(command, "projections drop", (pool) =>
        dropProjectionVersion(pool, PROJECTIONS, name, version),
      );
      await print(
        `dropped ${name} v${version}: its tables are gone, its checkpoint row says dropped`,
      );
    });
}
