// The concentration heatmap: a real table of sector (rows) × country of risk (columns) from
// GET .../exposure/concentration, each cell the exposure value and its share of the book as
// text, its background darker the larger the share (relative to the largest cell); row and
// column totals at the edges, as the API reports them. Colour only repeats what the text says.
import type { JSX } from "preact";
import { compareAmounts, formatAmount } from "../../format";
import { percentOfShare, shareValue } from "./percent";
import type { ConcentrationGrid } from "./types";

type Cell = ConcentrationGrid["cells"][number];

/** A cell's colour: from pale to the accent blue; white text once the background is dark. */
function colourOf(share: string, largest: number): Record<string, string> {
  const t = largest <= 0 ? 0 : Math.min(1, shareValue(share) / largest);
  const mix = (from: number, to: number): number => Math.round(from + (to - from) * t);
  return {
    background: `rgb(${mix(238, 11)}, ${mix(243, 79)}, ${mix(250, 156)})`,
    color: t > 0.5 ? "#ffffff" : "#1a1d21",
  };
}

function Figure(props: { readonly amount: string; readonly share: string }): JSX.Element {
  return (
    <>
      <span class="hm-amount">{formatAmount(props.amount)}</span>
      <span class="hm-share">{percentOfShare(props.share)} %</span>
    </>
  );
}

export function Heatmap(props: { readonly grid: ConcentrationGrid }): JSX.Element {
  const { grid } = props;
  const cells = new Map<string, Cell>();
  for (const cell of grid.cells) cells.set(JSON.stringify([cell.row, cell.column]), cell);
  const largest = Math.max(0, ...grid.cells.map((cell) => shareValue(cell.share)));
  const truncated =
    grid.rowCount > grid.rowTotals.length || grid.columnCount > grid.columnTotals.length;
  return (
    <>
      <div class="table-scroll">
        <table class="data heatmap" id="exposure-heatmap">
          <caption class="visually-hidden">
            Exposure value by sector (rows) and country of risk (columns), in{" "}
            {grid.reportingCurrency}, with each cell&apos;s share of the book
          </caption>
          <thead>
            <tr>
              <th scope="col">Sector \ country</th>
              {grid.columnTotals.map((column) => (
                <th key={column.key} scope="col" class="num">
                  {column.key}
                </th>
              ))}
              <th scope="col" class="num">
                Sector total
              </th>
            </tr>
          </thead>
          <tbody>
            {grid.rowTotals.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.key}</th>
                {grid.columnTotals.map((column) => {
                  const cell = cells.get(JSON.stringify([row.key, column.key]));
                  return cell === undefined ? (
                    <td key={column.key} class="num hm-none">
                      —
                    </td>
                  ) : (
                    <td
                      key={column.key}
                      class="num hm-cell"
                      data-row={row.key}
                      data-column={column.key}
                      style={colourOf(cell.share, largest)}
                    >
                      <Figure amount={cell.amount} share={cell.share} />
                    </td>
                  );
                })}
                <td class="num hm-total">
                  <Figure amount={row.amount} share={row.share} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Country total</th>
              {grid.columnTotals.map((column) => (
                <td key={column.key} class="num">
                  <Figure amount={column.amount} share={column.share} />
                </td>
              ))}
              <td class="num">
                <Figure
                  amount={grid.total}
                  share={compareAmounts(grid.total, "0") === 0 ? "0" : "1"}
                />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p class="hint">
        Each facility counted once, under its obligor; the exposure value after provisions, before
        CRM. Darker: a larger share of the book (the darkest is the largest cell).
        {truncated
          ? ` The ${grid.rowTotals.length} largest of ${grid.rowCount} sectors and ${grid.columnTotals.length} largest of ${grid.columnCount} countries are shown; the totals cover the whole book.`
          : ""}
      </p>
    </>
  );
}
