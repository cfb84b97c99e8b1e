/** The policy pack's public API. */
export { PolicyChecks, type PolicyChecksOptions } from "./policy-aspect";
export { PolicySuppressions, MIN_REASON_LENGTH, type PolicySuppression } from "./suppressions";
export { POLICY_PACK, POLICY_RULE_IDS, findRule, type PackRule } from "./pack";
export type { PolicyOptions } from "./options";
export type { PolicyReport, ReportRow } from "./report";
export { evaluateStack, type RuleEvaluation } from "./evaluate";
export type { Finding, PolicySubject, Rule, RuleContext, RuleResult, Severity } from "./types";
