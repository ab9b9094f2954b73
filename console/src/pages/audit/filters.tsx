// The audit page's filter form: event type, actor (exact), a jump to a sequence and the page
// size. Applying it rewrites the URL (so the view can be shared) and starts from the jump.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { EVENT_TYPES, MAX_ACTOR_LENGTH, PAGE_SIZES, type AuditView } from "./view";

export function AuditFilters(props: {
  readonly view: AuditView;
  readonly onApply: (view: AuditView) => void;
}): JSX.Element {
  const { view } = props;
  const [type, setType] = useState(view.type);
  const [actor, setActor] = useState(view.actor);
  const [from, setFrom] = useState(view.fromSequence);
  const [limit, setLimit] = useState(view.limit);
  // The URL changed elsewhere (a link, Back, paging): show what it holds.
  useEffect(() => {
    setType(view.type);
    setActor(view.actor);
    setFrom(view.fromSequence);
    setLimit(view.limit);
  }, [view.type, view.actor, view.fromSequence, view.limit]);

  const submit = (event: Event): void => {
    event.preventDefault();
    props.onApply({ type, actor: actor.trim(), fromSequence: from.trim(), before: "", limit });
  };
  const clear = (): void => {
    props.onApply({ type: "", actor: "", fromSequence: "", before: "", limit });
  };
  return (
    <form class="controls audit-filters" onSubmit={submit} aria-label="Audit trail filters">
      <div>
        <label for="audit-type">Event type</label>
        <select
          id="audit-type"
          value={type}
          onChange={(event) => {
            setType(event.currentTarget.value);
          }}
        >
          <option value="">All types</option>
          {EVENT_TYPES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
          {type !== "" && !(EVENT_TYPES as readonly string[]).includes(type) ? (
            <option value={type}>{type}</option>
          ) : null}
        </select>
      </div>
      <div>
        <label for="audit-actor">Actor (exact)</label>
        <input
          id="audit-actor"
          type="text"
          value={actor}
          maxLength={MAX_ACTOR_LENGTH}
          placeholder="key:…:name"
          size={28}
          onInput={(event) => {
            setActor(event.currentTarget.value);
          }}
        />
      </div>
      <div>
        <label for="audit-from">From sequence</label>
        <input
          id="audit-from"
          type="text"
          inputMode="numeric"
          value={from}
          size={10}
          aria-describedby="audit-from-hint"
          onInput={(event) => {
            setFrom(event.currentTarget.value);
          }}
        />
        <span id="audit-from-hint" class="hint">
          blank: from the start
        </span>
      </div>
      <div>
        <label for="audit-limit">Rows per page</label>
        <select
          id="audit-limit"
          value={limit}
          onChange={(event) => {
            setLimit(event.currentTarget.value);
          }}
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
          {(PAGE_SIZES as readonly string[]).includes(limit) ? null : (
            <option value={limit}>{limit}</option>
          )}
        </select>
      </div>
      <div class="audit-actions">
        <button type="submit">Apply</button>
        <button type="button" class="secondary" onClick={clear}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
