import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import { classifyKey } from "../../private/kms";
import type { Rule } from "../../types";

/**
 * LOG-02: the log group is encrypted with a customer-managed KMS key (cdk-nag NIST encrypted,
 * CKV_AWS_158, AVD-AWS-0017): `kms_key_id` refers to an `aws_kms_key` of the stack or is a
 * literal key ARN.
 */
export const log02CustomerManagedKey: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_cloudwatch_log_group")) return NOT_APPLICABLE;
  const key = classifyKey(subject.config.kms_key_id, context.stack);
  const fix =
    "set kms_key_id to the ARN of a customer-managed aws_kms_key whose policy lets logs.<region>.amazonaws.com use it";
  switch (key.state) {
    case "customer-managed":
      return verdict([]);
    case "unresolved":
      return verdict([unresolved("kms_key_id", key.value, "a customer-managed KMS key")]);
    case "aws-managed":
      return verdict([
        { id: "Key::aws-managed", message: `kms_key_id ${key.value} is an AWS-managed key`, fix },
      ]);
    case "absent":
      return verdict([
        {
          id: "Key::none",
          message:
            "kms_key_id is not set: events are encrypted with a key the account does not control",
          fix,
        },
      ]);
  }
};
