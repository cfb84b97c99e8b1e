import { isExpression, readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, expectBool, unresolved, verdict } from "../../private/findings";
import { asList, blocks, isObject, show, type JsonObject } from "../../private/json";
import type { Finding, Rule, RuleContext } from "../../types";
import { FIPS_SERVICES } from "../../../fips-endpoints";

const ACCOUNT_ID = /^\d{12}$/;

/**
 * GOV-02: every AWS provider block targets a GovCloud region (option `allowedRegions`), all of
 * them the same one, with `use_fips_endpoint = true`, the account guard (`allowed_account_ids`
 * of 12-digit ids or the validated account variable) and no endpoint override to a host that is
 * not a FIPS endpoint; an S3 state backend uses FIPS endpoints too; and a stack with AWS
 * resources has an AWS provider block at all (otherwise the region comes from whoever runs
 * Terraform) (GovCloud user guide).
 */
export const gov02GovcloudFipsProvider: Rule = (subject, context) => {
  if (subject.kind === "stack") return verdict(stackFindings(subject.config, context));
  if (subject.kind !== "provider" || subject.type !== "aws") return NOT_APPLICABLE;
  return verdict([
    ...regionFindings(subject.config, context),
    ...fipsFindings(subject.config, "use_fips_endpoint"),
    ...accountGuardFindings(subject.config),
    ...endpointFindings(subject.config.endpoints, "endpoints", context.settings.allowedRegions),
  ]);
};

function stackFindings(json: JsonObject, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const usesAws = context.stack.blocks.some((b) => b.type.startsWith("aws_"));
  const aws = context.stack.providers.filter((p) => p.name === "aws");
  if (usesAws && aws.length === 0) {
    findings.push({
      id: "Provider::missing",
      message: "the stack has AWS resources but no aws provider block",
      fix: "add an AwsProvider with a GovCloud region and useFipsEndpoint: true",
    });
  }
  const regions = new Set(
    aws.map((p) => p.config.region).filter((r): r is string => typeof r === "string"),
  );
  if (regions.size > 1) {
    findings.push({
      id: "Region::several",
      message: `the stack's aws providers target several regions (${[...regions].join(", ")}); a stack deploys to its environment's region only`,
      fix: "use one aws provider, in the environment's region",
    });
  }
  const terraform = isObject(json.terraform) ? json.terraform : {};
  const backend = isObject(terraform.backend) ? terraform.backend.s3 : undefined;
  if (isObject(backend)) {
    findings.push(
      ...fipsFindings(backend, "terraform.backend.s3.use_fips_endpoint").map((f) => ({
        ...f,
        id: `Backend::${f.id}`,
      })),
      ...endpointFindings(
        backend.endpoints,
        "terraform.backend.s3.endpoints",
        context.settings.allowedRegions,
      ),
    );
    const region = readLiteralString(backend.region);
    if (region.state === "literal" && !context.settings.allowedRegions.includes(region.value)) {
      findings.push({
        id: `Backend::Region::${region.value}`,
        message: `the state backend's region is ${region.value}, not a GovCloud region`,
        fix: `set the backend region to one of ${context.settings.allowedRegions.join(", ")}`,
      });
    }
  }
  return findings;
}

function regionFindings(config: JsonObject, context: RuleContext): Finding[] {
  const allowed = context.settings.allowedRegions;
  const region = readLiteralString(config.region);
  if (region.state === "unresolved")
    return [unresolved("region", region.expression, `one of ${allowed.join(", ")}`)];
  if (region.state === "literal" && allowed.includes(region.value)) return [];
  return [
    {
      id: `Region::${region.state === "literal" ? region.value : "unset"}`,
      message: `region is ${region.state === "literal" ? region.value : "unset (taken from the environment)"}, not ${allowed.length === 1 ? `the environment's region ${allowed[0]}` : `a GovCloud region (${allowed.join(", ")})`}`,
      fix: `set region to ${allowed.join(" or ")}`,
    },
  ];
}

function fipsFindings(config: JsonObject, path: string): Finding[] {
  return expectBool(config.use_fips_endpoint, path, true, {
    id: "FipsEndpoint",
    message: `${path} is not true`,
    fix: `set ${path} = true`,
  });
}

function accountGuardFindings(config: JsonObject): Finding[] {
  const ids = asList(config.allowed_account_ids);
  const fix =
    "set allowed_account_ids to the environment's 12-digit account id (or the validated account_id variable)";
  if (ids.length === 0) {
    return [
      {
        id: "AccountGuard::missing",
        message:
          "allowed_account_ids is not set, so Terraform would run against any account it has credentials for",
        fix,
      },
    ];
  }
  return ids
    .filter(
      (id) =>
        !(
          typeof id === "string" &&
          (ACCOUNT_ID.test(id) || /^\$\{var\.[A-Za-z_][\w-]*\}$/.test(id))
        ),
    )
    .map((id) => ({
      id: `AccountGuard::${String(id)}`,
      message: `allowed_account_ids contains ${show(id)}, which is neither a 12-digit account id nor an account variable`,
      fix,
    }));
}

/**
 * FIPS endpoint hosts: `<service>-fips.<region>.amazonaws.com` and the like, i.e. a label that is
 * `fips` or ends in `-fips`, under amazonaws.com, over https; or, for a service whose FIPS
 * endpoint in GovCloud is its standard host (CloudWatch Logs, STS, IAM...), exactly the endpoint
 * the project's FIPS decisions name for that service in an allowed region (modules/fips-endpoints.ts).
 */
export function isFipsEndpoint(
  url: string,
  service?: string,
  regions: readonly string[] = [],
): boolean {
  const decided = FIPS_SERVICES.find((s) => s.endpointKey === service);
  if (decided && regions.some((region) => decided.url(region) === url)) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const labels = parsed.hostname.toLowerCase().split(".");
  return (
    parsed.protocol === "https:" &&
    parsed.hostname.toLowerCase().endsWith(".amazonaws.com") &&
    labels.slice(0, -2).some((label) => label === "fips" || label.endsWith("-fips"))
  );
}

function endpointFindings(value: unknown, path: string, regions: readonly string[]): Finding[] {
  if (isExpression(value)) return [unresolved(path, value, "FIPS endpoint URLs")];
  return blocks(value).flatMap((endpoints) =>
    Object.entries(endpoints).flatMap(([service, url]): Finding[] => {
      if (isExpression(url)) return [unresolved(`${path}.${service}`, url, "a FIPS endpoint URL")];
      if (typeof url === "string" && isFipsEndpoint(url, service, regions)) return [];
      return [
        {
          id: `Endpoint::${service}`,
          message: `${path}.${service} is ${show(url)}, not a FIPS endpoint (https://<service>-fips.<region>.amazonaws.com)`,
          fix: `remove the ${service} endpoint override (use_fips_endpoint picks the FIPS endpoint), or point it at the service's FIPS endpoint`,
        },
      ];
    }),
  );
}
