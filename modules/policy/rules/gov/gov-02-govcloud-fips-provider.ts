import { readBool, readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import type { Finding, Rule } from "../../types";

/**
 * GOV-02: every AWS provider block targets a GovCloud region (option `allowedRegions`) with
 * `use_fips_endpoint = true`; and a stack with AWS resources has an AWS provider block at all
 * (otherwise the region comes from whoever runs Terraform) (GovCloud user guide).
 */
export const gov02GovcloudFipsProvider: Rule = (subject, context) => {
  if (subject.kind === "stack") {
    const usesAws = context.stack.blocks.some((b) => b.type.startsWith("aws_"));
    const hasAws = context.stack.providers.some((p) => p.name === "aws");
    return usesAws && !hasAws
      ? verdict([
          {
            id: "Provider::missing",
            message: "the stack has AWS resources but no aws provider block",
            fix: "add an AwsProvider with a GovCloud region and useFipsEndpoint: true",
          },
        ])
      : verdict([]);
  }
  if (subject.kind !== "provider" || subject.type !== "aws") return NOT_APPLICABLE;
  const allowed = context.settings.allowedRegions;
  const findings: Finding[] = [];
  const region = readLiteralString(subject.config.region);
  if (region.state === "unresolved")
    findings.push(unresolved("region", region.expression, `one of ${allowed.join(", ")}`));
  else if (region.state !== "literal" || !allowed.includes(region.value)) {
    findings.push({
      id: `Region::${region.state === "literal" ? region.value : "unset"}`,
      message: `region is ${region.state === "literal" ? region.value : "unset (taken from the environment)"}, not a GovCloud region`,
      fix: `set region to one of ${allowed.join(", ")}`,
    });
  }
  const fips = readBool(subject.config.use_fips_endpoint);
  if (fips.state === "unresolved")
    findings.push(unresolved("use_fips_endpoint", fips.expression, "true"));
  else if (!(fips.state === "literal" && fips.value)) {
    findings.push({
      id: "FipsEndpoint",
      message: "use_fips_endpoint is not true",
      fix: "set use_fips_endpoint = true",
    });
  }
  return verdict(findings);
};
