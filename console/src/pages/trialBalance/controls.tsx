// The trial balance page's point-in-time controls: now, a recorded sequence (a slider up to
// the ledger's head), or an effective time as known at a recorded time (bitemporal); and a
// second point of the same kind to compare with. Every change goes into the URL.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import {
  inputValueOf,
  isoOfInput,
  isSequence,
  modeOf,
  type Point,
  type PointMode,
  type TrialBalanceView,
} from "./point";

export interface ControlsProps {
  readonly view: TrialBalanceView;
  /** The ledger's head sequence (GET /v1/ledgers/{ledgerId}); null while loading. */
  readonly head: number | null;
  readonly onChange: (view: TrialBalanceView) => void;
}

const nowIso = (): string => `${new Date().toISOString().slice(0, 19)}Z`;

function startOf(mode: PointMode, head: number | null): Point {
  if (mode === "recorded") return { basis: "recorded", asOf: String(head ?? 0) };
  if (mode === "effective") return { basis: "effective", asOf: nowIso() };
  return {};
}

/** A slider over the ledger's sequences, committed when released (or by the keyboard). */
function SequenceSlider(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string | undefined;
  readonly head: number | null;
  readonly onCommit: (sequence: string) => void;
}): JSX.Element {
  const committed = props.value !== undefined && isSequence(props.value) ? props.value : "";
  const [moving, setMoving] = useState<string | null>(null);
  const shown = moving ?? committed;
  const commit = (event: Event): void => {
    const value = (event.currentTarget as HTMLInputElement).value;
    setMoving(null);
    props.onCommit(value);
  };
  return (
    <div class="tb-slider">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="range"
        min={0}
        max={props.head ?? 0}
        step={1}
        value={shown}
        disabled={props.head === null}
        onInput={(event) => {
          setMoving(event.currentTarget.value);
        }}
        onChange={commit}
      />
      <output for={props.id} aria-live="polite">
        sequence {shown === "" ? "—" : shown} of {props.head ?? "…"}
      </output>
    </div>
  );
}

function TimeInput(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string | undefined;
  readonly onCommit: (iso: string | undefined) => void;
}): JSX.Element {
  const raw = props.value !== undefined && isSequence(props.value) ? props.value : null;
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="datetime-local"
        step={1}
        value={inputValueOf(props.value)}
        onChange={(event) => {
          props.onCommit(isoOfInput(event.currentTarget.value));
        }}
      />
      {raw === null ? null : <span class="hint">sequence {raw}</span>}
    </div>
  );
}

/** The controls of one point (A or B) in the current mode. */
function PointInputs(props: {
  readonly prefix: string;
  readonly title: string;
  readonly mode: PointMode;
  readonly point: Point;
  readonly head: number | null;
  readonly onChange: (point: Point) => void;
}): JSX.Element | null {
  const { prefix, title, point } = props;
  if (props.mode === "recorded") {
    return (
      <SequenceSlider
        id={`${prefix}-sequence`}
        label={`${title}: recorded up to sequence`}
        value={point.asOf}
        head={props.head}
        onCommit={(asOf) => {
          props.onChange({ basis: "recorded", asOf });
        }}
      />
    );
  }
  if (props.mode !== "effective") return null;
  return (
    <>
      <TimeInput
        id={`${prefix}-effective`}
        label={`${title}: effective as of (UTC)`}
        value={point.asOf}
        onCommit={(asOf) => {
          if (asOf !== undefined) props.onChange({ ...point, basis: "effective", asOf });
        }}
      />
      <TimeInput
        id={`${prefix}-known`}
        label={`${title}: as known at (UTC, empty: now)`}
        value={point.knownAt}
        onCommit={(knownAt) => {
          const { knownAt: _dropped, ...rest } = point;
          props.onChange(knownAt === undefined ? rest : { ...rest, knownAt });
        }}
      />
    </>
  );
}

const modes: readonly { readonly mode: PointMode; readonly label: string }[] = [
  { mode: "now", label: "Now" },
  { mode: "recorded", label: "As recorded (sequence)" },
  { mode: "effective", label: "Effective date (bitemporal)" },
];

export function PointControls(props: ControlsProps): JSX.Element {
  const { view, head } = props;
  const mode = modeOf(view.point);
  const setMode = (next: PointMode): void => {
    props.onChange({ point: startOf(next, head), compare: null });
  };
  return (
    <form
      class="tb-controls"
      aria-label="Point in time"
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <fieldset>
        <legend>Point in time</legend>
        <div class="tb-modes">
          {modes.map((item) => (
            <label key={item.mode}>
              <input
                type="radio"
                name="tb-mode"
                value={item.mode}
                checked={mode === item.mode}
                onChange={() => {
                  setMode(item.mode);
                }}
              />{" "}
              {item.label}
            </label>
          ))}
        </div>
        <div class="controls">
          <PointInputs
            prefix="a"
            title="Point A"
            mode={mode}
            point={view.point}
            head={head}
            onChange={(point) => {
              props.onChange({ point, compare: view.compare });
            }}
          />
        </div>
        <p class="hint" id="tb-point-hint">
          <strong>Now</strong>: the ledger at the read model's head. <strong>As recorded</strong>:
          everything the ledger had recorded up to that sequence (the slider runs from 0 to the
          ledger's head). <strong>Effective as of</strong>: the entries whose effective date is at
          or before that time; <strong>as known at</strong>: counting only what had been recorded by
          then, so a backdated entry shows up only once it was known. Times are UTC.
        </p>
      </fieldset>
      {mode === "now" ? null : <CompareInputs {...props} mode={mode} />}
    </form>
  );
}

function CompareInputs(props: ControlsProps & { readonly mode: PointMode }): JSX.Element {
  const { view } = props;
  const on = view.compare !== null;
  return (
    <fieldset>
      <legend>Compare with</legend>
      <label>
        <input
          type="checkbox"
          checked={on}
          onChange={(event) => {
            props.onChange({
              point: view.point,
              compare: event.currentTarget.checked ? { ...view.point } : null,
            });
          }}
        />{" "}
        Compare point A with a point B (the change is B − A)
      </label>
      {view.compare === null ? null : (
        <div class="controls">
          <PointInputs
            prefix="b"
            title="Point B"
            mode={props.mode}
            point={view.compare}
            head={props.head}
            onChange={(compare) => {
              props.onChange({ point: view.point, compare });
            }}
          />
        </div>
      )}
    </fieldset>
  );
}
