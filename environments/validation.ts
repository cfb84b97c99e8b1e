import * as path from "path";
import { coversAnywhere, cidrsOverlap, parseCidr } from "./cidr";
import { milmoveConventions } from "./milmove";
import { resourceNames } from "./names";
import { ENVIRONMENT_NAMES, fileOf } from "./registry";
import {
  FARGATE_MEMORY_BY_CPU,
  GOVCLOUD_PARTITION,
  GOVCLOUD_REGIONS,
  MAX_TAGS_PER_RESOURCE,
  MIN_FLIPT_VERSION,
  MIN_RETENTION_DAYS,
  REQUIRED_TAG_KEYS,
  stackTagKeys,
} from "./rules";
import { ENVIRONMENT_SHAPE, shapeProblems } from "./schema";
import type { AdoptionConfig, EnvironmentConfig, EnvironmentName, Lookup } from "./types";

// The allowed values live in rules.ts (the policy pack reads them too); re-exported for the
// tests that import it from here.
export { MIN_RETENTION_DAYS };

/**
 * Checks every environment before any construct is built. It collects every problem, in every
 * environment, and throws once, so one run shows the whole list. Each message names the
 * environment, the field, the bad value and what is allowed. It reads no file (the environment
 * files are found by registry.ts; managed flag folders are checked in modules/configuration.ts).
 */

/** Thrown when one or more environments are invalid; `problems` lists each one. */
export class ConfigValidationError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `Environment configuration is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was synthesized:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigValidationError";
  }
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ENVIRONMENT_NAME = /^[a-z][a-z0-9]{1,11}$/;
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ACCOUNT_ID = /^\d{12}$/;
const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SG_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SGR_ID = /^sgr-[0-9a-f]{17}$/;
const SG_NAME = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;
const ECR_REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;
const FLIPT_V1_TAG = /^v1\.(\d+)\.(\d+)$/;
const IAM_ROLE_ARN = /^arn:([a-z-]+):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const KMS_KEY_REF =
  /^(alias\/[A-Za-z0-9/_-]{1,250}|arn:([a-z-]+):kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]{1,250}))$/;
const DYNAMODB_TABLE = /^[A-Za-z0-9_.-]{3,255}$/;
const TFC_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const TFC_WORKSPACE = /^[A-Za-z0-9_-]{1,90}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** Options of {@link validateEnvironments}. */
export interface ValidationOptions {
  /**
   * The registered environment names.
   * @default ENVIRONMENT_NAMES
   */
  readonly names?: readonly string[];
}

/** Validates every environment and their combination; throws `ConfigValidationError` if any is wrong. */
export function validateEnvironments(
  envs: readonly EnvironmentConfig[],
  options: ValidationOptions = {},
): void {
  const problems = environmentProblems(envs, options);
  if (problems.length > 0) throw new ConfigValidationError(problems);
}

/** Every problem of the environments and their combination; empty when all are valid. */
export function environmentProblems(
  envs: readonly EnvironmentConfig[],
  options: ValidationOptions = {},
): string[] {
  const problems: string[] = [];
  if (envs.length === 0) problems.push("environments: the list is empty; define at least one");
  envs.forEach((env, i) => {
    if (typeof env !== "object" || env === null) {
      problems.push(
        `environments[${i}]: ${env === undefined ? "undefined" : show(env)} is not an environment; each environment file exports one EnvironmentConfig`,
      );
    }
  });
  const objects = envs.filter((env) => typeof env === "object" && env !== null);
  for (const env of objects) problems.push(...validateEnvironment(env, objects, options));
  problems.push(...validateUniqueness(objects));
  return problems;
}

/**
 * Words MilMove's naming conventions put into names and values (`app`, `svc`, `ecs`, ...). An
 * environment named after one would look like a reference to itself in every other environment,
 * so such names are refused. Computed from the conventions, so it follows them.
 */
export function reservedEnvironmentWords(): ReadonlySet<string> {
  const probe = "zzprobe";
  const words = new Set<string>();
  for (const [, value] of stringLeaves(milmoveConventions(probe as EnvironmentName))) {
    for (const token of value.toLowerCase().split(/[^a-z0-9]+/)) {
      if (token && token !== probe) words.add(token);
    }
  }
  return words;
}

/** Why `name` cannot name an environment, or undefined when it can. */
export function environmentNameProblem(name: string): string | undefined {
  if (!ENVIRONMENT_NAME.test(name)) {
    return "2-12 lowercase letters and digits, starting with a letter (it becomes part of DNS, IAM and bucket names)";
  }
  // A name every object already has (constructor, toString...) collides with the construct
  // tree's bookkeeping and with lookups by name.
  if (name in Object.prototype) {
    return `a name that is not a property every JavaScript object has (${name} is one)`;
  }
  if (reservedEnvironmentWords().has(name)) {
    return `a name that is not a word of MilMove's naming conventions (${[...reservedEnvironmentWords()].sort().join(", ")})`;
  }
  return undefined;
}

/** Problems of one environment; `all` lets it spot references to the others. */
export function validateEnvironment(
  env: EnvironmentConfig,
  all: readonly EnvironmentConfig[] = [env],
  options: ValidationOptions = {},
): string[] {
  const p = new Problems(label(env));
  // Shape first: a typo or a wrong type would make the checks below misleading or crash them.
  const shape = shapeProblems(env, ENVIRONMENT_SHAPE);
  const structural = shape.filter((s) => !s.missing && !s.rule);
  if (structural.length > 0) {
    for (const s of structural) {
      if (s.unknown) {
        const hint = s.unknown.suggestion ? `; did you mean ${s.unknown.suggestion}?` : "";
        p.raw(`${s.field} is not a known field (value ${show(s.value)})${hint} Use ${s.allowed}`);
      } else {
        p.add(s.field, s.value, s.allowed);
      }
    }
    return p.list;
  }
  // A missing field is best described by its own check below, which says what it must be;
  // the shape's generic message stands in where no check reports it. A field's own rule is
  // reported here too.
  try {
    validateFields(env, all, options, p);
  } catch {
    // Only reachable with fields missing; their shape problems below say which.
  }
  for (const s of shape) {
    if (!p.list.some((line) => line.startsWith(`${p.env}: ${s.field} `))) {
      p.add(s.field, s.value, s.allowed);
    }
  }
  return p.list;
}

function validateFields(
  env: EnvironmentConfig,
  all: readonly EnvironmentConfig[],
  options: ValidationOptions,
  p: Problems,
): void {
  const name = env.name as string;
  const registered = options.names ?? ENVIRONMENT_NAMES;

  const nameProblem = environmentNameProblem(name);
  const file = fileOf(env);
  if (nameProblem) {
    p.add("name", name, nameProblem);
  } else if (file !== undefined && file !== `environments/${name}.ts`) {
    const own = path.posix.basename(file, ".ts");
    p.add("name", name, `${own}, the name of its file (an environment is the file named after it)`);
  } else {
    p.check(
      registered.includes(name),
      "name",
      name,
      `one of ${registered.join(", ")} (add an environment with: npm run new-env -- <name>)`,
    );
  }
  p.check(
    env.production === (name === "prd"),
    "production",
    env.production,
    name === "prd" ? "true: prd is the production environment" : "false: only prd is production",
  );
  p.check(
    (GOVCLOUD_REGIONS as readonly string[]).includes(env.region),
    "region",
    env.region,
    `a GovCloud region: ${GOVCLOUD_REGIONS.join(", ")}`,
  );
  p.check(
    /^[a-z0-9]([a-z0-9-]{1,61}[a-z0-9])$/.test(env.accountAlias ?? ""),
    "accountAlias",
    env.accountAlias,
    "3-63 lowercase letters, digits and hyphens, e.g. transcom-gov-milmove-<env>",
  );
  if (env.accountId !== undefined) {
    p.check(ACCOUNT_ID.test(env.accountId), "accountId", env.accountId, "exactly 12 digits");
  }
  if (env.assumeRoleArn !== undefined) {
    const m = IAM_ROLE_ARN.exec(env.assumeRoleArn);
    p.check(
      m !== null && m[1] === GOVCLOUD_PARTITION,
      "assumeRoleArn",
      env.assumeRoleArn,
      `an IAM role ARN in the ${GOVCLOUD_PARTITION} partition: arn:${GOVCLOUD_PARTITION}:iam::<12 digits>:role/<name>`,
    );
    if (m && env.accountId !== undefined) {
      p.check(
        m[2] === env.accountId,
        "assumeRoleArn",
        env.assumeRoleArn,
        `a role in the environment's own account ${env.accountId}`,
      );
    }
  }
  p.check(
    ECS_NAME.test(env.clusterName ?? ""),
    "clusterName",
    env.clusterName,
    "1-255 letters, digits, hyphens and underscores",
  );
  // ADR 0084: the app is configured with http://flipt.svc-<env>.local:8080.
  const names = resourceNames(name);
  p.check(
    env.namespaceName === names.namespace,
    "namespaceName",
    env.namespaceName,
    `${names.namespace}: ADR 0084 fixes the app's address, http://${names.service}.${names.namespace}:8080`,
  );
  p.check(
    env.serviceName === names.service,
    "serviceName",
    env.serviceName,
    `${names.service}: ADR 0084 fixes the app's address, http://${names.service}.${names.namespace}:8080`,
  );

  if (!Array.isArray(env.clients) || env.clients.length === 0) {
    p.add(
      "clients",
      env.clients,
      "at least one ECS service that calls Flipt (MilMove: app, app-client-tls)",
    );
  } else {
    const seen = new Set<string>();
    env.clients.forEach((client, i) => {
      const field = `clients[${i}]`;
      p.check(
        ECS_NAME.test(client.service ?? ""),
        `${field}.service`,
        client.service,
        "an ECS service name: 1-255 letters, digits, hyphens and underscores",
      );
      p.check(
        !seen.has(client.service),
        `${field}.service`,
        client.service,
        "each client service once",
      );
      seen.add(client.service);
      p.lookup(client.securityGroup, `${field}.securityGroup`, SG_ID, "sg-<8 or 17 hex>", SG_NAME);
    });
  }

  p.lookup(env.network?.vpc, "network.vpc", VPC_ID, "vpc-<8 or 17 hex>", /^.{1,255}$/);
  const subnets = env.network?.privateSubnets;
  if (subnets && "ids" in subnets) {
    p.check(
      subnets.ids.length > 0,
      "network.privateSubnets.ids",
      "[]",
      "at least one private subnet id (two or more across AZs recommended)",
    );
    subnets.ids.forEach((id, i) =>
      p.check(SUBNET_ID.test(id), `network.privateSubnets.ids[${i}]`, id, "subnet-<8 or 17 hex>"),
    );
    p.check(
      new Set(subnets.ids).size === subnets.ids.length,
      "network.privateSubnets.ids",
      subnets.ids.join(","),
      "each subnet once",
    );
  } else if (subnets && "namePattern" in subnets) {
    // Allow-list: a pattern that does not say "private", or says "public", can match the public
    // subnets, and Flipt would run there.
    const words = subnets.namePattern.toLowerCase().split(/[^a-z0-9]+/);
    p.check(
      /^.{1,255}$/.test(subnets.namePattern) &&
        words.includes("private") &&
        !words.some((w) => PUBLIC_WORDS.includes(w)),
      "network.privateSubnets.namePattern",
      subnets.namePattern,
      `a Name tag pattern of 1-255 characters with the word private and without ${PUBLIC_WORDS.join(" or ")}, e.g. app-<env>-private-* (or the subnets' ids)`,
    );
  } else {
    p.add("network.privateSubnets", subnets, '{ ids: [...] } or { namePattern: "..." }');
  }

  validateFlipt(env, p);

  p.check(
    isBucketName(env.flagBucketName),
    "flagBucketName",
    env.flagBucketName,
    "an S3 bucket name: 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (no dots: TLS)",
  );
  p.check(
    env.flagPrefix === "" ||
      (/^[A-Za-z0-9!_.*'()/-]{1,512}\/$/.test(env.flagPrefix) && !env.flagPrefix.startsWith("/")),
    "flagPrefix",
    env.flagPrefix,
    'empty, or a key prefix ending in "/" and not starting with one, e.g. flags/',
  );
  p.check(
    isBucketName(env.logsBucketName),
    "logsBucketName",
    env.logsBucketName,
    "an S3 bucket name: 3-63 lowercase letters, digits and hyphens",
  );
  validateDistinctBuckets(env, p);

  validateBackend(env, p);
  validateUi(env, p);
  validateFlags(env, p);
  validateAlarm(env, p);
  validateTags(env, p);
  validateAdoption(env, p);
  validateFirstApplyOptions(env, p);
  validateNoForeignReferences(env, all, p);
  validateReach(env, p);
}

function validateFlipt(env: EnvironmentConfig, p: Problems): void {
  const f = env.flipt;
  const image = f?.image;
  const repository = image?.repository ?? "";
  // A first segment with a dot is a registry host (docker.io/..., ghcr.io/...), not an ECR name.
  const looksLikeRegistry = repository.split("/")[0].includes(".") && repository.includes("/");
  p.check(
    ECR_REPOSITORY.test(repository) && repository.length <= 256 && !looksLikeRegistry,
    "flipt.image.repository",
    image?.repository,
    "a private ECR repository name in the environment's account, e.g. flipt (a name, not a registry URL: public registries are unreachable from GovCloud tasks)",
  );
  const version = image?.version ?? "";
  const m = FLIPT_V1_TAG.exec(version);
  if (!m) {
    const why = /^v?2\./.test(version)
      ? " (Flipt v2 has no S3 storage)"
      : version === "latest"
        ? " (latest is not a pin)"
        : "";
    p.add(
      "flipt.image.version",
      version,
      `a Flipt v1 release tag v1.<minor>.<patch>, at least v${MIN_FLIPT_VERSION.join(".")}${why}`,
    );
  } else {
    const v: [number, number, number] = [1, Number(m[1]), Number(m[2])];
    p.check(
      compareVersions(v, MIN_FLIPT_VERSION) >= 0,
      "flipt.image.version",
      version,
      `v${MIN_FLIPT_VERSION.join(".")} or later (earlier releases fail S3 requests without a region)`,
    );
  }
  if (image?.digest !== undefined) {
    p.check(
      IMAGE_DIGEST.test(image.digest),
      "flipt.image.digest",
      image.digest,
      "sha256:<64 lowercase hex>",
    );
  }
  const allowedMemory = FARGATE_MEMORY_BY_CPU[f?.cpu];
  if (!allowedMemory) {
    p.add("flipt.cpu", f?.cpu, `a Fargate size: ${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")}`);
  } else {
    p.check(
      allowedMemory.includes(f.memoryMiB),
      "flipt.memoryMiB",
      f.memoryMiB,
      `a memory size Fargate allows with cpu ${f.cpu}: ${allowedMemory.join(", ")}`,
    );
  }
}

function validateBackend(env: EnvironmentConfig, p: Problems): void {
  const b = env.backend;
  if (b?.kind === "s3") {
    p.check(
      isBucketName(b.bucket),
      "backend.bucket",
      b.bucket,
      "an S3 bucket name, by convention <account-alias>-tf-state-<region>",
    );
    p.check(
      /^[^/].{0,1023}\.tfstate$/.test(b.key ?? "") && !b.key.includes("//"),
      "backend.key",
      b.key,
      "a relative object key ending in .tfstate, e.g. flipt-<env>/terraform.tfstate",
    );
    p.check(
      (GOVCLOUD_REGIONS as readonly string[]).includes(b.region),
      "backend.region",
      b.region,
      `a GovCloud region: ${GOVCLOUD_REGIONS.join(", ")}`,
    );
    if (b.kmsKeyId !== undefined) {
      const m = KMS_KEY_REF.exec(b.kmsKeyId);
      p.check(
        m !== null && (m[2] === undefined || m[2] === GOVCLOUD_PARTITION),
        "backend.kmsKeyId",
        b.kmsKeyId,
        `alias/<name> or a KMS key ARN in the ${GOVCLOUD_PARTITION} partition`,
      );
    }
    if (b.dynamodbTable !== undefined) {
      p.check(
        DYNAMODB_TABLE.test(b.dynamodbTable),
        "backend.dynamodbTable",
        b.dynamodbTable,
        "a DynamoDB table name: 3-255 letters, digits, _ . -",
      );
    }
  } else if (b?.kind === "cloud") {
    p.check(
      TFC_NAME.test(b.organization ?? ""),
      "backend.organization",
      b.organization,
      "a Terraform Cloud organization name: letters, digits, _ and -",
    );
    p.check(
      TFC_WORKSPACE.test(b.workspace ?? ""),
      "backend.workspace",
      b.workspace,
      "a workspace name of 1-90 letters, digits, _ and -, e.g. flipt-<env>",
    );
    if (b.project !== undefined) {
      p.check(
        /^[A-Za-z0-9 _-]{3,40}$/.test(b.project),
        "backend.project",
        b.project,
        "a Terraform Cloud project name of 3-40 letters, digits, spaces, _ and -",
      );
    }
    if (b.hostname !== undefined) {
      p.check(
        isDnsName(b.hostname),
        "backend.hostname",
        b.hostname,
        "a host name such as app.terraform.io (no scheme, no path)",
      );
    }
  } else if (b?.kind === "local") {
    p.check(
      !env.production,
      "backend.kind",
      b.kind,
      "s3 or cloud in production: local state lives on one machine, unlocked and unshared",
    );
    if (b.path !== undefined) {
      p.check(
        isRepositoryPath(b.path) && b.path.endsWith(".tfstate") && !inGeneratedFolder(b.path),
        "backend.path",
        b.path,
        `a path relative to the repository root ending in .tfstate, outside the generated folders ${GENERATED_FOLDERS.join(", ")} (synth replaces them), e.g. .terraform-state/${env.name}/terraform.tfstate`,
      );
    }
  } else {
    p.add("backend.kind", (b as { kind?: unknown } | undefined)?.kind, "s3, cloud or local");
  }
}

function validateUi(env: EnvironmentConfig, p: Problems): void {
  const ui = env.ui;
  if (ui === undefined) return;
  const cert = /^arn:([a-z-]+):acm:([a-z0-9-]+):(\d{12}):certificate\/[0-9a-f-]{36}$/.exec(
    ui.certificateArn ?? "",
  );
  p.check(
    cert !== null && cert[1] === GOVCLOUD_PARTITION && cert[2] === env.region,
    "ui.certificateArn",
    ui.certificateArn,
    `an ACM certificate ARN in ${env.region}: arn:${GOVCLOUD_PARTITION}:acm:${env.region}:<12 digits>:certificate/<uuid>`,
  );
  if (cert && env.accountId !== undefined) {
    p.check(
      cert[3] === env.accountId,
      "ui.certificateArn",
      ui.certificateArn,
      `a certificate in the environment's own account ${env.accountId}`,
    );
  }
  if (!Array.isArray(ui.allowedCidrs) || ui.allowedCidrs.length === 0) {
    p.add(
      "ui.allowedCidrs",
      ui.allowedCidrs,
      "at least one CIDR range that may reach the UI, e.g. the VPN's (the UI has no login)",
    );
  } else {
    ui.allowedCidrs.forEach((cidr, i) => {
      const problem = cidrProblem(cidr);
      if (problem) p.add(`ui.allowedCidrs[${i}]`, cidr, problem);
    });
    validateCidrList(ui.allowedCidrs, "ui.allowedCidrs", p);
  }
  if (env.production) {
    p.check(
      ui.deletionProtection !== false,
      "ui.deletionProtection",
      ui.deletionProtection,
      "true (or unset) in production: the production load balancer is protected from deletion",
    );
  }
  if (ui.dns !== undefined) {
    p.check(
      /^Z[A-Z0-9]{1,31}$/.test(ui.dns.hostedZoneId ?? ""),
      "ui.dns.hostedZoneId",
      ui.dns.hostedZoneId,
      "a Route 53 hosted zone id, Z followed by capitals and digits",
    );
    p.check(
      isDnsName(ui.dns.recordName),
      "ui.dns.recordName",
      ui.dns.recordName,
      "a fully qualified DNS name, e.g. flipt.stg.internal.example",
    );
  }
}

function validateFlags(env: EnvironmentConfig, p: Problems): void {
  const flags = env.flags;
  if (flags?.mode === "external") {
    if (flags.writerRoleName !== undefined) {
      p.check(
        /^[\w+=,.@-]{1,64}$/.test(flags.writerRoleName),
        "flags.writerRoleName",
        flags.writerRoleName,
        "an IAM role name in the environment's account (1-64 letters, digits and + = , . @ _ -), not an ARN",
      );
    }
  } else if (flags?.mode === "managed") {
    // The folder's files are checked where flags are handled (modules/configuration.ts).
    p.check(
      isRepositoryPath(flags.directory),
      "flags.directory",
      flags.directory,
      "a folder inside this repository, relative to its root, e.g. flags/<env>",
    );
  } else {
    p.add(
      "flags.mode",
      (flags as { mode?: unknown } | undefined)?.mode,
      "external (MilMove's pipeline writes the bucket) or managed (this stack uploads a folder)",
    );
  }
}

function validateAlarm(env: EnvironmentConfig, p: Problems): void {
  const topic = env.alarm?.snsTopicArn;
  if (topic === undefined) return;
  const m = /^arn:([a-z-]+):sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/.exec(topic);
  p.check(
    m !== null && m[1] === GOVCLOUD_PARTITION && m[2] === env.region,
    "alarm.snsTopicArn",
    topic,
    `an SNS topic ARN in ${env.region}: arn:${GOVCLOUD_PARTITION}:sns:${env.region}:<12 digits>:<name>`,
  );
  if (m && env.accountId !== undefined) {
    p.check(
      m[3] === env.accountId,
      "alarm.snsTopicArn",
      topic,
      `a topic in the environment's own account ${env.accountId} (the stack contract takes the alarm's and alerts' topic from this field only)`,
    );
  }
}

/** Folders that synth and `npm run terraform:write` replace: no state may live there. */
const GENERATED_FOLDERS = [
  "cdktf.out",
  "terraform",
  "node_modules",
  ".validate",
  ".terraform-test",
  ".git",
];

/**
 * Whether a repository-relative path lies in a folder that synth, `terraform:write`, `npm ci`,
 * validate or git replace: compared after normalising (`./x`, `a/../x`, backslashes) and without
 * regard to case (macOS and Windows disks ignore it), including cdktf's staging folders
 * (`cdktf.out.staging-<pid>`).
 */
function inGeneratedFolder(value: string): boolean {
  const segments = path.posix.normalize(value.replace(/\\/g, "/")).split("/");
  if (segments.length < 2) return false; // a file at the repository root
  const first = segments[0].toLowerCase();
  return GENERATED_FOLDERS.includes(first) || first.startsWith("cdktf.out.");
}

/** A relative path that stays inside the repository. */
function isRepositoryPath(value: string | undefined): boolean {
  return (
    typeof value === "string" &&
    value !== "" &&
    !value.startsWith("/") &&
    !/^[A-Za-z]:/.test(value) &&
    !value.split(/[\\/]/).includes("..") &&
    !value.split(/[\\/]/).includes("~")
  );
}

/** Why a CIDR may not reach the UI, or undefined when it may (one parser: modules/private/cidr.ts). */
function cidrProblem(cidr: string): string | undefined {
  const range = parseCidr(cidr);
  if (!range) {
    return "a CIDR range such as 10.1.0.0/16 or fd00:1::/64 (IPv4 or IPv6; no leading zeros, no zone, a prefix within the family's width)";
  }
  if (coversAnywhere([cidr]))
    return "a specific range, not the whole internet (the UI has no login)";
  if (range.hostBitsSet) return `the network address of the range (host bits set in ${cidr})`;
  return undefined;
}

/**
 * A CIDR list as a whole: ranges that together cover the internet (`0.0.0.0/1` with
 * `128.0.0.0/1`) are the internet, and a range listed twice or inside another is a copy-paste.
 */
function validateCidrList(cidrs: readonly string[], field: string, p: Problems): void {
  const valid = cidrs.filter((c) => parseCidr(c) !== undefined);
  // A single range covering everything is reported on its own, above.
  const pieces = valid.filter((c) => !coversAnywhere([c]));
  if (pieces.length >= 2 && coversAnywhere(pieces)) {
    p.add(
      field,
      cidrs,
      "ranges that together leave most of the internet out (these cover every address of a family; the UI has no login)",
    );
  }
  cidrs.forEach((cidr, i) => {
    const earlier = cidrs.slice(0, i).find((o) => cidrsOverlap(o, cidr));
    if (earlier !== undefined) {
      p.add(`${field}[${i}]`, cidr, `each range once: it overlaps ${earlier}, listed before it`);
    }
  });
}

/**
 * What a value can reach: tags within AWS's count, no duplicated clients, and no wildcard where
 * the stack expects one thing (a lookup name matching several groups or VPCs, a flag prefix
 * widening the grants built from it).
 */
function validateReach(env: EnvironmentConfig, p: Problems): void {
  const tags = env.tags ?? {};
  const keys = new Set([...Object.keys(tags), ...stackTagKeys(env)]);
  const limit = MAX_TAGS_PER_RESOURCE;
  p.check(
    keys.size <= limit,
    "tags",
    `${Object.keys(tags).length} tags`,
    `at most ${limit - stackTagKeys(env).filter((k) => !(k in tags)).length} tags: AWS allows ${limit} per resource and the stack adds ${stackTagKeys(env).join(", ") || "none"} itself`,
  );
  const groups = new Map<string, number>();
  (Array.isArray(env.clients) ? env.clients : []).forEach((client, i) => {
    const group = client?.securityGroup;
    const key = group && "id" in group ? `id:${group.id}` : group ? `name:${group.name}` : "";
    const first = groups.get(key);
    if (key && first !== undefined) {
      p.add(
        `clients[${i}].securityGroup`,
        group,
        `each client security group once (clients[${first}] names it already)`,
      );
    } else if (key) groups.set(key, i);
    if (group && "name" in group) noWildcard(group.name, `clients[${i}].securityGroup.name`, p);
  });
  const vpc = env.network?.vpc;
  if (vpc && "name" in vpc) noWildcard(vpc.name, "network.vpc.name", p);
  if (typeof env.flagPrefix === "string" && /[*?]/.test(env.flagPrefix)) {
    p.add(
      "flagPrefix",
      env.flagPrefix,
      "a literal key prefix without * or ?: the bucket and role grants are built from it, and a wildcard widens them",
    );
  }
}

function noWildcard(name: string, field: string, p: Problems): void {
  if (/[*?]/.test(name)) {
    p.add(
      field,
      name,
      "an exact name without * or ?: the lookup must find exactly one, and a wildcard can match another",
    );
  }
}

function validateTags(env: EnvironmentConfig, p: Problems): void {
  const tags = env.tags ?? {};
  for (const key of REQUIRED_TAG_KEYS) {
    p.check(
      typeof tags[key] === "string" && tags[key].length > 0,
      `tags.${key}`,
      tags[key],
      "a non-empty value (required on every resource)",
    );
  }
  if (tags.Environment !== undefined) {
    p.check(
      tags.Environment === env.name,
      "tags.Environment",
      tags.Environment,
      `the environment's own name, ${env.name}`,
    );
  }
  // IAM takes tag keys that differ in case for one key, and refuses the roles' tags.
  const byCase = new Map<string, string>();
  for (const key of [...stackTagKeys(env), ...Object.keys(tags)]) {
    const first = byCase.get(key.toLowerCase());
    if (first === undefined) byCase.set(key.toLowerCase(), key);
    else if (first !== key) {
      p.add(
        `tags["${key}"]`,
        key,
        `a key that differs from ${first} in more than case (IAM treats tag keys without regard to case)`,
      );
    }
  }
  for (const [key, value] of Object.entries(tags)) {
    p.check(
      TAG_KEY.test(key) && !key.toLowerCase().startsWith("aws:"),
      `tags["${key}"]`,
      key,
      "a tag key of 1-128 letters, digits, spaces and _ . : / = + - @, not starting with aws:",
    );
    p.check(
      TAG_VALUE.test(value),
      `tags["${key}"]`,
      value,
      "a tag value of at most 256 letters, digits, spaces and _ . : / = + - @",
    );
  }
}

/** Cloud Map ids: a prefix and 16 lowercase letters and digits (e.g. ns-e4anhexample0004). */
const CLOUD_MAP_ID = (prefix: string) => new RegExp(`^${prefix}-[a-z0-9]{16}$`);
const KMS_KEY_ID =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/**
 * Ids of existing resources to import. Names must be the ones the stack gives the resource:
 * an imported object under another name would be replaced (the name of each of these forces a
 * new resource), which is exactly what adopting it is meant to avoid.
 */
function validateAdoption(env: EnvironmentConfig, p: Problems): void {
  const a = env.adopt;
  if (a === undefined) return;
  const names = resourceNames(env.name);
  const exact = (field: keyof AdoptionConfig, expected: string, what: string): void => {
    const value = a[field];
    if (value !== undefined) {
      p.check(value === expected, `adopt.${field}`, value, `${expected} (${what})`);
    }
  };
  if (a.namespaceId !== undefined) {
    p.check(
      CLOUD_MAP_ID("ns").test(a.namespaceId),
      "adopt.namespaceId",
      a.namespaceId,
      "a Cloud Map namespace id, ns- and 16 lowercase letters and digits (aws servicediscovery list-namespaces)",
    );
    p.check(
      !env.namespaceOwnedElsewhere,
      "adopt.namespaceId",
      a.namespaceId,
      "no namespace id when namespaceOwnedElsewhere is set (a namespace owned elsewhere is used, never imported)",
    );
  }
  if (a.discoveryServiceId !== undefined) {
    p.check(
      CLOUD_MAP_ID("srv").test(a.discoveryServiceId),
      "adopt.discoveryServiceId",
      a.discoveryServiceId,
      "a Cloud Map service id, srv- and 16 lowercase letters and digits (aws servicediscovery list-services)",
    );
  }
  exact("ecsService", `${env.clusterName}/${names.service}`, "<cluster>/<service> of this stack");
  exact("taskRoleName", names.taskRole, "the task role this stack names");
  exact("executionRoleName", names.executionRole, "the execution role this stack names");
  exact("logGroupName", names.logGroup, "the log group this stack names");
  exact("flagBucketName", env.flagBucketName, "the environment's flagBucketName");
  exact("kmsAliasName", names.kmsAlias, "the key alias this stack names");
  if (a.securityGroupId !== undefined) {
    p.check(
      SG_ID.test(a.securityGroupId),
      "adopt.securityGroupId",
      a.securityGroupId,
      "sg-<8 or 17 hex>",
    );
  }
  if (a.kmsKeyId !== undefined) {
    p.check(
      KMS_KEY_ID.test(a.kmsKeyId),
      "adopt.kmsKeyId",
      a.kmsKeyId,
      "a KMS key id: a UUID, or mrk- and 32 hex digits (not an ARN or alias)",
    );
  }
  if (a.kmsAliasName !== undefined) {
    p.check(
      a.kmsKeyId !== undefined,
      "adopt.kmsAliasName",
      a.kmsAliasName,
      "together with adopt.kmsKeyId (the key the alias names), so existing objects stay readable",
    );
  }
  if (a.clientEgressRuleIds !== undefined) {
    const ruleIds = a.clientEgressRuleIds;
    p.check(
      env.clientEgress === true,
      "adopt.clientEgressRuleIds",
      ruleIds,
      "it only with clientEgress: true (without it the stack adds no egress rule to adopt)",
    );
    const clients = env.clients.map((c) => c.service);
    const seen = new Set<string>();
    for (const [service, id] of Object.entries(ruleIds)) {
      const field = `adopt.clientEgressRuleIds[${JSON.stringify(service)}]`;
      p.check(clients.includes(service), field, id, `a key naming a client: ${clients.join(", ")}`);
      p.check(SGR_ID.test(id), field, id, "a security group rule id, sgr- and 17 hex digits");
      p.check(!seen.has(id), field, id, "a different rule for each client (one rule, one owner)");
      seen.add(id);
    }
  }
}

/** The on/off options of a first apply into an account that has MilMove's infrastructure. */
function validateFirstApplyOptions(env: EnvironmentConfig, p: Problems): void {
  for (const field of ["namespaceOwnedElsewhere", "clientEgress"] as const) {
    const value = env[field];
    if (value !== undefined && typeof value !== "object") {
      p.check(typeof value === "boolean", field, value, "true or false");
    }
  }
  const elsewhere = env.namespaceOwnedElsewhere;
  if (typeof elsewhere === "object") {
    p.check(
      CLOUD_MAP_ID("ns").test(elsewhere.id),
      "namespaceOwnedElsewhere.id",
      elsewhere.id,
      "a Cloud Map namespace id, ns- and 16 lowercase letters and digits (aws servicediscovery list-namespaces)",
    );
  }
}

/** No value of one environment may name another: that is how a copy-paste reaches prd. */
function validateNoForeignReferences(
  env: EnvironmentConfig,
  all: readonly EnvironmentConfig[],
  p: Problems,
): void {
  const others = new Set(
    [...ENVIRONMENT_NAMES, ...all.map((e) => e.name as string)].filter((n) => n !== env.name),
  );
  for (const [field, value] of stringLeaves(env)) {
    if (field === "name") continue;
    const foreign = value.split(/[^A-Za-z0-9]+/).find((token) => others.has(token));
    if (foreign) {
      p.add(field, value, `values that refer to this environment only (it names ${foreign})`);
    }
  }
}

function validateUniqueness(envs: readonly EnvironmentConfig[]): string[] {
  const problems: string[] = [];
  const unique = (field: string, key: (e: EnvironmentConfig) => string | undefined) => {
    const firstOwner = new Map<string, EnvironmentConfig>();
    for (const env of envs) {
      const value = key(env);
      if (value === undefined) continue;
      const owner = firstOwner.get(value);
      if (owner !== undefined) {
        problems.push(
          `${label(env)}: ${field} ${JSON.stringify(value)} is already used by ${label(owner)}; each environment needs its own`,
        );
      } else {
        firstOwner.set(value, env);
      }
    }
  };
  // The namespace follows from the name (ADR 0084), so a unique name gives a unique namespace.
  unique("name", (e) => e.name);
  unique("backend.key", (e) => (e.backend?.kind === "s3" ? e.backend.key : undefined));
  unique("backend.workspace", (e) =>
    e.backend?.kind === "cloud"
      ? `${e.backend.hostname ?? "app.terraform.io"}/${e.backend.organization}/${e.backend.workspace}`
      : undefined,
  );
  unique("flagBucketName", (e) => e.flagBucketName);
  unique("accountId", (e) => e.accountId);
  return problems;
}

/** How problems name an environment: `stg`, or `stg (environments/sandbox.ts)` for a file's. */
function label(env: EnvironmentConfig): string {
  const name = String((env as { name?: unknown })?.name);
  const file = fileOf(env);
  return file === undefined ? name : `${name} (${file})`;
}

/** Words that name public subnets, refused in a private-subnet pattern. */
const PUBLIC_WORDS = ["public", "pub"];

/**
 * The flag bucket, the access-log bucket and the state bucket are three buckets: flag readers
 * would read state and logs, the log writer would overwrite flags, state would sit among logs.
 */
function validateDistinctBuckets(env: EnvironmentConfig, p: Problems): void {
  const state = env.backend?.kind === "s3" ? env.backend.bucket : undefined;
  const roles: [string, string | undefined, string][] = [
    ["flagBucketName", env.flagBucketName, "the flag bucket"],
    ["logsBucketName", env.logsBucketName, "the access-log bucket"],
    ["backend.bucket", state, "the state bucket"],
  ];
  roles.forEach(([field, value, what], i) => {
    const earlier = roles.slice(0, i).find(([, other]) => value !== undefined && other === value);
    if (earlier) {
      p.add(
        field,
        value,
        `a bucket other than ${earlier[0]} (${what} and ${earlier[2]} are separate buckets)`,
      );
    }
  });
}

/** Collects problems for one environment in the house format. */
class Problems {
  readonly list: string[] = [];
  constructor(readonly env: string) {}

  /** A problem already phrased by another checker (the flag files'). */
  raw(message: string): void {
    this.list.push(`${this.env}: ${message}`);
  }

  add(field: string, value: unknown, allowed: string): void {
    this.list.push(`${this.env}: ${field} ${show(value)} is not allowed; use ${allowed}`);
  }

  check(ok: boolean, field: string, value: unknown, allowed: string): void {
    if (!ok) this.add(field, value, allowed);
  }

  lookup(
    value: Lookup | undefined,
    field: string,
    idPattern: RegExp,
    idShape: string,
    namePattern: RegExp,
  ): void {
    if (value && "id" in value) {
      this.check(idPattern.test(value.id), `${field}.id`, value.id, idShape);
    } else if (value && "name" in value) {
      this.check(
        namePattern.test(value.name),
        `${field}.name`,
        value.name,
        "a non-empty name of at most 255 characters",
      );
    } else {
      this.add(field, value, '{ id: "..." } or { name: "..." }');
    }
  }
}

function show(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function isDnsName(value: string | undefined): boolean {
  if (!value || value.length > 253) return false;
  const labels = value.split(".");
  return labels.length >= 2 && labels.every((l) => DNS_LABEL.test(l));
}

// Prefixes and suffixes S3 reserves for its own names (access points, Object Lambda, directory
// and table buckets, examples): a bucket with one cannot be created.
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"];

function isBucketName(value: string | undefined): boolean {
  return (
    typeof value === "string" &&
    /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(value) &&
    !RESERVED_BUCKET_PREFIXES.some((prefix) => value.startsWith(prefix)) &&
    !RESERVED_BUCKET_SUFFIXES.some((suffix) => value.endsWith(suffix))
  );
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Every string in a value, with its dotted path. */
function stringLeaves(value: unknown, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, path ? `${path}.${k}` : k));
  }
  return [];
}
