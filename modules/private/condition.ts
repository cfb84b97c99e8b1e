/**
 * IAM condition operators and values, judged by what they can restrict. A condition that cannot
 * restrict who or what a statement applies to counts as no condition: a `StringLike` on `*`, an
 * `...IfExists` operator (true whenever the key is absent, and many keys are absent on most
 * requests), `ForAllValues:` (true for an absent key), `Null` (says whether a key exists, not
 * who is calling), an empty list of values, or an operator IAM does not know.
 */
import { globMatches, isAllWildcard } from "./iam-action";

/** A condition entry: operator (`StringEquals`), key (`aws:SourceAccount`) and values. */
export interface ConditionEntry {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

// IAM's condition operators, without the ForAnyValue:/ForAllValues: prefixes and IfExists suffix.
const EXACT = new Set([
  "StringEquals",
  "StringEqualsIgnoreCase",
  "ArnEquals",
  "NumericEquals",
  "DateEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
]);
const GLOB = new Set(["StringLike", "ArnLike"]);
const NEGATED_OR_RANGE = new Set([
  "StringNotEquals",
  "StringNotEqualsIgnoreCase",
  "StringNotLike",
  "ArnNotEquals",
  "ArnNotLike",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "NotIpAddress",
]);

/** An operator split into its set prefix, base operator and IfExists suffix. */
export interface ParsedOperator {
  readonly set?: "ForAnyValue" | "ForAllValues";
  readonly base: string;
  readonly ifExists: boolean;
}

/** Parses an operator; case as IAM writes it (IAM's operators are case-sensitive). */
export function parseOperator(operator: string): ParsedOperator {
  const prefix = /^(ForAnyValue|ForAllValues):(.*)$/.exec(operator);
  const rest = prefix ? prefix[2] : operator;
  const ifExists = rest.endsWith("IfExists") && rest !== "IfExists";
  return {
    set: prefix ? (prefix[1] as "ForAnyValue" | "ForAllValues") : undefined,
    base: ifExists ? rest.slice(0, -"IfExists".length) : rest,
    ifExists,
  };
}

/** True when IAM knows the operator. */
export function isKnownOperator(operator: string): boolean {
  const { base } = parseOperator(operator);
  return EXACT.has(base) || GLOB.has(base) || NEGATED_OR_RANGE.has(base) || base === "Null";
}

/**
 * True when a condition can restrict the request it applies to. `isExpression` tells which
 * values are only known at plan time: a glob operator with such a value may match anything.
 */
export function restricts(
  condition: ConditionEntry,
  isExpression: (value: string) => boolean = () => false,
): boolean {
  if (!isKnownOperator(condition.operator)) return false;
  const { set, base, ifExists } = parseOperator(condition.operator);
  if (ifExists || set === "ForAllValues" || base === "Null") return false;
  if (condition.values.length === 0) return false;
  if (GLOB.has(base)) {
    return !condition.values.some((v) => isExpression(v) || isAllWildcard(v) || v === "");
  }
  return true;
}

/**
 * True when a condition pins `key` (case-insensitive, as IAM compares keys) to the given values
 * only: an exact or glob operator that restricts, every value of which is accepted by `accept`.
 */
export function pinsKey(
  condition: ConditionEntry,
  key: string,
  accept: (value: string) => boolean,
  isExpression: (value: string) => boolean = () => false,
): boolean {
  if (condition.key.toLowerCase() !== key.toLowerCase()) return false;
  if (!restricts(condition, isExpression)) return false;
  const { base } = parseOperator(condition.operator);
  if (!EXACT.has(base) && !GLOB.has(base)) return false;
  if (GLOB.has(base) && condition.values.some((v) => /[*?]/.test(v) && !accept(v))) return false;
  return condition.values.every((v) => accept(v));
}

/** True when a glob condition value matches a concrete value. */
export function conditionValueMatches(pattern: string, value: string): boolean {
  return globMatches(pattern, value);
}
