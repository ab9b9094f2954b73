// The stage-migration matrix on screen: loads every facility of the reports at the opening and
// the closing date, and shows from-stage rows by to-stage columns, each cell the number of
// facilities that moved and their gross carrying amount per currency (migration.ts).
import type { JSX } from "preact";
import { ConsoleError, useQuery } from "../../api";
import { Show } from "../../components/states";
import { formatAmount } from "../../format";
import {
  migrationLabel,
  migrationMatrix,
  MIGRATION_KEYS,
  type MigrationCell,
  type MigrationMatrix,
} from "./migration";
import { allFacilities, type Ifrs9View } from "./model";

function Cell(props: { readonly cell: MigrationCell; readonly diagonal: boolean }): JSX.Element {
  const { cell } = props;
  return (
    <td
      class={`num migration-cell${props.diagonal ? " migration-same" : ""}${cell.count === 0 ? " migration-zero" : ""}`}
      data-count={cell.count}
      title={cell.facilityIds.join(", ")}
    >
      <span class="migration-count">{cell.count}</span>
      {cell.gross.map((g) => (
        <span key={g.currency} class="migration-gross">
          {g.currency} {formatAmount(g.amount)}
        </span>
      ))}
    </td>
  );
}

function MatrixTable(props: {
  readonly matrix: MigrationMatrix;
  readonly from: string;
  readonly to: string;
}): JSX.Element {
  return (
    <table class="data ifrs9-migration">
      <caption class="visually-hidden">
        Stage migration from {props.from} (rows) to {props.to} (columns)
      </caption>
      <thead>
        <tr>
          <th scope="col">
            {props.from} ↓ / {props.to} →
          </th>
          {MIGRATION_KEYS.map((to) => (
            <th key={to} scope="col" class="num" data-to={to}>
              {migrationLabel(to)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {MIGRATION_KEYS.map((from) => (
          <tr key={from} data-from={from}>
            <th scope="row">{migrationLabel(from)}</th>
            {MIGRATION_KEYS.map((to) => (
              <Cell key={to} cell={props.matrix[from][to]} diagonal={from === to} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MigrationSection(props: {
  readonly ledgerId: string;
  readonly view: Ifrs9View;
}): JSX.Element {
  const { ledgerId, view } = props;
  const { query, reload } = useQuery(
    async (client) => {
      if (view.from >= view.asOf) {
        throw new ConsoleError(
          "invalid_request",
          `the comparison date (${view.from}) must be before the reporting date (${view.asOf})`,
          400,
        );
      }
      const opening = await allFacilities(client, ledgerId, view, view.from);
      // The closing report at the opening one's point: one state of the ledger, as the
      // movement route does.
      const closing = await allFacilities(
        client,
        ledgerId,
        view,
        view.asOf,
        opening.report.sequence,
      );
      return migrationMatrix(opening.facilities, closing.facilities);
    },
    [ledgerId, view.from, view.asOf, view.parameterSetId],
  );
  return (
    <section aria-labelledby="ifrs9-migration-title" aria-live="polite">
      <h2 id="ifrs9-migration-title">
        Stage migration {view.from} → {view.asOf}
      </h2>
      <p class="hint">
        Facilities (and their gross carrying amount, per currency: at the closing date, or at the
        opening date for those no longer measured) by stage at each date.
      </p>
      <Show query={query} what="the stage migration" retry={reload}>
        {(matrix) => <MatrixTable matrix={matrix} from={view.from} to={view.asOf} />}
      </Show>
    </section>
  );
}
