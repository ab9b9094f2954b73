// Loading, empty and error states, the same on every page: a loading line announced to
// screen readers, an empty message that says what is missing, and an error that shows the
// API problem's code and message with a way to try again.
import type { ComponentChildren, JSX } from "preact";
import type { ConsoleError, Query } from "../api";

export function Loading(props: { readonly what: string }): JSX.Element {
  return (
    <p class="state state-loading" role="status" aria-live="polite">
      Loading {props.what}…
    </p>
  );
}

export function Empty(props: { readonly children: ComponentChildren }): JSX.Element {
  return (
    <p class="state state-empty" role="status">
      {props.children}
    </p>
  );
}

export function ErrorState(props: {
  readonly error: ConsoleError;
  readonly retry?: () => void;
}): JSX.Element {
  return (
    <div class="state state-error" role="alert">
      <p>
        <code class="problem-code">{props.error.code}</code>{" "}
        <span class="problem-message">{props.error.message}</span>
      </p>
      {props.retry === undefined ? null : (
        <button type="button" onClick={props.retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * Renders a query: loading, then its error or its data; `isEmpty` data shows `empty` instead.
 */
export function Show<T>(props: {
  readonly query: Query<T>;
  readonly what: string;
  readonly retry?: () => void;
  readonly isEmpty?: (data: T) => boolean;
  readonly empty?: ComponentChildren;
  readonly children: (data: T) => ComponentChildren;
}): JSX.Element {
  const { query } = props;
  if (query.status === "loading") return <Loading what={props.what} />;
  if (query.status === "error") {
    return props.retry === undefined ? (
      <ErrorState error={query.error} />
    ) : (
      <ErrorState error={query.error} retry={props.retry} />
    );
  }
  if (props.isEmpty?.(query.data) === true)
    return <Empty>{props.empty ?? `No ${props.what}.`}</Empty>;
  return <>{props.children(query.data)}</>;
}
