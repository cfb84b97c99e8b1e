// Extra stacks beside the five environments, each with optional features on, so that
// `npm run validate` and `npm run test:terraform` check those resources against the AWS
// provider too. The ids are well-formed placeholders: these stacks are validated and planned
// against a mocked provider, never applied to an account.
import { FLIPT_DEFAULTS, milmoveConventions } from "../environments/milmove";
import type { EnvironmentConfig } from "../environments/types";

const account = "123456789012";
// Built from MilMove's conventions, not from environments/stg.ts: what an engineer sets for stg
// must not change (or break) the fixtures.
const stg: EnvironmentConfig = {
  ...milmoveConventions("stg"),
  production: false,
  flipt: FLIPT_DEFAULTS,
};

/** Every optional feature on: UI with DNS, managed flag files, an SNS topic, explicit ids. */
const everything: EnvironmentConfig = {
  ...stg,
  accountId: account,
  assumeRoleArn: `arn:aws-us-gov:iam::${account}:role/terraform`,
  network: {
    vpc: { id: "vpc-0123456789abcdef0" },
    privateSubnets: { ids: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"] },
  },
  ui: {
    certificateArn: `arn:aws-us-gov:acm:us-gov-west-1:${account}:certificate/11111111-2222-3333-4444-555555555555`,
    allowedCidrs: ["10.200.0.0/16", "fd00:10::/64"],
    dns: { hostedZoneId: "Z0123456789ABCDEFGHIJ", recordName: "flipt.stg.example.internal" },
  },
  // A flag file full of text Terraform would read as templates: test:terraform checks that the
  // bucket gets its bytes.
  flags: { mode: "managed", directory: "__tests__/flags/fixtures/template-text" },
  alarm: { snsTopicArn: `arn:aws-us-gov:sns:us-gov-west-1:${account}:milmove-alerts` },
  backend: { kind: "local", path: "terraform.tfstate" },
};

/** External flags with a writer-role grant, and the image pinned by digest. */
const flagWriter: EnvironmentConfig = {
  ...everything,
  flags: { mode: "external", writerRoleName: "flag-pipeline" },
  flipt: {
    ...everything.flipt,
    image: {
      ...everything.flipt.image,
      digest: "sha256:e20458bcc9c36b9469b8d7fc675a28e009db5870eb8b9b6e0ebf08dd5befb20b",
    },
  },
};

/**
 * A first apply into an account that still has the 2023 Flipt: every existing object adopted
 * (imported) by id, with one client's existing egress rule to Flipt. Names are the ones the stack gives; the ids are placeholders.
 */
const adoption: EnvironmentConfig = {
  ...everything,
  ui: undefined,
  flags: { mode: "external" },
  adopt: {
    namespaceId: "ns-0123456789abcdef",
    discoveryServiceId: "srv-0123456789abcdef",
    ecsService: `${stg.clusterName}/${stg.serviceName}`,
    taskRoleName: `ecs-task-role-${stg.serviceName}-stg`,
    executionRoleName: `ecs-task-execution-role-${stg.serviceName}-stg`,
    logGroupName: `ecs-tasks-${stg.serviceName}-stg`,
    securityGroupId: "sg-0123456789abcdef0",
    flagBucketName: stg.flagBucketName,
    kmsKeyId: "11111111-2222-3333-4444-555555555555",
    kmsAliasName: `alias/${stg.serviceName}-stg`,
    // The app's group had the 2023 egress rule to Flipt; app-client-tls's gets a new one.
    clientEgressRuleIds: { app: "sgr-0123456789abcdef0" },
  },
  clientEgress: true,
};

/** The namespace belongs to other MilMove infrastructure: looked up, never managed here. */
const externalNamespace: EnvironmentConfig = {
  ...everything,
  // The account from the variable, as the committed environments have it: the suite then also
  // shows plan refusing an alarm topic of another account.
  accountId: undefined,
  ui: undefined,
  flags: { mode: "external" },
  namespaceOwnedElsewhere: true,
  clientEgress: true,
  adopt: { discoveryServiceId: "srv-0123456789abcdef" },
};

/** The same, the namespace given by id: the account has namespaces of its name in other VPCs. */
const namespaceById: EnvironmentConfig = {
  ...externalNamespace,
  namespaceOwnedElsewhere: { id: "ns-0123456789abcdef" },
};

/** A fixture stack: its name and the environment it is built from. */
export interface FixtureStack {
  readonly stackName: string;
  readonly environment: EnvironmentConfig;
}

/** The fixture stacks, in the order they are synthesized. */
export const FIXTURE_STACKS: readonly FixtureStack[] = [
  { stackName: "fixture-all-options", environment: everything },
  { stackName: "fixture-flag-writer", environment: flagWriter },
  { stackName: "fixture-adoption", environment: adoption },
  { stackName: "fixture-external-namespace", environment: externalNamespace },
  { stackName: "fixture-namespace-by-id", environment: namespaceById },
];
