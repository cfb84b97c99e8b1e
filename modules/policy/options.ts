/** Options of the policy checks, their defaults, and their validation. */
import {
  DEFAULT_ALLOWED_INGRESS_CIDRS,
  DNS_TTL_BOUNDS,
  GOVCLOUD_PARTITION,
  GOVCLOUD_REGIONS,
  MIN_RETENTION_DAYS,
  REQUIRED_TAG_KEYS,
} from "../../environments/rules";
import { coversAnywhere, isCidr } from "../private/cidr";
import { FIPS_TLS_POLICIES } from "./private/elb";
import type { PolicySettings } from "./types";

/** How the pack runs on one stack. */
export interface PolicyOptions {
  /** True for the production environment: ELB-06 (deletion protection) becomes an error. */
  readonly production: boolean;
  /**
   * Name of the stack in messages and the report.
   * @default - the stack's construct id
   */
  readonly stackName?: string;
  /**
   * ARN partition ECS-06 expects in literal secret ARNs.
   * @default GOVCLOUD_PARTITION ("aws-us-gov", environments/rules.ts)
   */
  readonly partition?: string;
  /**
   * Regions GOV-02 accepts for the AWS provider.
   * @default GOVCLOUD_REGIONS (environments/rules.ts), as environment validation
   */
  readonly allowedRegions?: readonly string[];
  /**
   * LOG-01's retention floor, in days.
   * @default MIN_RETENTION_DAYS (365, environments/rules.ts)
   */
  readonly minLogRetentionDays?: number;
  /**
   * SG-02: the ports ingress may open (one per rule, TCP).
   * @default [8080, 443, 80]
   */
  readonly allowedIngressPorts?: readonly number[];
  /**
   * SG-02: CIDRs ingress may come from (a rule's CIDR must lie inside one); security groups are
   * always allowed sources.
   * @default DEFAULT_ALLOWED_INGRESS_CIDRS (none: security groups only)
   */
  readonly allowedIngressCidrs?: readonly string[];
  /**
   * TAG-01: tag keys every taggable resource must carry.
   * @default REQUIRED_TAG_KEYS (environments/rules.ts)
   */
  readonly requiredTagKeys?: readonly string[];
  /**
   * ECS-11: whether services may turn ECS Exec on in this environment.
   * @default false
   */
  readonly allowExecuteCommand?: boolean;
  /**
   * IAM-05: service principals a role may trust.
   * @default ["ecs-tasks.amazonaws.com"]
   */
  readonly trustedServicePrincipals?: readonly string[];
  /**
   * ELB-04: TLS policies listeners may use.
   * @default - the ELB FIPS policies with TLS 1.2 minimum (2023-04 and post-quantum 2025-09)
   */
  readonly allowedTlsPolicies?: readonly string[];
  /**
   * S3-07: accounts besides this one that bucket policies may allow (12-digit ids).
   * @default []
   */
  readonly allowedAccountIds?: readonly string[];
  /**
   * CM-01: the longest TTL a discovery service's DNS records may have, in seconds.
   * @default DNS_TTL_BOUNDS.max (60, environments/rules.ts)
   */
  readonly maxDnsTtlSeconds?: number;
  /**
   * Whether to write policy-report.json and policy-report.csv into the stack's output directory.
   * @default true
   */
  readonly writeReport?: boolean;
}

const isPort = (p: number): boolean => Number.isInteger(p) && p >= 1 && p <= 65535;

/** Applies defaults and validates; throws once, listing every problem. */
export function resolveSettings(options: PolicyOptions): PolicySettings {
  const settings: PolicySettings = {
    partition: options.partition ?? GOVCLOUD_PARTITION,
    allowedRegions: options.allowedRegions ?? GOVCLOUD_REGIONS,
    minLogRetentionDays: options.minLogRetentionDays ?? MIN_RETENTION_DAYS,
    allowedIngressPorts: options.allowedIngressPorts ?? [8080, 443, 80],
    allowedIngressCidrs: options.allowedIngressCidrs ?? DEFAULT_ALLOWED_INGRESS_CIDRS,
    requiredTagKeys: options.requiredTagKeys ?? REQUIRED_TAG_KEYS,
    allowExecuteCommand: options.allowExecuteCommand ?? false,
    trustedServicePrincipals: options.trustedServicePrincipals ?? ["ecs-tasks.amazonaws.com"],
    allowedTlsPolicies: options.allowedTlsPolicies ?? FIPS_TLS_POLICIES,
    allowedAccountIds: options.allowedAccountIds ?? [],
    maxDnsTtlSeconds: options.maxDnsTtlSeconds ?? DNS_TTL_BOUNDS.max,
  };
  const problems: string[] = [];
  if (!Number.isInteger(settings.minLogRetentionDays) || settings.minLogRetentionDays < 1) {
    problems.push(
      `minLogRetentionDays ${settings.minLogRetentionDays} is not a positive whole number of days`,
    );
  }
  const badPorts = settings.allowedIngressPorts.filter((p) => !isPort(p));
  if (badPorts.length)
    problems.push(`allowedIngressPorts ${badPorts.join(", ")} are not ports (1-65535)`);
  const badCidrs = settings.allowedIngressCidrs.filter((c) => !isCidr(c));
  if (badCidrs.length)
    problems.push(`allowedIngressCidrs ${badCidrs.join(", ")} are not CIDRs (e.g. 10.0.0.0/16)`);
  if (coversAnywhere(settings.allowedIngressCidrs))
    problems.push(
      `allowedIngressCidrs may not contain ${settings.allowedIngressCidrs.join(", ")}: alone or together they cover every address of a family (SG-01)`,
    );
  if (settings.requiredTagKeys.some((k) => k.trim() === ""))
    problems.push("requiredTagKeys contains an empty key");
  const badAccounts = settings.allowedAccountIds.filter((a) => !/^\d{12}$/.test(a));
  if (badAccounts.length)
    problems.push(`allowedAccountIds ${badAccounts.join(", ")} are not 12-digit account ids`);
  if (!Number.isInteger(settings.maxDnsTtlSeconds) || settings.maxDnsTtlSeconds < 1) {
    problems.push(
      `maxDnsTtlSeconds ${settings.maxDnsTtlSeconds} is not a positive whole number of seconds`,
    );
  }
  if (problems.length) {
    throw new Error(`Policy options are invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return settings;
}
