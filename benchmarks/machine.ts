// Describes the machine a benchmark ran on, so every printed figure carries its context.
import { cpus, totalmem } from "node:os";

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

export function machineInfo(): MachineInfo {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** The first rows of every benchmark's table: the machine and the Node.js version. */
export function machineRows(): [string, string][] {
  const machine = machineInfo();
  return [
    [
      "machine",
      `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}`,
    ],
    ["node", machine.node],
  ];
}

/** Prints a two-column table of labelled figures. */
export function printTable(title: string, rows: ReadonlyArray<readonly [string, string]>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${title}`);
  console.log("-".repeat(title.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

/** The last line every benchmark prints: `RESULT {json}`, for scripts that compare runs. */
export function printResult(result: Readonly<Record<string, number>>): void {
  console.log(`RESULT ${JSON.stringify(result)}`);
}

/** BENCH_SECONDS, or the default; a positive number of seconds. */
export function benchSeconds(defaultSeconds: number): number {
  const seconds = Number(process.env.BENCH_SECONDS ?? defaultSeconds);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new RangeError(
      `BENCH_SECONDS must be a positive number, got ${process.env.BENCH_SECONDS}`,
    );
  }
  return seconds;
}

/** A positive whole-number setting from the environment (e.g. BENCH_CALLERS), or the default. */
export function positiveIntegerSetting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${process.env[name]}`);
  }
  return value;
}

/** Latency samples a benchmark keeps at most (beyond this, further samples are dropped). */
export const MAX_LATENCY_SAMPLES = 5_000_000;

/** Latency samples in milliseconds, bounded, with percentiles. */
export class Samples {
  private readonly values: number[] = [];
  add(ms: number): void {
    if (this.values.length < MAX_LATENCY_SAMPLES) this.values.push(ms);
  }
  addAll(other: Samples): void {
    for (const value of other.values) this.add(value);
  }
  get count(): number {
    return this.values.length;
  }
  max(): number {
    if (this.values.length === 0) return Number.NaN;
    return this.values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  }
  percentile(p: number): number {
    if (this.values.length === 0) return Number.NaN;
    const sorted = Float64Array.from(this.values).sort();
    const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
    return sorted[Math.max(0, index)] ?? Number.NaN;
  }
}
