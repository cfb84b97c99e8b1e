import { COMPLIANT, NOT_APPLICABLE, verdict } from "../../private/findings";
import { isObject } from "../../private/json";
import type { Finding, Rule } from "../../types";

// "arn:aws" followed by ":" (the lookahead keeps this file free of the literal it hunts for),
// and every other partition that is not GovCloud's (China, ISO, ...), in any case.
const COMMERCIAL_ARN = /arn:aws(?:-(?!us-gov:)[a-z0-9-]+)?(?=:)/i;

/**
 * GOV-01: no ARN in the commercial partition (`arn` + `:aws:`) anywhere in the synthesized stack (policies, arguments, outputs,
 * backend): GovCloud ARNs are `arn:aws-us-gov:`; build them from `data.aws_partition` (ours;
 * checkov's CKV_AWS_61 even expects the commercial partition). One finding per block, named by its address.
 */
export const gov01NoCommercialArns: Rule = (subject) => {
  if (subject.kind !== "stack") return NOT_APPLICABLE;
  const hits = new Map<string, string>();
  visit(subject.config, [], hits);
  if (hits.size === 0) return COMPLIANT;
  return verdict(
    [...hits].map(
      ([block, path]): Finding => ({
        id: block,
        message: `${path} contains an ARN in a partition other than GovCloud's (commercial "aws", China, ISO...; GovCloud is "aws-us-gov")`,
        fix: "build the ARN from data.aws_partition (arn:${data.aws_partition.x.partition}:...) or a resource attribute",
      }),
    ),
  );
};

function visit(value: unknown, path: string[], hits: Map<string, string>): void {
  if (typeof value === "string") {
    if (COMMERCIAL_ARN.test(value)) {
      const block = blockAddress(path);
      if (!hits.has(block)) hits.set(block, path.join("."));
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => visit(item, [...path, String(i)], hits));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key !== "//") visit(item, [...path, key], hits); // cdktf metadata: not Terraform
    }
  }
}

/** The address of the top-level block a JSON path lies in: `aws_x.y`, `data.aws_x.y`, `provider.aws`, `output.z`. */
function blockAddress(path: string[]): string {
  const [section, a, b] = path;
  if (section === "resource") return `${a}.${b}`;
  if (section === "data") return `data.${a}.${b}`;
  if (section === "provider") return `provider.${a}`;
  if (section === "terraform") return "terraform";
  return a === undefined ? section : `${section}.${a}`;
}
