/** Options of the policy checks, their defaults, and their validation. */
import * as path from "path";
import type { EnvironmentConfig } from "../../environments/types";
import { coversAnywhere, isCidr } from "../../environments/cidr";
import type { PolicySettings } from "./types";

/** How the pack runs on one stack. */
export interface PolicyOptions {
  /**
   * The repository the stack is built from: the contract compares managed flag objects with
   * the files of the environment's flag folder, which is relative to it.
   * @default - the repository this pack is part of
   */
  readonly repositoryRoot?: string;
  /** The environment the stack is built from: the contract (CON-01) is checked against it. */
  readonly environment: EnvironmentConfig;
  /**
   * Name of the stack in messages and the report.
   * @default - the environment's name
   */
  readonly stackName?: string;
  /**
   * SG-02: the ports ingress may open (one per rule, TCP).
   * @default [8080, 443, 80]
   */
  readonly allowedIngressPorts?: readonly number[];
  /**
   * IAM-05: service principals a role may trust.
   * @default ["ecs-tasks.amazonaws.com"]
   */
  readonly trustedServicePrincipals?: readonly string[];
  /**
   * S3-07 and KMS-01: accounts besides this one that resource policies may allow (12-digit ids).
   * @default []
   */
  readonly allowedAccountIds?: readonly string[];
}

const isPort = (p: number): boolean => Number.isInteger(p) && p >= 1 && p <= 65535;

/** Applies defaults and validates; throws once, listing every problem. */
export function resolveSettings(options: PolicyOptions): PolicySettings {
  const settings: PolicySettings = {
    allowedIngressPorts: options.allowedIngressPorts ?? [8080, 443, 80],
    // SG-02: CIDRs come in only where the environment admits them (the UI's ranges).
    allowedIngressCidrs: options.environment.ui?.allowedCidrs ?? [],
    trustedServicePrincipals: options.trustedServicePrincipals ?? ["ecs-tasks.amazonaws.com"],
    allowedAccountIds: options.allowedAccountIds ?? [],
    repositoryRoot: options.repositoryRoot ?? path.resolve(__dirname, "..", ".."),
  };
  const problems: string[] = [];
  const badPorts = settings.allowedIngressPorts.filter((p) => !isPort(p));
  if (badPorts.length)
    problems.push(`allowedIngressPorts ${badPorts.join(", ")} are not ports (1-65535)`);
  const badCidrs = settings.allowedIngressCidrs.filter((c) => !isCidr(c));
  if (badCidrs.length)
    problems.push(`ui.allowedCidrs ${badCidrs.join(", ")} are not CIDRs (e.g. 10.0.0.0/16)`);
  if (coversAnywhere(settings.allowedIngressCidrs))
    problems.push(
      `ui.allowedCidrs may not contain ${settings.allowedIngressCidrs.join(", ")}: alone or together they cover every address of a family (SG-01)`,
    );
  const badAccounts = settings.allowedAccountIds.filter((a) => !/^\d{12}$/.test(a));
  if (badAccounts.length)
    problems.push(`allowedAccountIds ${badAccounts.join(", ")} are not 12-digit account ids`);
  if (problems.length) {
    throw new Error(`Policy options are invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return settings;
}
