// The IFRS 7 35H movement of the loss allowance between the comparison date and the reporting
// date, as GET .../ifrs9/movement answers it: one row per line (opening, transfers, new,
// derecognised, write-offs, model changes, remeasurement, FX, closing), one column per stage,
// the P&L charge, and the facilities whose measurement started or stopped.
import type { JSX } from "preact";
import { unwrap, useQuery } from "../../api";
import { Show } from "../../components/states";
import { formatAmount } from "../../format";
import type { Ifrs9View, Movement } from "./model";

const LINE_LABELS: Readonly<Record<string, string>> = {
  opening: "Opening loss allowance",
  transfer_to_stage_1: "Transfer to stage 1",
  transfer_to_stage_2: "Transfer to stage 2",
  transfer_to_stage_3: "Transfer to stage 3",
  new: "New financial assets originated",
  derecognised: "Derecognised (repaid or sold)",
  write_offs: "Write-offs",
  model_changes: "Changes in models and parameters",
  remeasurement: "Net remeasurement",
  fx_and_other: "Foreign exchange and other",
  closing: "Closing loss allowance",
};

const COLUMNS = [
  ["stage1", "Stage 1"],
  ["stage2", "Stage 2"],
  ["stage3", "Stage 3"],
  ["poci", "POCI"],
  ["total", "Total"],
] as const;

function MovementTable(props: { readonly movement: Movement }): JSX.Element {
  const { movement } = props;
  return (
    <table class="data ifrs9-movement">
      <caption class="visually-hidden">
        Loss allowance movement {movement.from} to {movement.to} ({movement.reportingCurrency})
      </caption>
      <thead>
        <tr>
          <th scope="col">Line ({movement.reportingCurrency})</th>
          {COLUMNS.map(([key, label]) => (
            <th key={key} scope="col" class="num">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {movement.rows.map((row) => (
          <tr
            key={row.line}
            data-line={row.line}
            class={row.line === "opening" || row.line === "closing" ? "movement-total" : undefined}
          >
            <th scope="row">{LINE_LABELS[row.line] ?? row.line}</th>
            {COLUMNS.map(([key]) => (
              <td key={key} class="num">
                {formatAmount(row[key])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Charge to profit or loss</th>
          <td colSpan={4} />
          <td class="num" data-pl>
            {formatAmount(movement.profitOrLossCharge)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function MeasurementChanges(props: { readonly movement: Movement }): JSX.Element | null {
  const changes = props.movement.measurementChanges;
  if (changes.length === 0) return null;
  return (
    <details class="ifrs9-changes">
      <summary>
        {changes.length} facilit{changes.length === 1 ? "y" : "ies"} entered or left measurement
      </summary>
      <ul>
        {changes.map((change, index) => (
          <li key={index}>
            {Object.entries(change)
              .map(([name, value]) => `${name}: ${value}`)
              .join(", ")}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function MovementSection(props: {
  readonly ledgerId: string;
  readonly view: Ifrs9View;
}): JSX.Element {
  const { ledgerId, view } = props;
  const { query, reload } = useQuery(
    (client) =>
      unwrap(
        client.GET("/v1/ledgers/{ledgerId}/ifrs9/movement", {
          params: {
            path: { ledgerId },
            query: {
              from: view.from,
              to: view.asOf,
              ...(view.parameterSetId === "" ? {} : { parameterSetId: view.parameterSetId }),
            },
          },
        }),
      ),
    [ledgerId, view.from, view.asOf, view.parameterSetId],
  );
  return (
    <section aria-labelledby="ifrs9-movement-title" aria-live="polite">
      <h2 id="ifrs9-movement-title">
        Loss allowance movement {view.from} → {view.asOf} (IFRS 7)
      </h2>
      <Show query={query} what="the allowance movement" retry={reload}>
        {(movement) => (
          <>
            <MovementTable movement={movement} />
            <MeasurementChanges movement={movement} />
          </>
        )}
      </Show>
    </section>
  );
}
