/**
 * The pure core: runs every rule of the pack over every subject of one resolved stack JSON.
 * No constructs, no suppressions: those are the aspect's business (policy-aspect.ts).
 */
import type { EnvironmentConfig } from "../../environments/types";
import { POLICY_PACK, type PackRule } from "./pack";
import { isObject, withoutMetadata, type JsonObject } from "./private/json";
import { StackIndex } from "./private/stack-index";
import type { PolicySettings, PolicySubject, RuleContext, RuleResult, Severity } from "./types";

/** One rule's answer for one subject. */
export interface RuleEvaluation {
  readonly rule: PackRule;
  /** The rule's severity in this environment. */
  readonly severity: Severity;
  readonly subject: PolicySubject;
  readonly result: RuleResult;
}

/** The subjects of a stack: the stack itself, its provider blocks, its resources and data sources. */
export function subjectsOf(index: StackIndex): PolicySubject[] {
  return [
    { address: "stack", kind: "stack", type: "stack", config: withoutMetadata(index.json) },
    ...index.providers.map(
      (p): PolicySubject => ({
        address: p.address,
        kind: "provider",
        type: p.name,
        config: p.config,
      }),
    ),
    ...index.blocks.map(
      (b): PolicySubject => ({ address: b.address, kind: b.kind, type: b.type, config: b.config }),
    ),
  ];
}

/** Inputs of one evaluation. */
export interface EvaluationInput {
  /** The stack's resolved Terraform JSON (`stack.toTerraform()`). */
  readonly json: JsonObject;
  readonly stackName: string;
  /** The environment the stack was built from (the contract's input). */
  readonly environment?: EnvironmentConfig;
  readonly settings: PolicySettings;
  /**
   * The rules to run.
   * @default POLICY_PACK
   */
  readonly rules?: readonly PackRule[];
}

/** Runs the rules over every subject of a stack, in pack order then subject order. */
export function evaluateStack(input: EvaluationInput): RuleEvaluation[] {
  if (!isObject(input.json)) throw new Error("evaluateStack needs the stack's JSON object");
  const index = new StackIndex(input.json);
  const context: RuleContext = {
    stackName: input.stackName,
    environment: input.environment,
    settings: input.settings,
    stack: index,
  };
  const subjects = subjectsOf(index);
  return (input.rules ?? POLICY_PACK).flatMap((rule) => {
    const severity = rule.severity;
    return subjects.map((subject) => ({
      rule,
      severity,
      subject,
      result: runRule(rule, subject, context),
    }));
  });
}

/** Runs one rule; a rule that throws fails the check visibly instead of aborting synthesis. */
function runRule(rule: PackRule, subject: PolicySubject, context: RuleContext): RuleResult {
  try {
    return rule.check(subject, context);
  } catch (error) {
    return {
      outcome: "non-compliant",
      findings: [
        {
          id: "RuleError",
          message: `the rule failed on this block: ${error instanceof Error ? error.message : String(error)}`,
          fix: "report this to the policy pack's maintainers; the block may have an unexpected shape",
          unsuppressible: true,
        },
      ],
    };
  }
}
