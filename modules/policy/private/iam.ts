/**
 * IAM policy documents in any of the forms this project synthesizes: JSON strings
 * (`JSON.stringify`, possibly with `${...}` references inside values), or a reference to an
 * `aws_iam_policy_document` data source. Everything is normalized to one statement shape.
 */
import type { Finding, PolicySubject, RuleContext, RuleResult } from "../types";
import { isExpression, parseReference, unknownInArn } from "./expressions";
import { NOT_APPLICABLE, verdict } from "./findings";
import { asList, blocks, isAbsent, isObject, show, type JsonObject } from "./json";
import type { StackIndex } from "./stack-index";
import { actionMatches } from "../../private/iam-action";
import { isWildcardResource } from "../../private/arn";

export { actionMatches };

/** The resource patterns of a statement that reach every resource of a kind (`*`, `...:key/*`). */
export function wildcardResources(statement: Statement): string[] {
  return statement.resources.filter((r) => isWildcardResource(r));
}

/** A principal: `*` (anyone), or a type (`AWS`, `Service`, `Federated`, ...) and an id. */
export interface Principal {
  readonly type: string;
  readonly id: string;
}

/** A condition entry: operator (`StringEquals`), key (`aws:SourceAccount`) and values. */
export interface Condition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** One statement, normalized; list fields are empty when the element is absent. */
export interface Statement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principals: readonly Principal[];
  readonly notPrincipals: readonly Principal[];
  readonly conditions: readonly Condition[];
}

/** A policy argument read: absent, parsed, or not knowable at synth time. */
export type ParsedPolicy =
  | { readonly state: "absent" }
  | { readonly state: "parsed"; readonly statements: readonly Statement[] }
  | { readonly state: "unresolved"; readonly value: unknown; readonly reason: string };

const strings = (value: unknown): string[] =>
  asList(value).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));

const policyByText = new Map<string, ParsedPolicy>();

function readJsonPolicy(trimmed: string, value: string): ParsedPolicy {
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (isObject(parsed)) return fromJsonDocument(parsed, value);
  } catch {
    // not JSON: reported below
  }
  return { state: "unresolved", value, reason: "it is not valid JSON" };
}

/** Reads a policy argument (a JSON string, a document reference, or an object). */
export function readPolicy(value: unknown, stack: StackIndex): ParsedPolicy {
  if (isAbsent(value) || value === "") return { state: "absent" };
  if (isObject(value)) return fromJsonDocument(value, value);
  if (typeof value !== "string") {
    return { state: "unresolved", value, reason: "it is not a JSON policy document" };
  }
  const trimmed = value.trim();
  if (trimmed.startsWith("{")) {
    // A JSON document's reading depends on its text only: every IAM rule reads the same
    // policies, so each text is parsed once per synth (the results are never modified).
    let read = policyByText.get(value);
    if (!read) {
      if (policyByText.size > 256) policyByText.clear();
      read = readJsonPolicy(trimmed, value);
      policyByText.set(value, read);
    }
    return read;
  }
  const document = stack.referencedBlock(value);
  if (document && document.type === "aws_iam_policy_document" && document.kind === "data") {
    return fromDocumentDataSource(document.config, stack);
  }
  const reason = parseReference(value)
    ? "it refers to something that is not an aws_iam_policy_document of this stack"
    : isExpression(value)
      ? "it is a Terraform expression"
      : "it is not a JSON policy document";
  return { state: "unresolved", value, reason };
}

function fromJsonDocument(document: JsonObject, original: unknown): ParsedPolicy {
  const raw = document.Statement;
  if (isAbsent(raw)) return { state: "parsed", statements: [] };
  const list = Array.isArray(raw) ? raw : [raw];
  if (!list.every(isObject)) {
    return {
      state: "unresolved",
      value: original,
      reason: "its Statement is not a list of objects",
    };
  }
  return { state: "parsed", statements: list.map(fromJsonStatement) };
}

function fromJsonStatement(s: JsonObject): Statement {
  return {
    sid: typeof s.Sid === "string" ? s.Sid : undefined,
    effect: typeof s.Effect === "string" ? s.Effect : String(s.Effect),
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principals: jsonPrincipals(s.Principal),
    notPrincipals: jsonPrincipals(s.NotPrincipal),
    conditions: jsonConditions(s.Condition),
  };
}

function jsonPrincipals(value: unknown): Principal[] {
  if (isAbsent(value)) return [];
  if (!isObject(value)) return strings(value).map((id) => ({ type: id === "*" ? "*" : "AWS", id }));
  return Object.entries(value).flatMap(([type, ids]) => strings(ids).map((id) => ({ type, id })));
}

function jsonConditions(value: unknown): Condition[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([operator, entries]) =>
    isObject(entries)
      ? Object.entries(entries).map(([key, values]) => ({ operator, key, values: strings(values) }))
      : [],
  );
}

/** An `aws_iam_policy_document` data source, with its source and override documents. */
function fromDocumentDataSource(config: JsonObject, stack: StackIndex): ParsedPolicy {
  const statements: Statement[] = [];
  const sources = [
    ...asList(config.source_policy_documents),
    ...asList(config.override_policy_documents),
  ];
  for (const source of sources) {
    const parsed = readPolicy(source, stack);
    if (parsed.state === "unresolved") return parsed;
    if (parsed.state === "parsed") statements.push(...parsed.statements);
  }
  if (!isAbsent(config.dynamic)) {
    return {
      state: "unresolved",
      value: config.dynamic,
      reason: "it has a dynamic block, whose statements are only known at plan time",
    };
  }
  if (isExpression(config.statement)) {
    return {
      state: "unresolved",
      value: config.statement,
      reason: "its statements are an expression",
    };
  }
  for (const s of blocks(config.statement)) {
    statements.push({
      sid: typeof s.sid === "string" ? s.sid : undefined,
      effect: typeof s.effect === "string" ? s.effect : "Allow",
      actions: strings(s.actions),
      notActions: strings(s.not_actions),
      resources: strings(s.resources),
      notResources: strings(s.not_resources),
      principals: documentPrincipals(s.principals),
      notPrincipals: documentPrincipals(s.not_principals),
      conditions: blocks(s.condition).map((c) => ({
        operator: String(c.test),
        key: String(c.variable),
        values: strings(c.values),
      })),
    });
  }
  return { state: "parsed", statements };
}

function documentPrincipals(value: unknown): Principal[] {
  return blocks(value).flatMap((p) =>
    strings(p.identifiers).map((id) => ({ type: String(p.type), id })),
  );
}

/** True for an Allow statement (Terraform's document default is Allow too). */
export function isAllow(statement: Statement): boolean {
  return statement.effect.toLowerCase() === "allow";
}

/** True when a statement's actions include one that grants `action`. */
export function grants(statement: Statement, action: string): boolean {
  if (statement.notActions.length > 0) {
    return !statement.notActions.some((pattern) => actionMatches(pattern, action));
  }
  return statement.actions.some((pattern) => actionMatches(pattern, action));
}

/** True for a principal that means anyone (`"*"` or `{"AWS": "*"}`). */
export function isAnyone(principal: Principal): boolean {
  return principal.id === "*" && (principal.type === "*" || principal.type === "AWS");
}

/** A policy argument of a resource, with the path used in messages and finding ids. */
export interface PolicyArgument {
  readonly path: string;
  readonly policy: ParsedPolicy;
  readonly raw: unknown;
}

// Identity-based policies: what IAM-01/02/03/06 check. Key and bucket policies (resource-based,
// where `Resource: "*"` means "this key") have their own rules, KMS-01 and S3-07.
const IDENTITY_POLICY_TYPES = new Set([
  "aws_iam_role_policy",
  "aws_iam_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
]);

/**
 * The identity-based policies a resource carries, or `undefined` when it carries none by type
 * (so IAM rules answer not-applicable).
 */
export function identityPolicies(
  type: string,
  config: JsonObject,
  stack: StackIndex,
): PolicyArgument[] | undefined {
  if (IDENTITY_POLICY_TYPES.has(type)) {
    return [{ path: "policy", policy: readPolicy(config.policy, stack), raw: config.policy }];
  }
  if (type === "aws_iam_role") {
    if (isAbsent(config.inline_policy)) return undefined;
    if (isExpression(config.inline_policy)) {
      const raw = config.inline_policy;
      return [{ path: "inline_policy", policy: readPolicy(raw, stack), raw }];
    }
    return blocks(config.inline_policy).map((inline, i) => ({
      path: `inline_policy[${i}].policy`,
      policy: readPolicy(inline.policy, stack),
      raw: inline.policy,
    }));
  }
  return undefined;
}

/** The finding for a policy that cannot be read at synth time. */
export function unresolvedPolicy(path: string, raw: unknown, reason: string): Finding {
  return {
    id: `Unresolved::${path}`,
    message: `${path} cannot be read at synth time: ${reason} (${show(raw)})`,
    fix: "write the policy with JSON.stringify (references inside values are fine) or as an aws_iam_policy_document data source of this stack",
  };
}

/** A statement's name in messages: its Sid, or its position. */
export function statementLabel(statement: Statement, path: string, index: number): string {
  return statement.sid ? `${path} statement ${statement.sid}` : `${path} statement #${index}`;
}

/** The JSON element names of a statement whose values rules read. */
export type StatementElement =
  | "Action"
  | "NotAction"
  | "Resource"
  | "NotResource"
  | "Principal"
  | "NotPrincipal";

const principalIds = (principals: readonly Principal[]): string[] => principals.map((p) => p.id);

const ELEMENT_VALUES: Readonly<Record<StatementElement, (s: Statement) => readonly string[]>> = {
  Action: (s) => s.actions,
  NotAction: (s) => s.notActions,
  Resource: (s) => s.resources,
  NotResource: (s) => s.notResources,
  Principal: (s) => principalIds(s.principals),
  NotPrincipal: (s) => principalIds(s.notPrincipals),
};

const NEEDED: Readonly<Record<StatementElement, string>> = {
  Action: "a literal action",
  NotAction: "a literal action",
  Resource: "a known resource",
  NotResource: "a known resource",
  Principal: "a known principal",
  NotPrincipal: "a known principal",
};

/** A statement of a policy argument, as the checks see it. */
export interface StatementPlace {
  /** The statement's name in messages (`policy statement Sid`). */
  readonly label: string;
  /** Its path, the prefix of finding ids: `policy.Statement[0]`. */
  readonly at: string;
}

/**
 * `Unresolved::<path>.Statement[i].<Element>` findings for values only known at plan time. An
 * action with any `${...}` in it is unknown (no reference names an action). A resource or
 * principal is known when it is a literal, refers to blocks of this stack (`${aws_s3_bucket.b.arn}/*`),
 * or is an `arn:` template whose other parts are such references or, in the account field, the
 * account variable of the provider's `allowed_account_ids` (see `unknownInArn`).
 */
export function unknownValues(
  statement: Statement,
  place: StatementPlace,
  elements: readonly StatementElement[],
  stack: StackIndex,
): Finding[] {
  return elements.flatMap((element): Finding[] => {
    const unknown = ELEMENT_VALUES[element](statement).filter((value) =>
      element === "Action" || element === "NotAction"
        ? isExpression(value)
        : !stack.accountVariables.has(value) &&
          unknownInArn(value, stack, stack.accountVariables).length > 0,
    );
    if (unknown.length === 0) return [];
    const path = `${place.at}.${element}`;
    return [
      {
        id: `Unresolved::${path}`,
        message: `${place.label} has ${element} ${unknown.map((v) => show(v)).join(", ")}, only known at plan time, so the policy cannot verify it is ${NEEDED[element]}`,
        fix: `write ${element} as literals, references to blocks of this stack, or arn:\${data.aws_partition.<x>.partition}:... templates (the account field may be the provider's allowed account variable)`,
      },
    ];
  });
}

/**
 * Runs a check over the Allow statements of a subject's identity-based policies; not-applicable
 * for subjects that carry none, and an `Unresolved::<path>` finding for an unreadable policy. A
 * statement whose Effect is an expression is reported and checked as an Allow.
 */
export function checkAllowStatements(
  subject: PolicySubject,
  context: RuleContext,
  check: (statement: Statement, place: StatementPlace) => Finding[],
): RuleResult {
  if (subject.kind !== "resource") return NOT_APPLICABLE;
  const policies = identityPolicies(subject.type, subject.config, context.stack);
  if (!policies) return NOT_APPLICABLE;
  const findings = policies.flatMap(({ path, policy, raw }): Finding[] => {
    if (policy.state === "unresolved") return [unresolvedPolicy(path, raw, policy.reason)];
    if (policy.state === "absent") return [];
    return policy.statements.flatMap((statement, i): Finding[] => {
      const place = { label: statementLabel(statement, path, i), at: `${path}.Statement[${i}]` };
      if (isExpression(statement.effect)) {
        return [
          {
            id: `Unresolved::${place.at}.Effect`,
            message: `${place.label} has Effect ${show(statement.effect)}, only known at plan time; it is checked as an Allow`,
            fix: 'write Effect as "Allow" or "Deny"',
          },
          ...check(statement, place),
        ];
      }
      return isAllow(statement) ? check(statement, place) : [];
    });
  });
  return verdict(findings);
}
