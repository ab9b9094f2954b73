// The audit trail table: one event per row (sequence, type and entry, actor, recorded and
// effective times, prevHash and hash shortened, each a button that copies the full value in
// its title), and under it the event's data as JSON in a <details>. A type or an actor is a
// link to the trail filtered by it.
import { Fragment, type JSX } from "preact";
import { useState } from "preact/hooks";
import { formatTime, shortHash } from "../../format";
import { Link } from "../../router";
import type { AuditEvent } from "./view";

const COLUMNS = 8;

function HashButton(props: {
  readonly hash: string;
  readonly what: string;
  readonly onCopied: (message: string) => void;
}): JSX.Element {
  const copy = (): void => {
    navigator.clipboard.writeText(props.hash).then(
      () => {
        props.onCopied(`Copied ${props.what}.`);
      },
      () => {
        props.onCopied(`Cannot copy here; ${props.what} is ${props.hash}`);
      },
    );
  };
  return (
    <button
      type="button"
      class="audit-hash"
      title={props.hash}
      data-hash={props.hash}
      aria-label={`Copy ${props.what} ${props.hash}`}
      onClick={copy}
    >
      <code>{shortHash(props.hash)}</code>
    </button>
  );
}

/** An actor ("key:<id>:<name>") that may wrap after each colon, and nowhere else. */
function Breakable(props: { readonly text: string }): JSX.Element {
  const parts = props.text.split(":");
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 ? (
            <>
              :<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </>
  );
}

function EventRows(props: {
  readonly event: AuditEvent;
  readonly filterLink: (filter: { type?: string; actor?: string }) => string;
  readonly onCopied: (message: string) => void;
}): JSX.Element {
  const { event } = props;
  return (
    <tbody class="audit-event" data-sequence={event.sequence}>
      <tr>
        <th scope="row" class="num">
          {event.sequence}
        </th>
        <td data-field="type">
          <Link to={props.filterLink({ type: event.type })}>{event.type}</Link>
          {event.entryId === null ? null : (
            <div class="hint">
              entry <code>{event.entryId}</code>
            </div>
          )}
        </td>
        <td data-field="actor" class="audit-actor">
          <Link to={props.filterLink({ actor: event.actor })}>
            <Breakable text={event.actor} />
          </Link>
        </td>
        <td class="audit-time">{formatTime(event.recordedAt)}</td>
        <td class="audit-time">
          {event.effectiveAt === null ? "—" : formatTime(event.effectiveAt)}
        </td>
        <td data-field="prevHash">
          <HashButton
            hash={event.prevHash}
            what={`prevHash of event ${event.sequence}`}
            onCopied={props.onCopied}
          />
        </td>
        <td data-field="hash">
          <HashButton
            hash={event.hash}
            what={`hash of event ${event.sequence}`}
            onCopied={props.onCopied}
          />
        </td>
        <td class="num">{event.schemaVersion}</td>
      </tr>
      <tr class="audit-data">
        <td colSpan={COLUMNS}>
          <details>
            <summary>
              Data of event {event.sequence} ({event.type})
            </summary>
            <pre>{JSON.stringify(event.data, null, 2)}</pre>
            <p class="hint">
              correlation <code>{event.correlationId}</code>
              {event.causationId === null ? null : (
                <>
                  {" "}
                  · causation <code>{event.causationId}</code>
                </>
              )}
              {event.reversalOf === null ? null : (
                <>
                  {" "}
                  · reverses <code>{event.reversalOf}</code>
                </>
              )}
            </p>
          </details>
        </td>
      </tr>
    </tbody>
  );
}

export function AuditTable(props: {
  readonly events: readonly AuditEvent[];
  readonly caption: string;
  readonly filterLink: (filter: { type?: string; actor?: string }) => string;
}): JSX.Element {
  const [copied, setCopied] = useState("");
  return (
    <>
      <p class="hint audit-copied" role="status" aria-live="polite">
        {copied}
      </p>
      <table class="data audit-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Sequence
            </th>
            <th scope="col">Type</th>
            <th scope="col">Actor</th>
            <th scope="col">Recorded</th>
            <th scope="col">Effective</th>
            <th scope="col">prevHash</th>
            <th scope="col">Hash</th>
            <th scope="col" class="num">
              <abbr title="Schema version">v</abbr>
            </th>
          </tr>
        </thead>
        {props.events.map((event) => (
          <EventRows
            key={event.sequence}
            event={event}
            filterLink={props.filterLink}
            onCopied={setCopied}
          />
        ))}
      </table>
    </>
  );
}
