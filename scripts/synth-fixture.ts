// Synthesizes one extra stack with every optional feature on (read-only UI with DNS, managed
// flag files, a writer-role grant, an SNS alarm action, explicit ids, a literal account id), so
// `npm run validate` checks those resources against the AWS provider too. The ids are
// well-formed placeholders: this stack is validated, never applied.
import { environments, validateEnvironments } from "../environments";
import type { EnvironmentConfig } from "../environments/types";
import { REPOSITORY_ROOT } from "../modules/configuration";
import { FliptStack } from "../modules/flipt-stack";
import { synthesizeAtomically } from "../modules/synthesize";

const account = "123456789012";
const stg = environments.find((e) => e.name === "stg")!;
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
  flags: { mode: "managed", directory: "flags/stg" },
  alarm: { snsTopicArn: `arn:aws-us-gov:sns:us-gov-west-1:${account}:milmove-alerts` },
  backend: { kind: "local", path: "terraform.tfstate" },
};
const external: EnvironmentConfig = {
  ...everything,
  flags: { mode: "external", writerRoleName: "flag-pipeline" },
};

validateEnvironments([everything]);
validateEnvironments([external]);
synthesizeAtomically(process.argv[2] ?? ".validate/fixture.out", (app) => {
  new FliptStack(app, "fixture-all-options", {
    environment: everything,
    repositoryRoot: REPOSITORY_ROOT,
  });
  new FliptStack(app, "fixture-flag-writer", {
    environment: external,
    repositoryRoot: REPOSITORY_ROOT,
  });
});
