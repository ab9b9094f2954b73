// Output of `folio exposure`: the exposure table grouped by one dimension, or the large-exposure
// report (Tier 1, threshold and limit, large exposures with limit, headroom and breach, the top
// 20, concentration), as aligned text or as JSON in the shape of the exposure routes'
// answers (GET .../exposure and .../exposure/large; every group listed). Money is bigint minor
// units inside, printed with formatAmount at the asset's scale.
import type {
  Concentration,
  ExposureAggregate,
  ExposureColumns,
  ExposureDimension,
  ExposureReport,
  GroupLargeExposure,
} from "../projections/index.js";
import { formatAmount } from "../schemas/index.js";
import type { ExposureReplay } from "./exposureReplay.js";
import { table } from "./format.js";
import { describePoint } from "./point.js";

type Money = (minor: bigint) => string;

function moneyIn(replay: ExposureReplay, currency: string): Money {
  const scale = replay.scales.get(currency);
  return (minor) => (scale === undefined ? minor.toString() : formatAmount(minor, scale));
}

const COLUMN_KEYS = [
  "grossExposure",
  "provisions",
  "exposureValue",
  "crmSubstitution",
  "crmFunded",
  "exempted",
  "valueAfterExemptionsAndCrm",
] as const satisfies readonly (keyof ExposureColumns)[];

const COLUMN_LABELS = [
  "gross exposure",
  "provisions",
  "exposure value",
  "CRM substitution",
  "CRM funded",
  "exempted",
  "value after",
];

function columnsJson(amounts: ExposureColumns, money: Money): Record<string, string> {
  return Object.fromEntries(COLUMN_KEYS.map((key) => [key, money(amounts[key])]));
}

/** Largest exposure value first, then key (as the route orders groups). */
export function sortedGroups(report: ExposureReport, by: ExposureDimension): ExposureAggregate[] {
  return [...report.views[by]].sort((a, b) =>
    a.reporting.exposureValue === b.reporting.exposureValue
      ? a.key.localeCompare(b.key)
      : a.reporting.exposureValue > b.reporting.exposureValue
        ? -1
        : 1,
  );
}

function headJson(replay: ExposureReplay): Record<string, string | number | null> {
  return {
    ledgerId: replay.ledgerId,
    sequence: replay.sequence,
    effectiveAt: replay.at.effectiveAt,
    reportingCurrency: replay.reportingCurrency,
  };
}

function headText(replay: ExposureReplay, what: string): string {
  const reflects =
    replay.sequence === null ? "nothing recorded by then" : `sequence ${replay.sequence}`;
  const point =
    replay.at.point.kind === "effective"
      ? describePoint(replay.at.point)
      : `effective ${replay.at.effectiveAt} (now), balances as of ${describePoint(replay.at.point)}`;
  return `ledger ${replay.ledgerId} ${what} as of ${point} (reflects ${reflects}; stream head ${replay.head}), in ${replay.reportingCurrency}`;
}

export function exposureJson(
  replay: ExposureReplay,
  report: ExposureReport,
  by: ExposureDimension,
): string {
  const reporting = moneyIn(replay, replay.reportingCurrency);
  const groups = sortedGroups(report, by);
  return JSON.stringify({
    ...headJson(replay),
    groupBy: by,
    total: columnsJson(report.total.reporting, reporting),
    groupCount: groups.length,
    groups: groups.map((group) => ({
      key: group.key,
      lines: group.lines,
      reporting: columnsJson(group.reporting, reporting),
      original: group.original.map((item) => ({
        currency: item.currency,
        amounts: columnsJson(item.amounts, moneyIn(replay, item.currency)),
      })),
    })),
  });
}

export function exposureText(
  replay: ExposureReplay,
  report: ExposureReport,
  by: ExposureDimension,
): string {
  const money = moneyIn(replay, replay.reportingCurrency);
  const row = (key: string, lines: string, amounts: ExposureColumns): string[] => [
    key,
    lines,
    ...COLUMN_KEYS.map((k) => money(amounts[k])),
  ];
  const rows = sortedGroups(report, by).map((g) => row(g.key, String(g.lines), g.reporting));
  rows.push(row("TOTAL", String(report.total.lines), report.total.reporting));
  const right = new Set(COLUMN_KEYS.map((_, i) => i + 2).concat([1]));
  return [
    headText(replay, `exposure by ${by}`),
    "",
    table([by, "lines", ...COLUMN_LABELS], rows, right),
  ].join("\n");
}

function largeGroupJson(group: GroupLargeExposure, money: Money): Record<string, unknown> {
  const part = group.nonInstitutionPart;
  return {
    ...group,
    counterpartyIds: [...group.counterpartyIds],
    amounts: columnsJson(group.amounts, money),
    limit: money(group.limit),
    headroom: money(group.headroom),
    nonInstitutionPart:
      part === null
        ? null
        : {
            exposure: money(part.exposure),
            limit: money(part.limit),
            headroom: money(part.headroom),
            withinLimit: part.withinLimit,
          },
  };
}

function concentrationJson(c: Concentration, money: Money): Record<string, unknown> {
  return {
    total: money(c.total),
    hhi: c.hhi,
    buckets: c.buckets.map((b) => ({ key: b.key, amount: money(b.amount), share: b.share })),
  };
}

export function largeJson(replay: ExposureReplay, report: ExposureReport): string {
  const money = moneyIn(replay, replay.reportingCurrency);
  const { large, concentration } = report;
  const group = (g: GroupLargeExposure) => largeGroupJson(g, money);
  return JSON.stringify({
    ...headJson(replay),
    tier1Capital: money(large.tier1Capital),
    largeExposureThreshold: money(large.largeExposureThreshold),
    generalLimit: money(large.generalLimit),
    largeExposures: large.largeExposures.map(group),
    top20: large.top20.map(group),
    breaches: large.breaches.map(group),
    concentration: {
      sector: concentrationJson(concentration.sector, money),
      country: concentrationJson(concentration.country, money),
      rating: concentrationJson(concentration.rating, money),
    },
  });
}

/** A share of Tier 1 ("0.226800", 6 places) as per cent, exactly ("22.6800 %"). */
export function percent(share: string): string {
  const match = /^(-?)([0-9]+)\.([0-9]{6})$/.exec(share);
  if (match === null) return share;
  const millionths = BigInt(`${match[2] ?? "0"}${match[3] ?? ""}`);
  const fraction = String(millionths % 10_000n).padStart(4, "0");
  return `${match[1] ?? ""}${millionths / 10_000n}.${fraction} %`;
}

export function largeText(replay: ExposureReplay, report: ExposureReport): string {
  const money = moneyIn(replay, replay.reportingCurrency);
  const { large, concentration } = report;
  const groupRows = (groups: readonly GroupLargeExposure[]): string[][] =>
    groups.map((g) => [
      String(g.rank),
      g.groupKey,
      money(g.amounts.exposureValue),
      percent(g.shareOfTier1BeforeExemptionsAndCrm),
      money(g.amounts.valueAfterExemptionsAndCrm),
      percent(g.shareOfTier1),
      g.limitRule,
      money(g.limit),
      money(g.headroom),
      g.isLarge ? "yes" : "no",
      g.breach ? "BREACH" : "no",
    ]);
  const header = [
    "rank",
    "group",
    "exposure value",
    "% T1",
    "value after",
    "% T1",
    "rule",
    "limit",
    "headroom",
    "large",
    "breach",
  ];
  const right = new Set([0, 2, 3, 4, 5, 7, 8]);
  const out = [
    headText(replay, "large exposures"),
    "",
    `Tier 1 ${money(large.tier1Capital)}; large at or above ${money(large.largeExposureThreshold)} (10 %); general limit ${money(large.generalLimit)} (25 %)`,
    "",
    `large exposures (${large.largeExposures.length}), breaches (${large.breaches.length}): ${large.breaches.length === 0 ? "none" : large.breaches.map((g) => g.groupKey).join(", ")}`,
    table(header, groupRows(large.largeExposures), right),
    "",
    `top ${large.top20.length} by exposure value`,
    table(header, groupRows(large.top20), right),
  ];
  for (const dimension of ["sector", "country", "rating"] as const) {
    const c = concentration[dimension];
    out.push("", `concentration by ${dimension}: HHI ${c.hhi ?? "n/a"}`);
    out.push(
      table(
        [dimension, "exposure value", "share"],
        c.buckets.map((b) => [b.key, money(b.amount), b.share]),
        new Set([1, 2]),
      ),
    );
  }
  return out.join("\n");
}
