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
