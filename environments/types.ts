/**
 * The shape of a MilMove environment as far as Flipt is concerned.
 *
 * Everything here is plain, readonly data: one file per environment fills it in, and
 * `validateEnvironments` checks all of them before any construct is built.
 */

import type { CPU_ARCHITECTURES, LOG_LEVELS } from "./rules";

/**
 * A MilMove environment name: the name of the environment's file, `environments/<name>.ts`.
 * Validation refuses a name that is not its file's.
 */
export type EnvironmentName = string;

/** Something that exists already in the account: given by id, or looked up by name. */
export type Lookup = { readonly id: string } | { readonly name: string };

/** The ECS services of MilMove that call Flipt, and how to find their security groups. */
export interface ClientService {
  /** ECS service name, e.g. `app`. Used in rule descriptions. */
  readonly service: string;
  /**
   * The service's security group: an id (`sg-...`), or its group name looked up in the VPC.
   * MilMove names these `ecs-<service>-<env>`.
   */
  readonly securityGroup: Lookup;
}

/** Where the VPC and the private subnets Flipt runs in come from. */
export interface NetworkConfig {
  /** The environment's VPC: an id (`vpc-...`), or the value of its `Name` tag. */
  readonly vpc: Lookup;
  /**
   * The private subnets: explicit ids (`subnet-...`), or a `Name` tag pattern (wildcards allowed)
   * matched inside the VPC. A pattern must say `private` as a word and not `public` or `pub`,
   * so it cannot match the public subnets.
   */
  readonly privateSubnets: { readonly ids: readonly string[] } | { readonly namePattern: string };
}

/** The Flipt container image, mirrored into the environment account's private ECR. */
export interface FliptImage {
  /** Name of the private ECR repository in the environment's account, e.g. `flipt`. */
  readonly repository: string;
  /** The Flipt release, a v1 tag such as `v1.61.1` (v1.28.1 or later: S3 storage needs it). */
  readonly version: string;
  /**
   * Image digest (`sha256:<64 hex>`). When set, the task pulls this exact digest and `version`
   * only documents which release it is.
   * @default - the image is pulled by the `version` tag
   */
  readonly digest?: string;
}

/** CPU architecture of the Fargate task. */
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

/** How Flipt runs. */
export interface FliptConfig {
  readonly image: FliptImage;
  /** Fargate task CPU units (256 = 0.25 vCPU). */
  readonly cpu: number;
  /** Fargate task memory in MiB; must be valid for `cpu`. */
  readonly memoryMiB: number;
  /** CPU architecture; the image must be published for it (Flipt ships amd64 and arm64). */
  readonly cpuArchitecture: CpuArchitecture;
  /** Number of Flipt tasks. ADR 0084: one instance per environment. */
  readonly desiredCount: number;
  /** How often Flipt polls the flag bucket, in seconds. */
  readonly pollIntervalSeconds: number;
  /** Flipt log level. */
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

/** The Terraform state backend of the environment's stack. */
export type BackendConfig = S3BackendSettings | CloudBackendSettings | LocalBackendSettings;

/** State in S3 with Terraform's native lock file: MilMove's convention. */
export interface S3BackendSettings {
  readonly kind: "s3";
  /** State bucket, by convention `<account-alias>-tf-state-<region>`. */
  readonly bucket: string;
  /** State object key; unique per environment, by convention `flipt-<env>/terraform.tfstate`. */
  readonly key: string;
  /** Region of the state bucket. */
  readonly region: string;
  /**
   * KMS key (ARN or alias) to encrypt the state with.
   * @default - the bucket's default encryption
   */
  readonly kmsKeyId?: string;
  /**
   * Legacy DynamoDB lock table, for accounts that still lock that way (MilMove's convention
   * is `terraform-state-lock`). The native S3 lock file is used in any case.
   * @default - no DynamoDB table; native S3 locking only
   */
  readonly dynamodbTable?: string;
}

/** Terraform Cloud (or Enterprise): a `cloud` block with one workspace per environment. */
export interface CloudBackendSettings {
  readonly kind: "cloud";
  /** Terraform Cloud organization. */
  readonly organization: string;
  /** Workspace of this environment, e.g. `flipt-stg`; unique per environment. */
  readonly workspace: string;
  /**
   * Terraform Cloud project the workspace belongs to.
   * @default - the organization's default project
   */
  readonly project?: string;
  /**
   * Hostname of Terraform Enterprise.
   * @default "app.terraform.io"
   */
  readonly hostname?: string;
}

/** Local state, for trying a stack out. Never for a real account; refused in production. */
export interface LocalBackendSettings {
  readonly kind: "local";
  /**
   * Path of the state file, relative to the repository root. It must stay out of `cdktf.out/`
   * and `terraform/`, which are generated and replaced on every synth.
   * @default ".terraform-state/<env>/terraform.tfstate" (gitignored)
   */
  readonly path?: string;
}

/**
 * Flipt's read-only UI behind an internal Application Load Balancer. Off unless set.
 * Declarative (S3) storage is read-only, so the UI can show flags but never change them.
 */
export interface UiConfig {
  /** ACM certificate for the HTTPS listener, in the environment's account and region. */
  readonly certificateArn: string;
  /**
   * CIDR ranges allowed to reach the UI, e.g. the VPN's. Never empty, never 0.0.0.0/0.
   */
  readonly allowedCidrs: readonly string[];
  /**
   * A DNS name for the UI in an existing Route 53 hosted zone.
   * @default - no record; use the load balancer's own DNS name
   */
  readonly dns?: { readonly hostedZoneId: string; readonly recordName: string };
  /**
   * Deletion protection of the UI's load balancer. Production keeps it on. To remove the UI
   * from another environment, set this to false and apply, then remove `ui` and apply again.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/** Where the flag files in the bucket come from. */
export type FlagsConfig =
  | {
      /** MilMove's flag pipeline writes the bucket (the default). */
      readonly mode: "external";
      /**
       * Name of the pipeline's IAM role in the environment's account, granted `s3:PutObject` on
       * the flag prefix only (and the key use that needs). A name, not an ARN: the stack builds
       * the ARN from the guarded account, so the grant can never reach another account.
       * @default - no grant; the pipeline's access is managed elsewhere
       */
      readonly writerRoleName?: string;
    }
  | {
      /** The stack uploads the flag files in `directory`, checked at synth. */
      readonly mode: "managed";
      /** Folder of this repository with the environment's flag files, e.g. `flags/stg`. */
      readonly directory: string;
    };

/** The alarm that fires when Flipt has no running task. */
export interface AlarmConfig {
  /**
   * SNS topic notified when the alarm fires and clears.
   * @default - no notification; the alarm is visible in CloudWatch only
   */
  readonly snsTopicArn?: string;
}

/**
 * Flipt resources that already exist in the environment's account (MilMove ran Flipt in 2023),
 * by id. Each one set becomes a Terraform `import` block, so the first plan adopts the object
 * instead of failing to create a second one; an adopted object is also protected with
 * `prevent_destroy`, so a plan that would replace it fails instead. Remove the old
 * configuration's state entries first (docs/adoption.md).
 */
export interface AdoptionConfig {
  /**
   * Cloud Map private DNS namespace id (`ns-...`) of `namespaceName`.
   * @default - the namespace is created
   */
  readonly namespaceId?: string;
  /**
   * Cloud Map discovery service id (`srv-...`) of `serviceName` in that namespace.
   * @default - the discovery service is created
   */
  readonly discoveryServiceId?: string;
  /**
   * The ECS service, as `<cluster>/<service>`; must be `clusterName`/`serviceName`.
   * @default - the ECS service is created
   */
  readonly ecsService?: string;
  /**
   * Name of the task role; must be `ecs-task-role-<service>-<env>`.
   * @default - the task role is created
   */
  readonly taskRoleName?: string;
  /**
   * Name of the task execution role; must be `ecs-task-execution-role-<service>-<env>`.
   * @default - the execution role is created
   */
  readonly executionRoleName?: string;
  /**
   * Name of the log group; must be `ecs-tasks-<service>-<env>`.
   * @default - the log group is created
   */
  readonly logGroupName?: string;
  /**
   * Id (`sg-...`) of Flipt's security group `ecs-<service>-<env>`.
   * @default - the security group is created
   */
  readonly securityGroupId?: string;
  /**
   * Name of the flag bucket; must be `flagBucketName`.
   * @default - the bucket is created
   */
  readonly flagBucketName?: string;
  /**
   * Id (a UUID) of the KMS key that encrypts the bucket and the log group.
   * @default - a key is created
   */
  readonly kmsKeyId?: string;
  /**
   * The key's alias, `alias/<service>-<env>`; needs `kmsKeyId` (else the alias would be moved
   * to a new key, and objects encrypted with the old one would become unreadable to Flipt).
   * @default - the alias is created
   */
  readonly kmsAliasName?: string;
  /**
   * With `clientEgress`: the existing egress rule (`sgr-` and 17 hex digits) from a client's
   * security group to Flipt's group on 8080, by client service name (`{ app: "sgr-..." }`).
   * The 2023 setup added such a rule to each client group that restricts egress; the stack's
   * own rule for that client would be refused as InvalidPermission.Duplicate at apply, which
   * the plan cannot show. Adopted, it keeps the app's path to Flipt open throughout, and only
   * its description is updated in place. Find the id with
   * `aws ec2 describe-security-group-rules --filters Name=group-id,Values=<client sg>`: the
   * rule with `IsEgress` true, `ReferencedGroupInfo.GroupId` Flipt's group and ports 8080.
   * @default - every client's egress rule is created
   */
  readonly clientEgressRuleIds?: { readonly [service: string]: string };
}

/** One MilMove environment. */
export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  /** True for the production environment: stricter protections apply. */
  readonly production: boolean;
  /** AWS GovCloud region. */
  readonly region: string;
  /** The account's alias, `transcom-gov-milmove-<env>`; bucket names derive from it. */
  readonly accountAlias: string;
  /**
   * The 12-digit account id the stack may run against. MilMove's ids are not public, so the
   * committed environments leave this unset and the stack asks for it as the Terraform
   * variable `account_id` (validated) at plan time.
   * @default - taken from the Terraform variable `account_id`
   */
  readonly accountId?: string;
  /**
   * Role for Terraform to assume in the environment's account.
   * @default - the caller's own credentials (MilMove's `transcom-gov-milmove-<env>` profile)
   */
  readonly assumeRoleArn?: string;
  /** The environment's ECS cluster, `app-<env>`. */
  readonly clusterName: string;
  /**
   * Cloud Map private DNS namespace the app resolves Flipt in: `svc-<env>.local`, fixed by
   * ADR 0084 (the app is configured with `http://flipt.svc-<env>.local:8080`).
   */
  readonly namespaceName: string;
  /** Cloud Map service name, and the ECS service name: `flipt`, fixed by ADR 0084. */
  readonly serviceName: string;
  /** TTL of the discovery service's A record, in seconds. */
  readonly dnsTtlSeconds: number;
  /** The ECS services allowed to call Flipt on 8080. */
  readonly clients: readonly ClientService[];
  readonly network: NetworkConfig;
  readonly flipt: FliptConfig;
  /** Flag bucket name, by convention `<account-alias>-flipt-<region>`. */
  readonly flagBucketName: string;
  /** Key prefix of the flag files in the bucket; empty for the whole bucket. */
  readonly flagPrefix: string;
  /**
   * The account's existing S3 access-log bucket, by convention `<account-alias>-aws-logs`. The
   * flag bucket, this one and the state bucket are three different buckets.
   */
  readonly logsBucketName: string;
  /**
   * Retention of Flipt's log group, in days: a CloudWatch value of at least 365 (365, 400,
   * 545, 731, 1096, ...). "Never expire" (0) is refused. One rule, `logRetentionProblem` in
   * environments/rules.ts, which the policy pack applies too.
   */
  readonly logRetentionDays: number;
  readonly backend: BackendConfig;
  /**
   * The read-only UI behind an internal load balancer.
   * @default - no UI
   */
  readonly ui?: UiConfig;
  /** Where the flag files come from. */
  readonly flags: FlagsConfig;
  /** The "Flipt is down" alarm. */
  readonly alarm: AlarmConfig;
  /**
   * Tags on every resource (through the provider's default tags). No two keys may differ in
   * case only: IAM takes them for one key, and the roles fail to apply.
   */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Existing Flipt resources to import on the first plan instead of creating them.
   * @default - nothing is imported; every resource is created
   */
  readonly adopt?: AdoptionConfig;
  /**
   * Set when the namespace `namespaceName` belongs to other infrastructure: the stack creates the
   * `flipt` discovery service in it and never changes or destroys it. `true` looks it up by
   * name; `{ id: "ns-..." }` takes it by id, for an account with namespaces of that name in
   * other VPCs. Either way the plan stops unless it is the namespace of the stack's VPC.
   * @default false
   */
  readonly namespaceOwnedElsewhere?: boolean | { readonly id: string };
  /**
   * Adds egress rules to Flipt's port on the client services' security groups (one described
   * rule each), for client groups that restrict egress. Leave off when those groups declare
   * their rules inline in another configuration (docs/configuration.md, "Reaching Flipt from
   * the app").
   * @default false
   */
  readonly clientEgress?: boolean;
}
