// The chain's last verification run on the server and "Verify now": the latest run (GET
// .../verifications/latest), polled while it runs to show its progress; its result: passed
// through which sequence, or failed with the first break (sequence, what is wrong). The
// button (auditor and admin keys only: POST .../verifications) starts a run; a run already
// under way is followed instead.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ConsoleError, type Query } from "../../api";
import { ErrorState, Show } from "../../components/states";
import { formatTime, shortHash } from "../../format";
import { hasRole, useSession } from "../../session";
import { loadLatestRun, startRun, type VerificationRun } from "./data";

/** How often a running run is polled, ms. */
const POLL_MS = 400;

const PHASES: Readonly<Record<string, string>> = {
  chain: "Checking the hash chain and sequences",
  entries: "Checking entries and replaying through evolve",
};

function consoleErrorOf(error: unknown): ConsoleError {
  return error instanceof ConsoleError
    ? error
    : new ConsoleError("console_error", error instanceof Error ? error.message : String(error), 0);
}

/** The latest run, reloaded by refresh() and every POLL_MS while it runs (no flicker). */
function useLatestRun(ledgerId: string): {
  readonly query: Query<VerificationRun | null>;
  readonly refresh: () => void;
} {
  const { client } = useSession();
  const [query, setQuery] = useState<Query<VerificationRun | null>>({ status: "loading" });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    loadLatestRun(client, ledgerId).then(
      (run) => {
        if (current) setQuery({ status: "ok", data: run });
      },
      (error: unknown) => {
        if (current) setQuery({ status: "error", error: consoleErrorOf(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [client, ledgerId, tick]);
  useEffect(() => {
    if (query.status !== "ok" || query.data?.status !== "running") return;
    const timer = setTimeout(() => {
      setTick((value) => value + 1);
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [query]);
  return {
    query,
    refresh: () => {
      setTick((value) => value + 1);
    },
  };
}

function Progress(props: { readonly run: VerificationRun }): JSX.Element {
  const { phase, done, total } = props.run.progress;
  const shown = Math.min(done, total);
  return (
    <div class="overview-progress">
      <label for="verification-progress">{PHASES[phase] ?? phase}</label>
      <progress id="verification-progress" value={shown} max={Math.max(total, 1)} />
      <span>
        {shown.toLocaleString("en-US")} of {total.toLocaleString("en-US")} events
      </span>
    </div>
  );
}

function Outcome(props: { readonly run: VerificationRun }): JSX.Element {
  const { run } = props;
  if (run.status === "running") {
    return (
      <p>
        <span class="status-warn">Running</span> sequences {run.fromSequence}..
        {run.targetSequence}
      </p>
    );
  }
  if (run.status === "passed" && run.head !== null) {
    return (
      <p>
        <span class="status-ok">Passed</span> sequences {run.fromSequence}..{run.head.sequence}{" "}
        intact up to hash <code title={run.head.hash}>{shortHash(run.head.hash)}</code>:{" "}
        {run.eventsHashed} events hashed, {run.entriesChecked} entries balanced, full replay through
        evolve.
      </p>
    );
  }
  const brk = run.firstBreak;
  return (
    <div class="overview-break">
      <p>
        <span class={run.status === "failed" ? "status-bad" : "status-warn"}>
          {run.status === "failed" ? "Failed" : "Abandoned"}
        </span>{" "}
        {brk?.sequence === null || brk?.sequence === undefined
          ? `from sequence ${run.fromSequence}`
          : `first break at sequence ${brk.sequence}`}
        {brk === null ? null : (
          <>
            {" "}
            (<code>{brk.reason}</code>)
          </>
        )}
      </p>
      {brk === null ? null : <p class="overview-break-message">{brk.message}</p>}
    </div>
  );
}

function RunFacts(props: { readonly run: VerificationRun }): JSX.Element {
  const { run } = props;
  return (
    <dl class="overview-run">
      <dt>Started</dt>
      <dd>{formatTime(run.startedAt)}</dd>
      <dt>Finished</dt>
      <dd>{formatTime(run.finishedAt)}</dd>
      <dt>Sequences</dt>
      <dd>
        from {run.fromSequence} up to {run.head?.sequence ?? run.targetSequence}
      </dd>
      <dt>Requested by</dt>
      <dd>{run.requestedBy}</dd>
    </dl>
  );
}

export function VerificationPanel(props: { readonly ledgerId: string }): JSX.Element {
  const { client, principal } = useSession();
  const { query, refresh } = useLatestRun(props.ledgerId);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ConsoleError | null>(null);
  const running = query.status === "ok" && query.data?.status === "running";
  const verifyNow = (): void => {
    setStarting(true);
    setStartError(null);
    startRun(client, props.ledgerId).then(
      () => {
        setStarting(false);
        refresh();
      },
      (error: unknown) => {
        setStarting(false);
        setStartError(consoleErrorOf(error));
      },
    );
  };
  return (
    <section aria-labelledby="verification-title" class="card overview-verification">
      <h3 id="verification-title">Last verification run</h3>
      <p class="hint">
        The checks of <code>folio verify</code> on the server: hash chain, gap-free sequences, every
        entry balanced, full replay through evolve.
      </p>
      {hasRole(principal, "auditor") ? (
        <p>
          <button type="button" onClick={verifyNow} disabled={starting || running}>
            {starting || running ? "Verifying…" : "Verify now"}
          </button>
        </p>
      ) : null}
      {startError === null ? null : <ErrorState error={startError} retry={verifyNow} />}
      <div aria-live="polite" aria-busy={running} data-testid="verification-result">
        <Show
          query={query}
          what="the last verification run"
          retry={refresh}
          isEmpty={(run) => run === null}
          empty="Never verified on the server yet."
        >
          {(run) =>
            run === null ? null : (
              <>
                <Outcome run={run} />
                {run.status === "running" ? <Progress run={run} /> : null}
                <RunFacts run={run} />
              </>
            )
          }
        </Show>
      </div>
    </section>
  );
}
