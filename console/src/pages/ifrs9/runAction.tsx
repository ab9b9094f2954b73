// "Run provisioning": POST .../ifrs9/runs for the reporting date (and parameter set) in view,
// after a confirmation, since it posts a journal entry. Shown only to keys the route admits
// (risk-admin; admin holds every role); the outcome (a new run, or the same inputs' run again)
// or the problem's code is announced.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ConsoleError, unwrap } from "../../api";
import { ErrorState } from "../../components/states";
import { formatAmount } from "../../format";
import { hasRole, useSession, type Principal } from "../../session";
import type { Ifrs9View, Run } from "./model";

/** The roles of POST .../ifrs9/runs (api/routes/ifrs9Runs.ts). */
export function mayRunProvisioning(principal: Principal): boolean {
  return hasRole(principal, "risk-admin");
}

type Outcome =
  | { readonly kind: "idle" }
  | { readonly kind: "confirm" }
  | { readonly kind: "running" }
  | { readonly kind: "done"; readonly run: Run; readonly replay: boolean }
  | { readonly kind: "failed"; readonly error: ConsoleError };

function Result(props: { readonly outcome: Outcome }): JSX.Element | null {
  const { outcome } = props;
  if (outcome.kind === "failed") return <ErrorState error={outcome.error} />;
  if (outcome.kind !== "done") return null;
  const { run, replay } = outcome;
  return (
    <p class="status-ok">
      {replay ? "Same inputs as an earlier run: nothing new posted" : "Run recorded"}: allowance{" "}
      {run.currency} {formatAmount(run.allowance)}
      {replay
        ? "."
        : run.entryId === null
          ? ", nothing to post."
          : `, posted ${formatAmount(run.difference)} as entry ${run.entryId}.`}
    </p>
  );
}

export function RunAction(props: {
  readonly ledgerId: string;
  readonly view: Ifrs9View;
  readonly onRun: () => void;
}): JSX.Element {
  const { client } = useSession();
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });
  const { view } = props;
  const run = async (): Promise<void> => {
    setOutcome({ kind: "running" });
    try {
      const answer = await client.POST("/v1/ledgers/{ledgerId}/ifrs9/runs", {
        params: { path: { ledgerId: props.ledgerId } },
        body: {
          reportingDate: view.asOf,
          ...(view.parameterSetId === "" ? {} : { parameterSetId: view.parameterSetId }),
        },
      });
      const data = await unwrap(Promise.resolve(answer));
      setOutcome({ kind: "done", run: data, replay: answer.response.status === 200 });
      props.onRun();
    } catch (error) {
      setOutcome({
        kind: "failed",
        error:
          error instanceof ConsoleError
            ? error
            : new ConsoleError("console_error", String(error), 0),
      });
    }
  };
  return (
    <div class="run-action">
      {outcome.kind === "confirm" ? (
        <p>
          Post the loss allowance as of {view.asOf}? The run posts the difference to the loss
          allowance account as one journal entry.{" "}
          <button type="button" onClick={() => void run()}>
            Confirm run
          </button>{" "}
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setOutcome({ kind: "idle" });
            }}
          >
            Cancel
          </button>
        </p>
      ) : (
        <button
          type="button"
          disabled={outcome.kind === "running"}
          onClick={() => {
            setOutcome({ kind: "confirm" });
          }}
        >
          {outcome.kind === "running" ? "Running provisioning…" : "Run provisioning"}
        </button>
      )}
      <div aria-live="polite">
        <Result outcome={outcome} />
      </div>
    </div>
  );
}
