import { resourceNames } from "./names";
import type { EnvironmentConfig, EnvironmentName, FliptConfig } from "./types";

/**
 * MilMove's naming conventions, in one place. Each environment file starts from these and
 * states what differs. The names listed in docs/configuration.md, "Confirm before first
 * apply", are conventions of the firm that built MilMove's infrastructure, not confirmed
 * values: confirm them before the first apply.
 */

/** MilMove runs in AWS GovCloud (US-West). */
export const MILMOVE_REGION = "us-gov-west-1";

/** The last Flipt v1 release; v2 has no S3 storage. */
export const FLIPT_VERSION = "v1.61.1";

/** Flipt as MilMove runs it: one small task per environment, reading flags from S3. */
export const FLIPT_DEFAULTS: FliptConfig = {
  image: { repository: "flipt", version: FLIPT_VERSION },
  cpu: 256,
  memoryMiB: 512,
  cpuArchitecture: "X86_64",
  desiredCount: 1,
  pollIntervalSeconds: 30,
  logLevel: "INFO",
};

/** Everything about an environment that follows from its name and MilMove's conventions. */
export function milmoveConventions(
  name: EnvironmentName,
): Omit<EnvironmentConfig, "production" | "flipt"> {
  const accountAlias = `transcom-gov-milmove-${name}`;
  return {
    name,
    region: MILMOVE_REGION,
    accountAlias,
    clusterName: `app-${name}`,
    namespaceName: resourceNames(name).namespace,
    serviceName: resourceNames(name).service,
    dnsTtlSeconds: 10,
    clients: [
      { service: "app", securityGroup: { name: `ecs-app-${name}` } },
      { service: "app-client-tls", securityGroup: { name: `ecs-app-client-tls-${name}` } },
    ],
    network: {
      vpc: { name: `app-${name}` },
      privateSubnets: { namePattern: `app-${name}-private-*` },
    },
    flagBucketName: `${accountAlias}-flipt-${MILMOVE_REGION}`,
    flagPrefix: "",
    logsBucketName: `${accountAlias}-aws-logs`,
    logRetentionDays: 365,
    backend: {
      kind: "s3",
      bucket: `${accountAlias}-tf-state-${MILMOVE_REGION}`,
      key: `flipt-${name}/terraform.tfstate`,
      region: MILMOVE_REGION,
    },
    flags: { mode: "external" },
    alarm: {},
    tags: {
      Environment: name,
      Application: "milmove",
      Service: "flipt",
      Automation: "Terraform",
    },
  };
}
