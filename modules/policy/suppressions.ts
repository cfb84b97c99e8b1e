/**
 * Suppressions: a construct (and everything under it) may be exempted from a rule, with a
 * reason a reviewer can judge. They are checked when declared (so a typo fails at once, where it
 * was written), applied when the stack is synthesized, and written into the resource's `//`
 * metadata as an audit trail.
 */
import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { POLICY_RULE_IDS, findRule, isUnsuppressible } from "./pack";

/** The shortest reason accepted, in characters. */
export const MIN_REASON_LENGTH = 20;

/** One suppression, as declared. */
export interface PolicySuppression {
  /** Rule id, e.g. `IAM-03`. */
  readonly id: string;
  /** Why the finding is acceptable here; at least 20 characters. */
  readonly reason: string;
  /**
   * Finding ids the suppression is limited to, e.g. `["Resource::*"]` or
   * `["Policy::service-role/AmazonECSTaskExecutionRolePolicy"]`. Tokens (e.g. an ARN attribute)
   * are allowed; they are resolved when the stack is synthesized.
   * @default - every finding of the rule
   */
  readonly appliesTo?: readonly string[];
}

/** A suppression together with the construct it was declared on. */
export interface DeclaredSuppression extends PolicySuppression {
  readonly declaredOn: IConstruct;
}

const declared = new WeakMap<IConstruct, DeclaredSuppression[]>();

/** Declares and looks up suppressions. */
export class PolicySuppressions {
  /**
   * Suppresses rules for a construct and everything under it. Throws at once, listing every
   * problem, for an unknown rule id, a reason under 20 characters or filler (a placeholder word, repeated
   * or too few words), an unsuppressible rule (CON-01 and SEC-01 among them), an empty
   * `appliesTo`, or a construct outside any stack.
   */
  public static add(construct: IConstruct, suppressions: readonly PolicySuppression[]): void {
    const where = construct.node.path || "<root>";
    const problems = suppressions.flatMap((s) => problemsOf(s));
    try {
      TerraformStack.of(construct);
    } catch {
      problems.push(
        "the construct is not inside a TerraformStack; suppress on the stack or a construct in it",
      );
    }
    if (problems.length > 0) {
      throw new Error(
        `Invalid policy suppression on ${where}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      );
    }
    const list = declared.get(construct) ?? [];
    list.push(
      ...suppressions.map((s) => ({
        ...s,
        appliesTo: s.appliesTo ? [...s.appliesTo] : undefined,
        declaredOn: construct,
      })),
    );
    declared.set(construct, list);
  }

  /** The suppressions declared on this construct itself (not its scopes). */
  public static of(construct: IConstruct): readonly DeclaredSuppression[] {
    return declared.get(construct) ?? [];
  }

  /** The suppressions that cover a construct: its own and its scopes' up to the stack, nearest first. */
  public static covering(construct: IConstruct, stack: TerraformStack): DeclaredSuppression[] {
    const scopes = construct.node.scopes;
    const from = scopes.indexOf(stack);
    return scopes
      .slice(from < 0 ? 0 : from)
      .reverse()
      .flatMap((scope) => PolicySuppressions.of(scope));
  }
}

function problemsOf(s: PolicySuppression): string[] {
  const problems: string[] = [];
  const rule = findRule(s.id);
  if (!rule) {
    problems.push(
      `${JSON.stringify(s.id)} is not a rule of the policy pack; known ids: ${[...POLICY_RULE_IDS].sort().join(", ")}`,
    );
  } else if (isUnsuppressible(rule)) {
    problems.push(`${s.id} cannot be suppressed (${rule.explanation}); fix the resource instead`);
  }
  const reason = typeof s.reason === "string" ? s.reason.trim() : "";
  if (reason.length < MIN_REASON_LENGTH) {
    problems.push(
      `${s.id}: reason ${JSON.stringify(s.reason)} has ${reason.length} characters; give at least ${MIN_REASON_LENGTH} saying why the finding is acceptable here`,
    );
  }
  const filler = reason.length >= MIN_REASON_LENGTH ? fillerIn(reason) : undefined;
  if (filler) {
    problems.push(
      `${s.id}: reason ${JSON.stringify(s.reason)} ${filler}; say why the finding is acceptable here`,
    );
  }
  if (s.appliesTo !== undefined && s.appliesTo.length === 0) {
    problems.push(
      `${s.id}: appliesTo is empty; omit it to cover every finding of the rule, or name the findings`,
    );
  }
  return problems;
}

/** Words that stand for a reason not yet written. */
const PLACEHOLDER =
  /(^|[^a-z])(todo|tbd|fixme|xxx+|n\/?a|lorem|ipsum|placeholder|asdf|wip|later)([^a-z]|$)/i;
/** Fewest distinct words a reason a reviewer can judge has. */
const MIN_DISTINCT_WORDS = 5;

/** What makes a reason filler (a placeholder, repeated or too few words), if anything. */
function fillerIn(reason: string): string | undefined {
  const placeholder = PLACEHOLDER.exec(reason);
  if (placeholder) return `is a placeholder ("${placeholder[2]}")`;
  const words = reason.toLowerCase().match(/[a-z0-9][a-z0-9:*/._-]*/g) ?? [];
  const distinct = new Set(words).size;
  if (distinct < MIN_DISTINCT_WORDS)
    return `has ${distinct} distinct word(s); give at least ${MIN_DISTINCT_WORDS}`;
  if (distinct * 2 < words.length) return "repeats its words";
  return undefined;
}
