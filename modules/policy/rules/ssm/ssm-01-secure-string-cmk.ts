import { readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import { classifyKey } from "../../private/kms";
import { isSecretName } from "../../private/secrets";
import type { Rule } from "../../types";

/**
 * SSM-01: a parameter whose name says it holds a secret is a SecureString, and every
 * SecureString is encrypted with a customer-managed key, not the default `aws/ssm`
 * (CKV2_AWS_34, CKV_AWS_337).
 */
export const ssm01SecureStringCmk: Rule = (subject, context) => {
  if (!isResourceOf(subject, "aws_ssm_parameter")) return NOT_APPLICABLE;
  const type = readLiteralString(subject.config.type);
  if (type.state === "unresolved")
    return verdict([unresolved("type", type.expression, "SecureString")]);
  const name = String(subject.config.name ?? "");
  if (type.state === "literal" && type.value !== "SecureString") {
    return verdict(
      isSecretName(name)
        ? [
            {
              id: `Type::${type.value}`,
              message: `parameter ${name} looks like a secret but is a plain ${type.value}`,
              fix: 'set type = "SecureString" and key_id to a customer-managed key',
            },
          ]
        : [],
    );
  }
  const key = classifyKey(subject.config.key_id, context.stack);
  const fix = "set key_id to a customer-managed aws_kms_key of the stack";
  switch (key.state) {
    case "customer-managed":
      return verdict([]);
    case "unresolved":
      return verdict([unresolved("key_id", key.value, "a customer-managed KMS key")]);
    case "aws-managed":
      return verdict([
        {
          id: "Key::aws-managed",
          message: `the SecureString is encrypted with the AWS-managed key ${key.value}`,
          fix,
        },
      ]);
    case "absent":
      return verdict([
        {
          id: "Key::none",
          message: "the SecureString has no key_id, so it uses the AWS-managed key aws/ssm",
          fix,
        },
      ]);
  }
};
