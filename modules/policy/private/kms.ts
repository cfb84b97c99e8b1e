/** Whether a key argument names a customer-managed KMS key. */
import { isExpression, referencesIn, unresolvedExpressions } from "./expressions";
import { isAbsent } from "./json";
import type { StackIndex } from "./stack-index";

/** What a key argument names. */
export type KeyKind =
  | { readonly state: "absent" }
  | { readonly state: "customer-managed" }
  | { readonly state: "aws-managed"; readonly value: string }
  | { readonly state: "unresolved"; readonly value: unknown };

const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;
// A literal key id, key ARN or customer alias (AWS-managed aliases are checked first).
const CUSTOMER_KEY = /(^[0-9a-f-]{36}$)|(^mrk-[0-9a-f]{32}$)|(:key\/)|(^alias\/)|(:alias\/)/;

/**
 * Classifies a KMS key argument: a reference to an `aws_kms_key` (or a customer alias) of the
 * stack, or a literal key id/ARN, is customer-managed; `alias/aws/...` is AWS-managed; a
 * variable or other expression cannot be known.
 */
export function classifyKey(value: unknown, stack: StackIndex): KeyKind {
  if (isAbsent(value) || value === "") return { state: "absent" };
  if (typeof value !== "string") return { state: "unresolved", value };
  if (!isExpression(value)) {
    if (AWS_MANAGED_ALIAS.test(value)) return { state: "aws-managed", value };
    return CUSTOMER_KEY.test(value)
      ? { state: "customer-managed" }
      : { state: "unresolved", value };
  }
  const target = stack.referencedBlock(value);
  if (target) return classifyKeyBlock(target.type, target.kind, target.config, value, stack);
  // An ARN template such as arn:${partition}:kms:...:key/<id>: judge its literal shape.
  if (unresolvedExpressions(value, stack).length === 0 && referencesIn(value).length > 0) {
    if (AWS_MANAGED_ALIAS.test(value)) return { state: "aws-managed", value };
    if (/:key\/|:alias\//.test(value)) return { state: "customer-managed" };
  }
  return { state: "unresolved", value };
}

function classifyKeyBlock(
  type: string,
  kind: "resource" | "data",
  config: { readonly [key: string]: unknown },
  value: string,
  stack: StackIndex,
): KeyKind {
  if (kind === "resource" && type === "aws_kms_key") return { state: "customer-managed" };
  if (kind === "resource" && type === "aws_kms_replica_key") return { state: "customer-managed" };
  if (type === "aws_kms_alias") {
    const name = config.name;
    if (typeof name === "string" && AWS_MANAGED_ALIAS.test(name))
      return { state: "aws-managed", value: name };
    return kind === "resource" ? { state: "customer-managed" } : classifyKey(name, stack);
  }
  if (kind === "data" && type === "aws_kms_key") return classifyKey(config.key_id, stack);
  return { state: "unresolved", value };
}
