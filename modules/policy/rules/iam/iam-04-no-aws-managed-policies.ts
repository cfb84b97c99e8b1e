import { isExpression, unresolvedExpressions } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import { asList, isAbsent, show } from "../../private/json";
import type { Finding, Rule, RuleContext } from "../../types";

// Where policies are attached by ARN: type -> argument holding one ARN or a list of ARNs.
const ATTACHMENT_ARGUMENTS: Readonly<Record<string, string>> = {
  aws_iam_role_policy_attachment: "policy_arn",
  aws_iam_policy_attachment: "policy_arn",
  aws_iam_user_policy_attachment: "policy_arn",
  aws_iam_group_policy_attachment: "policy_arn",
  aws_iam_role: "managed_policy_arns",
  aws_iam_role_policy_attachments_exclusive: "policy_arns",
};

const LIST_ARGUMENTS = new Set(["managed_policy_arns", "policy_arns"]);

// arn:<partition>:iam::aws:policy/<path>; the partition may be a data.aws_partition reference.
const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\/(.+)$/;

/**
 * IAM-04: no AWS-managed policy attachments (cdk-nag IAM4, CKV_AWS_274); they grant more than
 * the role needs and change without review. Each is reported as `Policy::<path/name>`, e.g.
 * `Policy::service-role/AmazonECSTaskExecutionRolePolicy`, the same in every partition.
 */
export const iam04NoAwsManagedPolicies: Rule = (subject, context) => {
  const argument = subject.kind === "resource" ? ATTACHMENT_ARGUMENTS[subject.type] : undefined;
  if (!argument) return NOT_APPLICABLE;
  const value = subject.config[argument];
  // A role without managed_policy_arns attaches nothing itself (attachments are checked apart).
  if (subject.type === "aws_iam_role" && isAbsent(value)) return NOT_APPLICABLE;
  if (LIST_ARGUMENTS.has(argument) && isExpression(value)) {
    return verdict([unresolved(argument, value, "a list of customer-managed policy ARNs")]);
  }
  return verdict(
    asList(value).flatMap((arn, i) =>
      check(arn, `${argument}${Array.isArray(value) ? `[${i}]` : ""}`, context),
    ),
  );
};

function check(arn: unknown, path: string, context: RuleContext): Finding[] {
  const fix =
    "write a customer-managed policy (aws_iam_role_policy) with only the actions and resources needed";
  const target = context.stack.referencedBlock(arn);
  if (target?.kind === "resource" && target.type === "aws_iam_policy") return [];
  if (target?.kind === "data" && target.type === "aws_iam_policy") {
    const managed =
      typeof target.config.arn === "string" ? AWS_MANAGED.exec(target.config.arn) : null;
    return [
      managed
        ? {
            id: `Policy::${managed[1]}`,
            message: `${path} attaches the AWS-managed policy ${managed[1]} (through ${target.address})`,
            fix,
          }
        : {
            id: `Policy::${target.address}`,
            message: `${path} attaches a policy looked up by ${target.address}, which may be AWS-managed`,
            fix,
          },
    ];
  }
  if (typeof arn !== "string") return [unresolved(path, arn, "a customer-managed policy ARN")];
  const managed = AWS_MANAGED.exec(arn);
  if (managed) {
    return [
      {
        id: `Policy::${managed[1]}`,
        message: `${path} attaches the AWS-managed policy ${show(arn)}`,
        fix,
      },
    ];
  }
  if (target || unresolvedExpressions(arn, context.stack).length > 0) {
    return [unresolved(path, arn, "a customer-managed policy ARN")];
  }
  return [];
}
