// A table of large-exposure groups as GET .../exposure/large reports them (the large ones, or
// the top 20): each figure is the API's own string, shares shown as percentages of Tier 1,
// the limit with its rule, the headroom, and whether the group is large or in breach (with
// the non-institution members' part where the institution rule's proviso applies).
import type { JSX } from "preact";
import { formatAmount } from "../../format";
import { percentOfShare, shareOf } from "./percent";
import type { LargeGroup } from "./types";

const RULES: Record<LargeGroup["limitRule"], string> = {
  general: "general rule",
  institution: "institution rule",
  gsii: "G-SII rule",
};

function Status(props: { readonly group: LargeGroup }): JSX.Element {
  const { group } = props;
  const part = group.nonInstitutionPart;
  return (
    <>
      {group.breach ? (
        <strong class="status-bad">Breach</strong>
      ) : group.isLarge ? (
        <span class="status-warn">Large</span>
      ) : (
        <span>Not large</span>
      )}
      {part === null ? null : (
        <span class={part.withinLimit ? "le-part" : "le-part status-bad"}>
          non-institution members {formatAmount(part.exposure)} against {formatAmount(part.limit)} (
          {part.withinLimit ? "within" : "over"})
        </span>
      )}
    </>
  );
}

export function GroupsTable(props: {
  readonly groups: readonly LargeGroup[];
  readonly tier1Capital: string;
  readonly caption: string;
  readonly id: string;
}): JSX.Element {
  return (
    <div class="table-scroll">
      <table class="data le-table" id={props.id}>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Rank
            </th>
            <th scope="col">Group (counterparties)</th>
            <th scope="col" class="num">
              Exposure value
            </th>
            <th scope="col" class="num">
              % of Tier 1
            </th>
            <th scope="col" class="num">
              After exemptions, CRM
            </th>
            <th scope="col" class="num">
              % of Tier 1 after
            </th>
            <th scope="col" class="num">
              Limit
            </th>
            <th scope="col" class="num">
              Headroom
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.groups.map((group) => (
            <tr
              key={group.groupKey}
              data-group={group.groupKey}
              class={group.breach ? "le-breach" : undefined}
            >
              <td class="num">{group.rank}</td>
              <th scope="row">
                <span class="le-key">{group.groupKey}</span>
                <span class="le-members">{group.counterpartyIds.join(", ")}</span>
              </th>
              <td class="num">{formatAmount(group.amounts.exposureValue)}</td>
              <td class="num">{percentOfShare(group.shareOfTier1BeforeExemptionsAndCrm)} %</td>
              <td class="num">{formatAmount(group.amounts.valueAfterExemptionsAndCrm)}</td>
              <td class="num">{percentOfShare(group.shareOfTier1)} %</td>
              <td class="num">
                <span class="le-amount">{formatAmount(group.limit)}</span>
                <span class="le-rule">
                  {percentOfShare(shareOf(group.limit, props.tier1Capital))} % ·{" "}
                  {RULES[group.limitRule]}
                </span>
              </td>
              <td class={group.headroom.startsWith("-") ? "num status-bad" : "num"}>
                {formatAmount(group.headroom)}
              </td>
              <td>
                <Status group={group} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
