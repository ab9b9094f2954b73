// Progress of long-running commands, always on stderr (stdout carries the result): a
// cli-progress bar when stderr is a terminal, else a plain line every few seconds, or nothing
// with --quiet.
import cliProgress from "cli-progress";

/** Seconds between plain progress lines when stderr is not a terminal. */
export const PLAIN_PROGRESS_INTERVAL_MS = 2_000;

export interface Progress {
  /** Starts a phase; `total` undefined when unknown. */
  start(label: string, total: number | undefined): void;
  /** Sets how many items of the phase are done. */
  update(done: number): void;
  /** Ends the phase (prints its last line when plain). */
  stop(): void;
}

export type ProgressMode = "bar" | "plain" | "none";

export function progressMode(quiet: boolean): ProgressMode {
  if (quiet) return "none";
  return process.stderr.isTTY ? "bar" : "plain";
}

const silent: Progress = { start: () => undefined, update: () => undefined, stop: () => undefined };

export function createProgress(mode: ProgressMode): Progress {
  if (mode === "none") return silent;
  if (mode === "bar") return new BarProgress();
  return new PlainProgress();
}

const count = (n: number): string => n.toLocaleString("en-US");

class BarProgress implements Progress {
  private bar: cliProgress.SingleBar | null = null;

  start(label: string, total: number | undefined): void {
    this.stop();
    const format =
      total === undefined
        ? `${label} {value} events | {rate}/s`
        : `${label} [{bar}] {percentage}% | {value}/{total} events | {rate}/s | ETA {eta_formatted}`;
    this.bar = new cliProgress.SingleBar(
      { format, stream: process.stderr, hideCursor: true, etaBuffer: 50, fps: 5 },
      cliProgress.Presets.shades_classic,
    );
    this.started = Date.now();
    this.bar.start(total ?? 0, 0, { rate: "0" });
  }

  private started = Date.now();

  update(done: number): void {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    this.bar?.update(done, { rate: count(Math.round(done / seconds)) });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

class PlainProgress implements Progress {
  private label = "";
  private total: number | undefined;
  private done = 0;
  private started = 0;
  private lastPrinted = 0;

  start(label: string, total: number | undefined): void {
    this.label = label;
    this.total = total;
    this.done = 0;
    this.started = Date.now();
    this.lastPrinted = this.started;
  }

  update(done: number): void {
    this.done = done;
    const now = Date.now();
    if (now - this.lastPrinted >= PLAIN_PROGRESS_INTERVAL_MS) {
      this.lastPrinted = now;
      this.print();
    }
  }

  stop(): void {
    if (this.label !== "") this.print();
    this.label = "";
  }

  private print(): void {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    const of =
      this.total === undefined
        ? ""
        : `/${count(this.total)} (${this.total === 0 ? 100 : Math.floor((this.done / this.total) * 100)}%)`;
    process.stderr.write(
      `${this.label}: ${count(this.done)}${of} events, ${count(Math.round(this.done / seconds))}/s\n`,
    );
  }
}
