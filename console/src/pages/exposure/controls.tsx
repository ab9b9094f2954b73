// The exposure page's point-in-time controls: a day (its end, UTC) or now, and the basis
// (effective, or as recorded by then). They write the URL's query string, so a shared URL
// reproduces the view; the page reads its view back from the URL.
import type { JSX } from "preact";
import { navigate, withQuery } from "../../router";
import { asOfOfDate, dateOf, queryOf, type Basis, type ExposureView } from "./point";

export function ExposureControls(props: {
  readonly path: string;
  readonly view: ExposureView;
}): JSX.Element {
  const { path, view } = props;
  const go = (next: ExposureView): void => {
    navigate(withQuery(path, queryOf(next)), { replace: true });
  };
  const date = dateOf(view.asOf);
  const setDate = (value: string, basis: Basis): void => {
    const asOf = asOfOfDate(value, basis);
    go(asOf === undefined ? { basis } : { asOf, basis });
  };
  return (
    <form
      class="controls"
      aria-label="Point in time"
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <div>
        <label for="exposure-date">As of (end of day, UTC)</label>
        <input
          id="exposure-date"
          type="date"
          value={date}
          onChange={(event) => {
            setDate(event.currentTarget.value, view.basis);
          }}
        />
      </div>
      <div>
        <label for="exposure-basis">Basis</label>
        <select
          id="exposure-basis"
          value={view.basis}
          onChange={(event) => {
            const basis = event.currentTarget.value === "recorded" ? "recorded" : "effective";
            if (date === "") go({ basis });
            else setDate(date, basis);
          }}
        >
          <option value="effective">Effective (as known now)</option>
          <option value="recorded">As recorded by then</option>
        </select>
      </div>
      <div>
        <button
          type="button"
          class="secondary"
          disabled={view.asOf === undefined}
          onClick={() => {
            go({ basis: view.basis });
          }}
        >
          Now
        </button>
      </div>
    </form>
  );
}
