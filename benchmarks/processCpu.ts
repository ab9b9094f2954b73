// What one benchmark phase costs this process: its CPU (process.cpuUsage, every thread), the
// main thread's own CPU where Linux tells (/proc/thread-self/stat), the main event loop's
// utilisation, and, on request, a CPU profile of the main thread (node:inspector).
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import type { EventLoopUtilization } from "node:perf_hooks";

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/** CPU time of the calling thread, µs, from /proc/thread-self/stat; null where there is none. */
export function threadCpuMicros(): number | null {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[14 - 3]) + Number(fields[15 - 3]);
    return Number.isFinite(ticks) ? (ticks * 1_000_000) / USER_HZ : null;
  } catch {
    return null;
  }
}

/** What the process spent during one phase. */
export interface PhaseResources {
  /** process.cpuUsage() user + system over the phase, µs: every thread of the process. */
  readonly processCpuMicros: number;
  /** The main thread's own CPU, µs (Linux); null elsewhere. */
  readonly mainCpuMicros: number | null;
  /** The main thread's event loop over the phase (0..1). */
  readonly mainElu: number;
}

/** Runs `load`, measuring the process's CPU and the main event loop around it. */
export async function measured<T>(load: () => Promise<T>): Promise<{ result: T } & PhaseResources> {
  const cpuBefore = process.cpuUsage();
  const mainBefore = threadCpuMicros();
  const loopBefore = performance.eventLoopUtilization();
  const result = await load();
  const loop: EventLoopUtilization = performance.eventLoopUtilization(loopBefore);
  const mainAfter = threadCpuMicros();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    result,
    processCpuMicros: cpu.user + cpu.system,
    mainCpuMicros: mainBefore === null || mainAfter === null ? null : mainAfter - mainBefore,
    mainElu: loop.utilization,
  };
}

/** A CPU profile of the main thread while `load` runs, written to `dir` (none: just runs it). */
export async function profiled<T>(dir: string | undefined, name: string, load: () => Promise<T>) {
  if (dir === undefined) return load();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  try {
    return await load();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
