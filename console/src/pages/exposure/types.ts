// The exposure page's data: the API's own answers, typed from the generated client schema.
import type { paths } from "../../../../client/index.js";

export type LargeReport =
  paths["/v1/ledgers/{ledgerId}/exposure/large"]["get"]["responses"][200]["content"]["application/json"];

export type LargeGroup = LargeReport["top20"][number];

export type ConcentrationGrid =
  paths["/v1/ledgers/{ledgerId}/exposure/concentration"]["get"]["responses"][200]["content"]["application/json"];
