// Placeholder until this page is built.
import type { JSX } from "preact";
import type { Location } from "../router";

export function AuditPage(props: {
  readonly params: Record<string, string>;
  readonly location: Location;
}): JSX.Element {
  return (
    <h1>
      {props.params.ledgerId} {props.location.path}
    </h1>
  );
}
