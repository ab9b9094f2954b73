// Mapping rules from bank items to ledger accounts, declared as JSON and validated with zod:
// the first rule whose every stated condition holds gives the counter account; no match sends
// the item to the suspense account. Remittance patterns are bounded regular expressions,
// refused when they could backtrack catastrophically (nested quantifiers, back-references).
import { z } from "zod";
import { assetCodeSchema, idSchema, ledgerIdSchema } from "../../schemas/index.js";
import { scaleOf } from "./currencies.js";

export const MAX_MAPPING_RULES = 500;
export const MAX_PATTERN_LENGTH = 200;
/** Remittance text a pattern is run against (longer text is cut to this). */
export const MAX_MATCHED_TEXT = 2_000;

const codeSchema = z
  .string()
  .regex(/^[A-Z0-9]{1,35}$/, "an ISO code: upper-case letters and digits");
const ibanSchema = z
  .string()
  .transform((iban) => normalizeIban(iban))
  .pipe(z.string().regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/, "an IBAN"));

const patternSchema = z
  .string()
  .min(1)
  .max(MAX_PATTERN_LENGTH)
  .superRefine((pattern, context) => {
    const problem = unsafePatternReason(pattern);
    if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
  });

const matchSchema = z
  .strictObject({
    bankTransactionCode: z
      .strictObject({
        domain: codeSchema.optional(),
        family: codeSchema.optional(),
        subFamily: codeSchema.optional(),
      })
      .optional(),
    remittancePattern: patternSchema.optional(),
    counterpartyIban: ibanSchema.optional(),
  })
  .refine(
    (match) =>
      match.remittancePattern !== undefined ||
      match.counterpartyIban !== undefined ||
      Object.keys(match.bankTransactionCode ?? {}).length > 0,
    { message: "a rule must state at least one condition" },
  );

export const mappingConfigSchema = z.strictObject({
  ledgerId: ledgerIdSchema,
  nostroAccountId: idSchema,
  currency: assetCodeSchema.refine((code) => scaleOf(code) !== undefined, {
    message: "not a supported ISO 4217 currency",
  }),
  suspenseAccountId: idSchema,
  rules: z
    .array(z.strictObject({ match: matchSchema, counterAccountId: idSchema }))
    .max(MAX_MAPPING_RULES),
});
export type MappingConfig = z.infer<typeof mappingConfigSchema>;
export type MappingRule = MappingConfig["rules"][number];

/** Why `pattern` is refused, or undefined when it compiles and is safe to run. */
export function unsafePatternReason(pattern: string): string | undefined {
  if (/\\[1-9]|\\k</.test(pattern)) return "back-references are not allowed";
  if (hasNestedQuantifier(pattern)) {
    return "a quantified group may contain neither a quantifier nor an alternation";
  }
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    return `not a valid regular expression: ${error instanceof Error ? error.message : "?"}`;
  }
  return undefined;
}

/** True when a group holding a quantifier or "|" is itself quantified: (a+)+, (a|ab)* . */
function hasNestedQuantifier(pattern: string): boolean {
  const quantifiedInside: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (char === "]") inClass = false;
      continue;
    }
    if (char === "[") inClass = true;
    else if (char === "(") quantifiedInside.push(false);
    else if (char === ")") {
      const inner = quantifiedInside.pop() ?? false;
      const next = pattern[i + 1];
      const quantified = next === "*" || next === "+" || next === "?" || next === "{";
      if (inner && quantified) return true;
      if (quantifiedInside.length > 0 && (inner || quantified)) {
        quantifiedInside[quantifiedInside.length - 1] = true;
      }
    } else if (quantifiedInside.length > 0 && isInnerRisk(char, pattern[i - 1])) {
      quantifiedInside[quantifiedInside.length - 1] = true;
    }
  }
  return false;
}

/** A quantifier or an alternation inside a group (a "?" right after "(" is group syntax). */
function isInnerRisk(char: string | undefined, previous: string | undefined): boolean {
  if (char === "*" || char === "+" || char === "{" || char === "|") return true;
  return char === "?" && previous !== "(";
}

export function normalizeIban(iban: string): string {
  return iban.replace(/\s+/g, "").toUpperCase();
}

/** What a rule is matched against: the item's code, remittance and the IBAN it names. */
export interface MatchSubject {
  readonly domain?: string;
  readonly family?: string;
  readonly subFamily?: string;
  readonly remittance?: string;
  readonly counterpartyIban?: string;
}

export interface CompiledRules {
  readonly config: MappingConfig;
  /** The counter account and the index of the rule that chose it (null: suspense). */
  counterAccountFor(subject: MatchSubject): { accountId: string; ruleIndex: number | null };
}

/** Validates `json` as a mapping configuration and compiles its patterns. */
export function compileMappingRules(
  json: unknown,
): { ok: true; rules: CompiledRules } | { ok: false; errors: z.core.$ZodIssue[] } {
  const parsed = mappingConfigSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues };
  const config = parsed.data;
  const patterns = config.rules.map((rule) =>
    rule.match.remittancePattern === undefined
      ? undefined
      : new RegExp(rule.match.remittancePattern, "u"),
  );
  const counterAccountFor = (subject: MatchSubject) => {
    const index = config.rules.findIndex((rule, i) => ruleMatches(rule, patterns[i], subject));
    const rule = config.rules[index];
    return rule === undefined
      ? { accountId: config.suspenseAccountId, ruleIndex: null }
      : { accountId: rule.counterAccountId, ruleIndex: index };
  };
  return { ok: true, rules: { config, counterAccountFor } };
}

function ruleMatches(
  rule: MappingRule,
  pattern: RegExp | undefined,
  subject: MatchSubject,
): boolean {
  const code = rule.match.bankTransactionCode;
  if (code?.domain !== undefined && code.domain !== subject.domain) return false;
  if (code?.family !== undefined && code.family !== subject.family) return false;
  if (code?.subFamily !== undefined && code.subFamily !== subject.subFamily) return false;
  const iban = rule.match.counterpartyIban;
  if (iban !== undefined) {
    if (subject.counterpartyIban === undefined) return false;
    if (normalizeIban(subject.counterpartyIban) !== iban) return false;
  }
  if (pattern !== undefined) {
    if (subject.remittance === undefined) return false;
    if (!pattern.test(subject.remittance.slice(0, MAX_MATCHED_TEXT))) return false;
  }
  return true;
}
