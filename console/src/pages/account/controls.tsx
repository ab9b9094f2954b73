// The period controls: two dates, from (included) and to (not included), applied together
// with a button so the page reads one statement per choice; the page keeps them in the URL.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { Period } from "./load";
import { inputDate } from "./period";

export function PeriodControls(props: {
  readonly period: Period;
  readonly onChange: (period: Period) => void;
}): JSX.Element {
  const [from, setFrom] = useState(inputDate(props.period.from));
  const [to, setTo] = useState(inputDate(props.period.to));
  const submit = (event: Event): void => {
    event.preventDefault();
    props.onChange({ from, to });
  };
  return (
    <form class="controls" onSubmit={submit} aria-label="Statement period">
      <div>
        <label for="account-from">From (included)</label>
        <input
          id="account-from"
          type="date"
          value={from}
          required
          onInput={(event) => {
            setFrom(event.currentTarget.value);
          }}
        />
      </div>
      <div>
        <label for="account-to">To (not included)</label>
        <input
          id="account-to"
          type="date"
          value={to}
          required
          onInput={(event) => {
            setTo(event.currentTarget.value);
          }}
        />
      </div>
      <div>
        <button type="submit">Show period</button>
      </div>
      <p class="hint account-period-hint">
        Dates are UTC days. A statement covers at most 366 days and 10,000 lines.
      </p>
    </form>
  );
}
