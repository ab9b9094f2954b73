// The account's balances over the period as a step chart (uPlot on a canvas): the posted
// balance and the available balance from the statement's opening, after each line (its
// running balances), to the period's end or now. Points are placed with chartValue() (display
// only); the canvas has an accessible name, and every figure it draws is in the entries table
// below. The chart takes its container's width and follows it when the window resizes.
import type { JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { chartValue, formatAmount } from "../../format";
import type { Statement } from "./load";

const HEIGHT = 260;
// The same colours as account.css gives the caption's keys.
const POSTED = "#0b4f9c";
const AVAILABLE = "#13653a";

/** The chart's columns: x in seconds (uPlot's time unit), posted and available balances. */
export function chartData(statement: Statement, nowMs: number): uPlot.AlignedData {
  const xs: number[] = [];
  const posted: number[] = [];
  const available: number[] = [];
  const push = (ms: number, postedText: string, availableText: string): void => {
    xs.push(ms / 1000);
    posted.push(chartValue(postedText));
    available.push(chartValue(availableText));
  };
  const fromMs = Date.parse(statement.from);
  push(fromMs, statement.opening.posted, statement.opening.available);
  for (const line of statement.lines) {
    const at = Date.parse(statement.basis === "recorded" ? line.recordedAt : line.effectiveAt);
    push(Math.max(at, fromMs), line.postedBalance, line.availableBalance);
  }
  const endMs = Math.min(Date.parse(statement.to), nowMs);
  const lastMs = (xs[xs.length - 1] ?? 0) * 1000;
  if (endMs > lastMs) push(endMs, statement.closing.posted, statement.closing.available);
  return [xs, posted, available];
}

/** What a screen reader hears for the chart: what it plots and where its figures are. */
export function chartName(statement: Statement): string {
  return (
    `Balance of ${statement.accountId} over time, ${statement.from.slice(0, 10)} to ` +
    `${statement.to.slice(0, 10)}: posted from ${formatAmount(statement.opening.posted)} to ` +
    `${formatAmount(statement.closing.posted)} ${statement.currency}, available to ` +
    `${formatAmount(statement.closing.available)}. Every figure is in the entries table.`
  );
}

function options(width: number): uPlot.Options {
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  const line = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({
    label,
    stroke,
    width: 2,
    ...(dash === undefined ? {} : { dash }),
    ...(stepped === undefined ? {} : { paths: stepped }),
  });
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
    scales: { x: { time: true } },
    series: [{}, line("Posted balance", POSTED), line("Available balance", AVAILABLE, [6, 4])],
    axes: [
      { stroke: "#4a525c" },
      {
        stroke: "#4a525c",
        size: 90,
        values: (_chart, splits) => splits.map((value) => value.toLocaleString("en-US")),
      },
    ],
  };
}

export function BalanceChart(props: { readonly statement: Statement }): JSX.Element {
  const holder = useRef<HTMLDivElement>(null);
  const { statement } = props;
  const name = chartName(statement);
  useEffect(() => {
    const element = holder.current;
    if (element === null) return;
    const width = (): number => Math.max(element.clientWidth, 240);
    const chart = new uPlot(options(width()), chartData(statement, Date.now()), element);
    chart.ctx.canvas.setAttribute("role", "img");
    chart.ctx.canvas.setAttribute("aria-label", name);
    const observer = new ResizeObserver(() => {
      if (Math.abs(chart.width - width()) > 1) chart.setSize({ width: width(), height: HEIGHT });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [statement, name]);
  return (
    <figure class="account-chart">
      <div ref={holder} class="account-chart-canvas" />
      <figcaption>
        <span class="account-key account-key-posted" /> Posted balance{" "}
        <span class="account-key account-key-available" /> Available balance{" "}
        <span class="hint">(UTC; the figures are in the table below)</span>
      </figcaption>
    </figure>
  );
}
