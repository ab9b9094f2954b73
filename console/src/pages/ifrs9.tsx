// The IFRS 9 page of a ledger: facilities by stage at a reporting date (totals and rows), the
// stage migration and the IFRS 7 allowance movement from a comparison date to it, and the
// provisioning runs with the entries they posted ("Run provisioning" for risk-admin keys).
// Its controls (dates, parameter set, page cursors) live in the URL, so a shared URL
// reproduces the view.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { navigate, withQuery, type Location } from "../router";
import { useSession } from "../session";
import { MigrationSection } from "./ifrs9/migrationTable";
import { viewOf, type Ifrs9View } from "./ifrs9/model";
import { MovementSection } from "./ifrs9/movement";
import { mayRunProvisioning, RunAction } from "./ifrs9/runAction";
import { RunsSection } from "./ifrs9/runs";
import { StagesSection } from "./ifrs9/stages";
import "./ifrs9.css";

type Param = "asOf" | "from" | "parameterSetId" | "after" | "runs";

function Controls(props: {
  readonly view: Ifrs9View;
  readonly set: (changes: Partial<Record<Param, string>>) => void;
}): JSX.Element {
  const { view, set } = props;
  const value = (event: Event) => (event.currentTarget as HTMLInputElement).value;
  return (
    <form
      class="controls"
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <div>
        <label for="ifrs9-as-of">Reporting date</label>
        <input
          id="ifrs9-as-of"
          type="date"
          value={view.asOf}
          onChange={(event) => {
            set({ asOf: value(event), after: "" });
          }}
        />
      </div>
      <div>
        <label for="ifrs9-from">Compare from</label>
        <input
          id="ifrs9-from"
          type="date"
          value={view.from}
          onChange={(event) => {
            set({ from: value(event) });
          }}
        />
      </div>
      <div>
        <label for="ifrs9-parameters">Parameter set</label>
        <input
          id="ifrs9-parameters"
          type="text"
          value={view.parameterSetId}
          placeholder="the only one in force"
          aria-describedby="ifrs9-parameters-hint"
          onChange={(event) => {
            set({ parameterSetId: value(event).trim(), after: "" });
          }}
        />
      </div>
      <p id="ifrs9-parameters-hint" class="hint">
        Dates are reporting dates (end of day, UTC). The parameter set may stay empty when only one
        is in force.
      </p>
    </form>
  );
}

/** The page's content: a component of its own, so its hooks are its own (see Ifrs9Page). */
function Ifrs9Content(props: {
  readonly ledgerId: string;
  readonly location: Location;
}): JSX.Element {
  const { ledgerId, location } = props;
  const { principal } = useSession();
  const view = viewOf(location.query);
  const [generation, setGeneration] = useState(0);
  const set = (changes: Partial<Record<Param, string>>): void => {
    const current: Record<string, string> = Object.fromEntries(location.query.entries());
    navigate(withQuery(location.path, { ...current, ...changes }), { replace: true });
  };
  return (
    <section aria-labelledby="ifrs9-title" class="ifrs9">
      <h1 id="ifrs9-title">IFRS 9 impairment — {ledgerId}</h1>
      <Controls view={view} set={set} />
      <StagesSection
        ledgerId={ledgerId}
        view={view}
        onPage={(after) => {
          set({ after });
        }}
      />
      <MigrationSection ledgerId={ledgerId} view={view} />
      <MovementSection ledgerId={ledgerId} view={view} />
      <RunsSection
        ledgerId={ledgerId}
        view={view}
        generation={generation}
        onPage={(runs) => {
          set({ runs });
        }}
        action={
          mayRunProvisioning(principal) ? (
            <RunAction
              ledgerId={ledgerId}
              view={view}
              onRun={() => {
                setGeneration((value) => value + 1);
                if (view.runs !== "") set({ runs: "" });
              }}
            />
          ) : null
        }
      />
    </section>
  );
}

/**
 * The shell calls a page as a function, inside its own render and outside the session's
 * provider: the page renders its content as a component, which holds the hooks.
 */
export function Ifrs9Page(props: {
  readonly params: Record<string, string>;
  readonly location: Location;
}): JSX.Element {
  return <Ifrs9Content ledgerId={props.params.ledgerId ?? ""} location={props.location} />;
}
