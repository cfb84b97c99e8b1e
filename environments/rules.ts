/**
 * The facts and floors that both environment validation and the policy pack enforce, in one
 * place: changing one here changes both (the pack's defaults are these values).
 */

/** AWS GovCloud (US) regions. */
export const GOVCLOUD_REGIONS = ["us-gov-west-1", "us-gov-east-1"] as const;
/** The partition GovCloud ARNs use. */
export const GOVCLOUD_PARTITION = "aws-us-gov";

/** The values `aws_cloudwatch_log_group.retention_in_days` accepts (0, never expire, aside). */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;
/** Compliance floor for log retention (DoD common default). */
export const MIN_RETENTION_DAYS = 365;

/** Bounds that keep Cloud Map's DNS answers fresh during deployments (see README). */
export const DNS_TTL_BOUNDS = { min: 1, max: 60 } as const;

/** Tag keys every resource carries. */
export const REQUIRED_TAG_KEYS = ["Environment", "Application", "Automation"] as const;

/**
 * CIDRs that ingress may come from without being listed by an environment: none, so only
 * security groups (and an environment's own `ui.allowedCidrs`) are sources.
 */
export const DEFAULT_ALLOWED_INGRESS_CIDRS: readonly string[] = [];

/** AWS's limit of tags on one resource (user tags; `aws:` tags do not count). */
export const MAX_TAGS_PER_RESOURCE = 50;

/** AWS's length limits of the names the stack generates, in characters. */
export const AWS_NAME_LIMITS = {
  "IAM role": 64,
  "load balancer": 32,
  "target group": 32,
  "log group": 512,
  "security group": 255,
  "KMS alias": 256,
  "CloudWatch alarm": 255,
  "ECS task family": 255,
  "ECS container": 255,
} as const;

/** A name the stack generates, and the environment field it comes from. */
export interface GeneratedName {
  readonly kind: keyof typeof AWS_NAME_LIMITS;
  readonly value: string;
  /** The field that makes it long: `serviceName` or `name`. */
  readonly from: "serviceName" | "name";
}

/**
 * The names the stack builds from an environment (modules/flipt-stack.ts, task-roles.ts,
 * encryption-key.ts, flipt-ui.ts); a test synthesizes a stack and holds them equal.
 */
export function generatedNames(env: {
  readonly name: string;
  readonly serviceName: string;
  readonly ui?: unknown;
}): GeneratedName[] {
  const suffix = `${env.serviceName}-${env.name}`;
  const names: GeneratedName[] = [
    { kind: "IAM role", value: `ecs-task-execution-role-${suffix}`, from: "serviceName" },
    { kind: "IAM role", value: `ecs-task-role-${suffix}`, from: "serviceName" },
    { kind: "log group", value: `ecs-tasks-${suffix}`, from: "serviceName" },
    { kind: "KMS alias", value: `alias/${suffix}`, from: "serviceName" },
    { kind: "security group", value: `ecs-${suffix}`, from: "serviceName" },
    { kind: "CloudWatch alarm", value: `${suffix}-no-running-task`, from: "serviceName" },
    { kind: "ECS task family", value: suffix, from: "serviceName" },
    { kind: "ECS container", value: suffix, from: "serviceName" },
  ];
  if (env.ui !== undefined) {
    const ui = `flipt-ui-${env.name}`;
    names.push(
      { kind: "load balancer", value: ui, from: "name" },
      { kind: "target group", value: ui, from: "name" },
      { kind: "security group", value: ui, from: "name" },
    );
  }
  return names;
}

/** Tag keys the stack sets itself on some resource, on top of the environment's tags. */
export function stackTagKeys(env: { readonly ui?: unknown }): string[] {
  // The UI's security group carries a Name tag.
  return env.ui !== undefined ? ["Name"] : [];
}
