/**
 * Each environment field's allowed values, defined once, next to its rule: environment
 * validation checks with them, and the policy pack and the docs import them from here.
 */

/** AWS GovCloud (US) regions. */
export const GOVCLOUD_REGIONS = ["us-gov-west-1", "us-gov-east-1"] as const;
/** The partition GovCloud ARNs use. */
export const GOVCLOUD_PARTITION = "aws-us-gov";

/** The values `aws_cloudwatch_log_group.retention_in_days` accepts besides 0 (never expire). */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;
/** Compliance floor for log retention (DoD common default). */
export const MIN_RETENTION_DAYS = 365;

/**
 * Log retention, the one rule environment validation and the policy pack share: a CloudWatch
 * value of at least `floor` days. "Never expire" (0, or no retention set) is refused: MilMove
 * keeps logs for a stated time that a reviewer can read, and logs kept forever grow without
 * bound (in size and cost) while holding request data longer than any records schedule asks.
 * @returns undefined when `days` is allowed, else what is allowed (for "use ...")
 */
export function logRetentionProblem(
  days: unknown,
  floor: number = MIN_RETENTION_DAYS,
): string | undefined {
  const allowed = CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= floor);
  if ((allowed as readonly unknown[]).includes(days)) return undefined;
  const why = days === 0 ? ' ("never expire" is refused: retention is a stated time)' : "";
  return `a CloudWatch retention of at least ${floor} days: ${allowed.join(", ")}${why}`;
}

/** Fargate's CPU units and the memory sizes (MiB) each allows. */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};
/** CPU architectures Fargate runs and Flipt publishes images for. */
export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;
/** Flipt's log levels. */
export const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
/** Oldest Flipt v1 release whose S3 storage works without extra settings. */
export const MIN_FLIPT_VERSION: readonly [number, number, number] = [1, 28, 1];
/** Flipt tasks: ADR 0084 runs one per environment; 0 would leave the app without flags. */
export const DESIRED_COUNT_BOUNDS = { min: 1, max: 10 } as const;
/** Seconds between Flipt's polls of the flag bucket. */
export const POLL_INTERVAL_BOUNDS = { min: 5, max: 3600 } as const;

/** Bounds that keep Cloud Map's DNS answers fresh in deployments (docs/design.md, "Stale DNS"). */
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

/** Tag keys the stack sets itself on some resource, on top of the environment's tags. */
export function stackTagKeys(env: { readonly ui?: unknown }): string[] {
  // The UI's security group carries a Name tag.
  return env.ui !== undefined ? ["Name"] : [];
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}
