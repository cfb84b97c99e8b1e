import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePoliciesExclusive } from "@cdktf/provider-aws/lib/iam-role-policies-exclusive";
import { IamRolePolicyAttachmentsExclusive } from "@cdktf/provider-aws/lib/iam-role-policy-attachments-exclusive";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { adoptExisting } from "./adoption";
import { PolicySuppressions } from "./policy/suppressions";
import type { GovCloudAwsProvider } from "./aws-provider";
import type { FlagBucket } from "./flag-bucket";
import type { LogGroup } from "./log-group";

/** Props of {@link TaskRoles}. */
export interface TaskRolesProps {
  readonly aws: GovCloudAwsProvider;
  /** Service the roles belong to, e.g. `flipt`; part of the role names. */
  readonly serviceName: string;
  /** Environment name; part of the role names. */
  readonly environmentName: string;
  /** ARN of the private ECR repository the image comes from. */
  readonly repositoryArn: string;
  /** Log group the container writes to. */
  readonly logGroup: LogGroup;
  /** Bucket Flipt reads its flag files from. */
  readonly flagBucket: FlagBucket;
  /**
   * Import the existing roles of these names instead of creating them.
   * @default - both roles are created
   */
  readonly adoptExisting?: { readonly taskRole?: boolean; readonly executionRole?: boolean };
}

/**
 * The two IAM roles of Flipt's task, named as MilMove names them, each with only what it needs:
 * - execution role (`ecs-task-execution-role-<service>-<env>`): ECS uses it to pull the image
 *   from its one repository and write to its one log group;
 * - task role (`ecs-task-role-<service>-<env>`): Flipt uses it to list and read the flag files
 *   and decrypt them with the bucket's key, through S3 only.
 * Both trust the ECS tasks service: the task role with the confused-deputy conditions AWS
 * documents for it, the execution role exactly as AWS documents it (no condition).
 * Each role has exactly the one inline policy declared here and no managed policy: the
 * `*_exclusive` resources remove any other (an adopted 2023 role's old grants) when they are
 * created, and show any added later as drift.
 */
export class TaskRoles extends Construct {
  public readonly executionRoleArn: string;
  public readonly taskRoleArn: string;
  public readonly taskRoleName: string;
  /**
   * The inline policies and what keeps them exclusive; the ECS service depends on them, so its
   * tasks start with exactly these grants and destroy cannot hang in DRAINING.
   */
  public readonly policies: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: TaskRolesProps) {
    super(scope, id);
    const { aws, flagBucket } = props;
    const suffix = `${props.serviceName}-${props.environmentName}`;
    // The task role's trust carries the confused-deputy conditions AWS documents for it (ECS
    // developer guide, "Amazon ECS task IAM role": aws:SourceAccount and aws:SourceArn
    // arn:<partition>:ecs:<region>:<account>:*). Flipt's own code runs with this role.
    const taskRoleTrust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EcsTasksOfThisAccountOnly",
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": aws.accountId },
            ArnLike: { "aws:SourceArn": aws.arn("ecs", "*") },
          },
        },
      ],
    });
    // The execution role's trust is what the ECS developer guide's "Amazon ECS task execution
    // IAM role" page documents: the ecs-tasks service principal, no condition. That page gives
    // no confused-deputy keys for it, and a condition on a key ECS does not send when it assumes
    // the role (aws:SourceArn) would stop every task from starting. Another account cannot use
    // the role: attaching it to a task definition needs iam:PassRole in this account, and roles
    // cannot be passed across accounts. (docs/decisions/0010-first-apply.md)
    const executionRoleTrust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EcsTasksAssumeTheExecutionRole",
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });

    const executionRoleName = `ecs-task-execution-role-${suffix}`;
    const taskRoleName = `ecs-task-role-${suffix}`;
    const executionRole = new IamRole(this, "execution-role", {
      name: executionRoleName,
      description: `ECS pulls the ${props.serviceName} image and writes its logs (${props.environmentName})`,
      assumeRolePolicy: executionRoleTrust,
    });
    const executionPolicy = new IamRolePolicy(this, "execution-policy", {
      name: "pull-image-write-logs",
      role: executionRole.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            // ECR issues registry tokens account-wide; this action has no resource-level form.
            Sid: "GetRegistryToken",
            Effect: "Allow",
            Action: "ecr:GetAuthorizationToken",
            Resource: "*",
          },
          {
            Sid: "PullTheImage",
            Effect: "Allow",
            Action: [
              "ecr:BatchCheckLayerAvailability",
              "ecr:BatchGetImage",
              "ecr:GetDownloadUrlForLayer",
            ],
            Resource: props.repositoryArn,
          },
          {
            Sid: "WriteTheLogGroup",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${props.logGroup.arn}:log-stream:*`,
          },
        ],
      }),
    });

    PolicySuppressions.add(executionRole, [
      {
        id: "IAM-05",
        reason:
          "the execution role's trust follows the ECS developer guide's task execution role page, which documents no aws:SourceAccount condition for it; cross-account use is blocked by iam:PassRole (decision 0010)",
        appliesTo: ["Condition::aws:SourceAccount"],
      },
    ]);
    PolicySuppressions.add(executionPolicy, [
      {
        id: "IAM-03",
        reason:
          "ecr:GetAuthorizationToken has no resource-level form: ECR issues registry tokens account-wide, and ECS needs one to pull the image",
        appliesTo: ["Resource::*::ecr:GetAuthorizationToken"],
      },
    ]);

    const taskRole = new IamRole(this, "task-role", {
      name: taskRoleName,
      description: `${props.serviceName} reads its flag files from S3 (${props.environmentName})`,
      assumeRolePolicy: taskRoleTrust,
    });
    const taskPolicy = new IamRolePolicy(this, "task-policy", {
      name: "read-flag-files",
      role: taskRole.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            // Without ListBucket, S3 answers 403 (not 404) for the optional .flipt.yml index and
            // Flipt refuses to start. No s3:prefix condition: the 404 decision must not depend on it.
            Sid: "ListTheFlagFiles",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: flagBucket.bucketArn,
          },
          {
            Sid: "ReadTheFlagFiles",
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: flagBucket.objectsArn,
          },
          {
            Sid: "DecryptTheFlagFilesThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: flagBucket.key.keyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${aws.region}.amazonaws.com` } },
          },
        ],
      }),
    });

    if (props.adoptExisting?.executionRole) adoptExisting(executionRole, executionRoleName);
    if (props.adoptExisting?.taskRole) adoptExisting(taskRole, taskRoleName);
    // Exclusive management is unconditional: it is what makes "only these grants" true for an
    // adopted role, and its resources stay when `adopt` is removed (their delete is a no-op).
    const exclusive = (
      id: string,
      role: IamRole,
      policy: IamRolePolicy,
    ): [IamRolePoliciesExclusive, IamRolePolicyAttachmentsExclusive] => [
      new IamRolePoliciesExclusive(this, `${id}-inline-policies`, {
        roleName: role.name,
        policyNames: [policy.name],
      }),
      new IamRolePolicyAttachmentsExclusive(this, `${id}-managed-policies`, {
        roleName: role.name,
        policyArns: [],
      }),
    ];
    this.executionRoleArn = executionRole.arn;
    this.taskRoleArn = taskRole.arn;
    this.taskRoleName = taskRole.name;
    this.policies = [
      executionPolicy,
      taskPolicy,
      ...exclusive("execution-role", executionRole, executionPolicy),
      ...exclusive("task-role", taskRole, taskPolicy),
    ];
  }
}
