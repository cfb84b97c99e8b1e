import { environments, validateEnvironments, ConfigValidationError } from "../environments";
import { ENVIRONMENT_NAMES } from "../environments/registry";
import type { EnvironmentConfig } from "../environments/types";
import { environmentNameProblem, validateEnvironment } from "../environments/validation";
import { AWS_NAME_LIMITS, resourceNames, type ResourceNames } from "../environments/names";
import {
  conventional,
  conventionalEnvironments,
  synthEnvironment,
  validationProblems,
  withChanges,
} from "./helpers";
import { certificateFor } from "./variants";

// Variants start from the conventions, not from the committed files an engineer edits.
const stg = conventional("stg");
/** A valid name that is not registered. */
const unregistered = ["qa", "dev", "sandbox", "train"].find(
  (n) => !(ENVIRONMENT_NAMES as readonly string[]).includes(n),
)!;
const prd = conventional("prd");

/** Problems of a changed copy of `base` validated with the other environments, as main.ts does. */
const problemsOf = (change: (e: Record<string, any>) => void, base: EnvironmentConfig = stg) => {
  const changed = withChanges(base, change);
  return validationProblems(
    conventionalEnvironments().map((e) => (e.name === base.name ? changed : e)),
  );
};

describe("the conventional environments the tests start from", () => {
  it("are valid, so a problem a test expects comes from the change it makes", () => {
    expect(validationProblems(conventionalEnvironments())).toEqual([]);
  });
});

describe("the committed environments", () => {
  it("are valid", () => {
    expect(() => validateEnvironments(environments)).not.toThrow();
  });

  it("are the files of environments/, MilMove's five first in promotion order", () => {
    const names = environments.map((e) => e.name as string);
    expect(names).toEqual(ENVIRONMENT_NAMES);
    expect(names.slice(0, 5)).toEqual(["demo", "exp", "loadtest", "stg", "prd"]);
  });
});

// Each row: a bad input, and the message it must produce. Every message names the environment,
// the field, the bad value and what is allowed.
const badInputs: [string, (e: Record<string, any>) => void, RegExp][] = [
  [
    "unknown environment name",
    (e) => (e.name = unregistered),
    new RegExp(
      `^${unregistered}: name "${unregistered}" is not allowed; use one of ${ENVIRONMENT_NAMES.join(", ")}`,
    ),
  ],
  [
    "non-production marked production",
    (e) => (e.production = true),
    /^stg: production true is not allowed; use false: only prd is production/,
  ],
  [
    "commercial region",
    (e) => (e.region = "us-east-1"),
    /^stg: region "us-east-1" is not allowed; use a GovCloud region: us-gov-west-1, us-gov-east-1/,
  ],
  [
    "account alias with capitals",
    (e) => (e.accountAlias = "Transcom-STG"),
    /^stg: accountAlias "Transcom-STG" is not allowed; use 3-63 lowercase/,
  ],
  [
    "account id of 11 digits",
    (e) => (e.accountId = "12345678901"),
    /^stg: accountId "12345678901" is not allowed; use exactly 12 digits/,
  ],
  [
    "assume-role ARN in the commercial partition",
    (e) => (e.assumeRoleArn = "arn:aws:iam::123456789012:role/x"),
    /^stg: assumeRoleArn "arn:aws:iam::123456789012:role\/x" is not allowed; use an IAM role ARN in the aws-us-gov partition/,
  ],
  [
    "assume-role ARN in another account",
    (e) => {
      e.accountId = "111111111111";
      e.assumeRoleArn = "arn:aws-us-gov:iam::222222222222:role/x";
    },
    /^stg: assumeRoleArn ".*" is not allowed; use a role in the environment's own account 111111111111/,
  ],
  [
    "cluster name with a space",
    (e) => (e.clusterName = "app stg"),
    /^stg: clusterName "app stg" is not allowed; use 1-255 letters, digits, hyphens and underscores/,
  ],
  [
    "a namespace other than the ADR's svc-<env>.local",
    (e) => (e.namespaceName = "svc.stg.local"),
    /^stg: namespaceName "svc.stg.local" is not allowed; use svc-stg\.local: ADR 0084 fixes the app's address, http:\/\/flipt\.svc-stg\.local:8080/,
  ],
  [
    "a service name other than the ADR's flipt",
    (e) => (e.serviceName = "flags"),
    /^stg: serviceName "flags" is not allowed; use flipt: ADR 0084 fixes the app's address/,
  ],
  [
    "DNS TTL of zero",
    (e) => (e.dnsTtlSeconds = 0),
    /^stg: dnsTtlSeconds 0 is not allowed; use a whole number from 1 to 60/,
  ],
  [
    "no client services",
    (e) => (e.clients = []),
    /^stg: clients \[\] is not allowed; use at least one ECS service/,
  ],
  [
    "client listed twice",
    (e) => (e.clients = [e.clients[0], e.clients[0]]),
    /^stg: clients\[1\]\.service "app" is not allowed; use each client service once/,
  ],
  [
    "malformed security group id",
    (e) => (e.clients[0].securityGroup = { id: "sg-xyz" }),
    /^stg: clients\[0\]\.securityGroup\.id "sg-xyz" is not allowed; use sg-<8 or 17 hex>/,
  ],
  [
    "malformed VPC id",
    (e) => (e.network.vpc = { id: "vpc-123" }),
    /^stg: network\.vpc\.id "vpc-123" is not allowed; use vpc-<8 or 17 hex>/,
  ],
  [
    "no private subnets",
    (e) => (e.network.privateSubnets = { ids: [] }),
    /^stg: network\.privateSubnets\.ids "\[\]" is not allowed; use at least one private subnet id/,
  ],
  [
    "malformed subnet id",
    (e) => (e.network.privateSubnets = { ids: ["subnet-1"] }),
    /^stg: network\.privateSubnets\.ids\[0\] "subnet-1" is not allowed; use subnet-<8 or 17 hex>/,
  ],
  [
    "image from a public registry",
    (e) => (e.flipt.image.repository = "docker.io/flipt/flipt"),
    /^stg: flipt\.image\.repository "docker\.io\/flipt\/flipt" is not allowed; use a private ECR repository name/,
  ],
  [
    "image tag latest",
    (e) => (e.flipt.image.version = "latest"),
    /^stg: flipt\.image\.version "latest" is not allowed; use a Flipt v1 release tag .* \(latest is not a pin\)/,
  ],
  [
    "Flipt v2",
    (e) => (e.flipt.image.version = "v2.0.0"),
    /^stg: flipt\.image\.version "v2\.0\.0" is not allowed; use a Flipt v1 release tag .*\(Flipt v2 has no S3 storage\)/,
  ],
  [
    "Flipt older than v1.28.1",
    (e) => (e.flipt.image.version = "v1.27.0"),
    /^stg: flipt\.image\.version "v1\.27\.0" is not allowed; use v1\.28\.1 or later/,
  ],
  [
    "malformed digest",
    (e) => (e.flipt.image.digest = "sha256:abc"),
    /^stg: flipt\.image\.digest "sha256:abc" is not allowed; use sha256:<64 lowercase hex>/,
  ],
  [
    "CPU that is not a Fargate size",
    (e) => (e.flipt.cpu = 300),
    /^stg: flipt\.cpu 300 is not allowed; use a Fargate size: 256, 512, 1024, 2048, 4096, 8192, 16384/,
  ],
  [
    "memory not valid for the CPU",
    (e) => (e.flipt.memoryMiB = 4096),
    /^stg: flipt\.memoryMiB 4096 is not allowed; use a memory size Fargate allows with cpu 256: 512, 1024, 2048/,
  ],
  [
    "unknown CPU architecture",
    (e) => (e.flipt.cpuArchitecture = "ARM"),
    /^stg: flipt\.cpuArchitecture "ARM" is not allowed; use X86_64 or ARM64/,
  ],
  [
    "desired count zero",
    (e) => (e.flipt.desiredCount = 0),
    /^stg: flipt\.desiredCount 0 is not allowed; use a whole number from 1 to 10/,
  ],
  [
    "fractional desired count",
    (e) => (e.flipt.desiredCount = 1.5),
    /^stg: flipt\.desiredCount 1\.5 is not allowed; use a whole number/,
  ],
  [
    "poll interval too short",
    (e) => (e.flipt.pollIntervalSeconds = 1),
    /^stg: flipt\.pollIntervalSeconds 1 is not allowed; use a whole number from 5 to 3600/,
  ],
  [
    "unknown log level",
    (e) => (e.flipt.logLevel = "TRACE"),
    /^stg: flipt\.logLevel "TRACE" is not allowed; use DEBUG, INFO, WARN or ERROR/,
  ],
  [
    "bucket name with dots",
    (e) => (e.flagBucketName = "flipt.flags.stg"),
    /^stg: flagBucketName "flipt\.flags\.stg" is not allowed; use an S3 bucket name/,
  ],
  [
    "flag prefix without trailing slash",
    (e) => (e.flagPrefix = "flags"),
    /^stg: flagPrefix "flags" is not allowed; use empty, or a key prefix ending in "\/"/,
  ],
  [
    "retention CloudWatch does not accept",
    (e) => (e.logRetentionDays = 366),
    /^stg: logRetentionDays 366 is not allowed; use a CloudWatch retention of at least 365 days: 365, 400, 545/,
  ],
  [
    "retention under a year",
    (e) => (e.logRetentionDays = 90),
    /^stg: logRetentionDays 90 is not allowed; use a CloudWatch retention of at least 365 days/,
  ],
  [
    "logs that never expire",
    (e) => (e.logRetentionDays = 0),
    /^stg: logRetentionDays 0 is not allowed; use a CloudWatch retention of at least 365 days: .*\("never expire" is refused/,
  ],
  [
    "the state bucket is the flag bucket",
    (e) => (e.backend.bucket = e.flagBucketName),
    /^stg: backend\.bucket "transcom-gov-milmove-stg-flipt-us-gov-west-1" is not allowed; use a bucket other than flagBucketName/,
  ],
  [
    "the state bucket is the logs bucket",
    (e) => (e.backend.bucket = e.logsBucketName),
    /^stg: backend\.bucket "transcom-gov-milmove-stg-aws-logs" is not allowed; use a bucket other than logsBucketName/,
  ],
  [
    "the logs bucket is the flag bucket",
    (e) => (e.logsBucketName = e.flagBucketName),
    /^stg: logsBucketName "transcom-gov-milmove-stg-flipt-us-gov-west-1" is not allowed; use a bucket other than flagBucketName/,
  ],
  [
    "a subnet pattern that names public subnets",
    (e) => (e.network.privateSubnets = { namePattern: "app-stg-private-or-pub-*" }),
    /^stg: network\.privateSubnets\.namePattern "app-stg-private-or-pub-\*" is not allowed; use a Name tag pattern of 1-255 characters with the word private and without public or pub/,
  ],
  [
    "a subnet pattern that does not say private",
    (e) => (e.network.privateSubnets = { namePattern: "app-stg-*" }),
    /^stg: network\.privateSubnets\.namePattern "app-stg-\*" is not allowed; use a Name tag pattern .* with the word private/,
  ],
  [
    "tag keys equal but for case",
    (e) => (e.tags.environment = "stg"),
    /^stg: tags\["environment"\] "environment" is not allowed; use a key that differs from Environment in more than case/,
  ],
  [
    "a tag key equal but for case to the Name tag the UI adds",
    (e) => {
      e.ui = { certificateArn: certificateFor(stg), allowedCidrs: ["10.0.0.0/16"] };
      e.tags.NAME = "x";
    },
    /^stg: tags\["NAME"\] "NAME" is not allowed; use a key that differs from Name in more than case/,
  ],
  [
    "state key that is not a .tfstate",
    (e) => (e.backend.key = "/flipt"),
    /^stg: backend\.key "\/flipt" is not allowed; use a relative object key ending in \.tfstate/,
  ],
  [
    "state bucket in a commercial region",
    (e) => (e.backend.region = "us-west-2"),
    /^stg: backend\.region "us-west-2" is not allowed; use a GovCloud region/,
  ],
  [
    "state key in the commercial partition",
    (e) =>
      (e.backend.kmsKeyId =
        "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"),
    /^stg: backend\.kmsKeyId ".*" is not allowed; use alias\/<name> or a KMS key ARN in the aws-us-gov partition/,
  ],
  [
    "malformed lock table",
    (e) => (e.backend.dynamodbTable = "x"),
    /^stg: backend\.dynamodbTable "x" is not allowed; use a DynamoDB table name/,
  ],
  [
    "unknown backend kind",
    (e) => (e.backend = { kind: "gcs" }),
    /^stg: backend\.kind "gcs" is not allowed; use s3, cloud or local/,
  ],
  [
    "local state outside the repository",
    (e) => (e.backend = { kind: "local", path: "../x.tfstate" }),
    /^stg: backend\.path "\.\.\/x\.tfstate" is not allowed; use a path relative to the repository root ending in \.tfstate/,
  ],
  [
    "local state inside the generated output, which synth replaces",
    (e) => (e.backend = { kind: "local", path: "cdktf.out/stacks/stg/terraform.tfstate" }),
    /^stg: backend\.path "cdktf\.out\/stacks\/stg\/terraform\.tfstate" is not allowed; use .*outside the generated folders cdktf\.out, terraform/,
  ],
  [
    "local state in the committed Terraform copy",
    (e) => (e.backend = { kind: "local", path: "terraform/stg/terraform.tfstate" }),
    /^stg: backend\.path "terraform\/stg\/terraform\.tfstate" is not allowed/,
  ],
  [
    "a misspelt field, with the name it most likely meant",
    (e) => (e.flipt.memoryMib = 1024),
    /^stg: flipt\.memoryMib is not a known field \(value 1024\); did you mean memoryMiB\? Use one of the known fields of flipt: image, cpu, memoryMiB/,
  ],
  [
    "an unknown top-level field",
    (e) => (e.tagz = {}),
    /^stg: tagz is not a known field \(value \{\}\); did you mean tags\?/,
  ],
  [
    "an unknown field with nothing close to it",
    (e) => (e.network.zzz = 1),
    /^stg: network\.zzz is not a known field \(value 1\) Use one of the known fields of network: vpc, privateSubnets$/,
  ],
  [
    "a number given as a string",
    (e) => (e.flipt.cpu = "512"),
    /^stg: flipt\.cpu "512" is not allowed; use a number \(without quotes\)/,
  ],
  [
    "a boolean given as a string",
    (e) => (e.production = "false"),
    /^stg: production "false" is not allowed; use true or false \(without quotes\)/,
  ],
  [
    "a string given as a number",
    (e) => (e.flagPrefix = 7),
    /^stg: flagPrefix 7 is not allowed; use a string \(in quotes\)/,
  ],
  [
    "a list given as a single value",
    (e) => (e.ui = { certificateArn: "x", allowedCidrs: "10.0.0.0/8" }),
    /^stg: ui\.allowedCidrs "10\.0\.0\.0\/8" is not allowed; use a list \[\.\.\.\]/,
  ],
  [
    "a tag value that is not a string",
    (e) => (e.tags.Owner = 5),
    /^stg: tags\["Owner"\] 5 is not allowed; use a string/,
  ],
  [
    "a lookup with both an id and a name",
    (e) => (e.network.vpc = { id: "vpc-12345678", name: "app-stg" }),
    /^stg: network\.vpc .* is not allowed; use \{ id: "\.\.\." \} or \{ name: "\.\.\." \}/,
  ],
  [
    "a reserved word as the environment name",
    (e) => (e.name = "app"),
    /^app: name "app" is not allowed; use a name that is not a word of MilMove's naming conventions/,
  ],
  [
    "an environment name that cannot be part of resource names",
    (e) => (e.name = "Dev-1"),
    /^Dev-1: name "Dev-1" is not allowed; use 2-12 lowercase letters and digits/,
  ],
  [
    "an unregistered environment name, with how to add one",
    (e) => (e.name = unregistered),
    /is not allowed; use one of .* \(add an environment with: npm run new-env -- <name>\)$/,
  ],
  [
    "deletion protection off for the production UI",
    (e) => {
      e.name = "prd";
      e.production = true;
      e.ui = { certificateArn: "x", allowedCidrs: ["10.0.0.0/8"], deletionProtection: false };
    },
    /^prd: ui\.deletionProtection false is not allowed; use true \(or unset\) in production/,
  ],
  [
    "missing required tag",
    (e) => delete e.tags.Automation,
    /^stg: tags\.Automation \(missing\) is not allowed; use a non-empty value/,
  ],
  [
    "Environment tag of another value",
    (e) => (e.tags.Environment = "staging"),
    /^stg: tags\.Environment "staging" is not allowed; use the environment's own name, stg/,
  ],
  [
    "tag key in the aws: namespace",
    (e) => (e.tags["aws:owner"] = "x"),
    /^stg: tags\["aws:owner"\] "aws:owner" is not allowed; use a tag key of 1-128/,
  ],
  [
    "a value naming another environment",
    (e) => (e.clusterName = "app-prd"),
    /^stg: clusterName "app-prd" is not allowed; use values that refer to this environment only \(it names prd\)/,
  ],
];

describe("validation rejects bad input with a message naming environment, field, value and what is allowed", () => {
  it("has at least 20 distinct cases", () => {
    expect(new Set(badInputs.map(([label]) => label)).size).toBeGreaterThanOrEqual(20);
    expect(badInputs.length).toBe(new Set(badInputs.map(([label]) => label)).size);
  });

  it.each(badInputs)("%s", (_label, change, message) => {
    expect(problemsOf(change)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it("rejects production false on prd", () => {
    expect(problemsOf((e) => (e.production = false), prd)).toContainEqual(
      expect.stringMatching(
        /^prd: production false is not allowed; use true: prd is the production environment/,
      ),
    );
  });

  it("rejects local state in production", () => {
    expect(problemsOf((e) => (e.backend = { kind: "local" }), prd)).toEqual([
      'prd: backend.kind "local" is not allowed; use s3 or cloud in production: local state lives on one machine, unlocked and unshared',
    ]);
  });

  it("reports a missing lookup", () => {
    expect(problemsOf((e) => (e.network.vpc = {}))).toContainEqual(
      expect.stringMatching(
        /^stg: network\.vpc \{\} is not allowed; use \{ id: "\.\.\." \} or \{ name: "\.\.\." \}/,
      ),
    );
  });

  it("collects every problem in one error instead of stopping at the first", () => {
    const problems = problemsOf((e) => {
      e.flipt.cpu = 300;
      e.region = "us-east-1";
      e.logRetentionDays = 7;
    });
    expect(problems).toHaveLength(3);
  });

  it("throws one error whose message lists the problems and says nothing was synthesized", () => {
    const bad = withChanges(stg, (e) => (e.flipt.desiredCount = 0));
    expect(() => validateEnvironments([bad])).toThrow(
      /invalid \(1 problem\); nothing was synthesized:\n {2}- stg: flipt\.desiredCount 0/,
    );
  });

  it("rejects an empty list of environments", () => {
    expect(() => validateEnvironments([])).toThrow(/environments: the list is empty/);
  });
});

describe("validation across environments", () => {
  const twoStg = () => {
    const copy = withChanges(stg, () => undefined);
    return [stg, copy];
  };

  it("rejects two environments with the same name, state key and bucket", () => {
    expect(() => validateEnvironments(twoStg())).toThrow(ConfigValidationError);
    try {
      validateEnvironments(twoStg());
    } catch (error) {
      const problems = (error as ConfigValidationError).problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          'stg: name "stg" is already used by stg; each environment needs its own',
          'stg: backend.key "flipt-stg/terraform.tfstate" is already used by stg; each environment needs its own',
          'stg: flagBucketName "transcom-gov-milmove-stg-flipt-us-gov-west-1" is already used by stg; each environment needs its own',
        ]),
      );
    }
  });

  it("rejects two environments guarding the same account", () => {
    const a = withChanges(stg, (e) => (e.accountId = "123456789012"));
    const b = withChanges(prd, (e) => (e.accountId = "123456789012"));
    expect(() => validateEnvironments([a, b])).toThrow(
      /prd: accountId "123456789012" is already used by stg/,
    );
  });

  it("accepts each committed environment on its own", () => {
    for (const env of environments) expect(validateEnvironment(env, environments)).toEqual([]);
  });
});

// Issue 10: classes of input validation used to pass. Each case fails without its check.
describe("validation closes what the adversarial review found", () => {
  const withUi = (allowedCidrs: string[]) => (e: Record<string, any>) =>
    (e.ui = { certificateArn: certificateFor(stg), allowedCidrs });

  const cases: [string, (e: Record<string, any>) => void, RegExp][] = [
    [
      "the internet in two halves",
      withUi(["0.0.0.0/1", "128.0.0.0/1"]),
      /^stg: ui\.allowedCidrs \["0\.0\.0\.0\/1","128\.0\.0\.0\/1"\] is not allowed; use ranges that together leave most of the internet out/,
    ],
    [
      "IPv6 anywhere spelt 0:0::/0",
      withUi(["0:0::/0"]),
      /^stg: ui\.allowedCidrs\[0\] "0:0::\/0" is not allowed; use a specific range, not the whole internet/,
    ],
    [
      "IPv4 with leading zeros",
      withUi(["010.0.0.0/8"]),
      /^stg: ui\.allowedCidrs\[0\] "010\.0\.0\.0\/8" is not allowed; use a CIDR range such as 10\.1\.0\.0\/16 or fd00:1::\/64/,
    ],
    [
      "malformed IPv6",
      withUi(["fd00::1::/64"]),
      /^stg: ui\.allowedCidrs\[0\] "fd00::1::\/64" is not allowed; use a CIDR range such as 10\.1\.0\.0\/16 or fd00:1::\/64/,
    ],
    [
      "a range listed twice",
      withUi(["10.0.0.0/16", "10.0.0.0/16"]),
      /^stg: ui\.allowedCidrs\[1\] "10\.0\.0\.0\/16" is not allowed; use each range once: it overlaps 10\.0\.0\.0\/16/,
    ],
    [
      "more tags than AWS allows, counting the Name tag the UI adds",
      (e) => {
        withUi(["10.0.0.0/16"])(e);
        for (let i = 0; i < 46; i++) e.tags[`Extra${i}`] = "x";
      },
      /^stg: tags "50 tags" is not allowed; use at most 49 tags: AWS allows 50 per resource and the stack adds Name itself/,
    ],
    [
      "a reserved bucket suffix",
      (e) => (e.flagBucketName = "transcom-gov-milmove-stg-flipt--x-s3"),
      /^stg: flagBucketName "transcom-gov-milmove-stg-flipt--x-s3" is not allowed; use an S3 bucket name/,
    ],
    [
      "a reserved bucket prefix",
      (e) => (e.logsBucketName = "amzn-s3-demo-stg-logs"),
      /^stg: logsBucketName "amzn-s3-demo-stg-logs" is not allowed; use an S3 bucket name/,
    ],
    [
      "one client security group twice",
      (e) => (e.clients[1].securityGroup = { name: "ecs-app-stg" }),
      /^stg: clients\[1\]\.securityGroup \{"name":"ecs-app-stg"\} is not allowed; use each client security group once \(clients\[0\] names it already\)/,
    ],
    [
      "a wildcard in a security group lookup",
      (e) => (e.clients[0].securityGroup = { name: "ecs-*-stg" }),
      /^stg: clients\[0\]\.securityGroup\.name "ecs-\*-stg" is not allowed; use an exact name without \* or \?/,
    ],
    [
      "a wildcard in the VPC lookup",
      (e) => (e.network.vpc = { name: "app-?" }),
      /^stg: network\.vpc\.name "app-\?" is not allowed; use an exact name without \* or \?/,
    ],
    [
      "a wildcard in the flag prefix",
      (e) => (e.flagPrefix = "flags*/"),
      /^stg: flagPrefix "flags\*\/" is not allowed; use a literal key prefix without \* or \?/,
    ],
    [
      "an alarm topic in another account",
      (e) => {
        e.accountId = "123456789012";
        e.alarm = { snsTopicArn: "arn:aws-us-gov:sns:us-gov-west-1:999999999999:alerts" };
      },
      /^stg: alarm\.snsTopicArn "arn:aws-us-gov:sns:us-gov-west-1:999999999999:alerts" is not allowed; use a topic in the environment's own account 123456789012/,
    ],
  ];

  it.each(cases)("%s", (_label, change, message) => {
    expect(problemsOf(change)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it("accepts two halves of a private range and an alarm topic in the own account", () => {
    expect(
      problemsOf((e) => {
        withUi(["10.0.0.0/17", "10.0.128.0/17", "fd00::/8"])(e);
        e.accountId = "123456789012";
        e.alarm = { snsTopicArn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts" };
      }),
    ).toEqual([]);
  });

  it("builds every name the stack generates (all features on) with resourceNames", () => {
    const env = withChanges(stg, (e) => {
      e.ui = { certificateArn: certificateFor(stg), allowedCidrs: ["10.0.0.0/16"] };
      e.accountId = "123456789012";
      e.alarm = { snsTopicArn: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts" };
    });
    const synthesized = synthEnvironment(env).synth;
    for (const name of Object.values(resourceNames("stg"))) {
      expect(synthesized).toContain(JSON.stringify(name));
    }
    expect(synthesized).toContain('"flipt-stg-discovery-unhealthy"');
  });

  it("fits every generated name into AWS's limits for the longest environment name allowed", () => {
    const longest = "a".repeat(12);
    expect(environmentNameProblem(longest)).toBeUndefined();
    expect(environmentNameProblem(`${longest}a`)).toBeDefined();
    const names = resourceNames(longest);
    for (const key of Object.keys(AWS_NAME_LIMITS) as (keyof ResourceNames)[]) {
      expect([key, names[key].length <= AWS_NAME_LIMITS[key]]).toEqual([key, true]);
    }
  });
});
