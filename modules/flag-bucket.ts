import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { adoptExisting } from "./adoption";
import type { EncryptionKey } from "./encryption-key";

/** Props of {@link FlagBucket}. */
export interface FlagBucketProps {
  /** Bucket name, by MilMove's convention `<account-alias>-flipt-<region>`. */
  readonly bucketName: string;
  /** Key prefix the flag files live under; empty for the whole bucket. */
  readonly flagPrefix: string;
  /** Customer-managed key for default encryption (SSE-KMS). */
  readonly key: EncryptionKey;
  /** The account's existing bucket for S3 server access logs. */
  readonly accessLogsBucketName: string;
  /**
   * Import the existing bucket of this name (the pipeline's) instead of creating it. Its
   * settings (encryption, versioning, logging, policy...) are then applied to it.
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/**
 * The bucket Flipt reads its declarative flag files from. MilMove's flag pipeline writes the
 * objects; Flipt only lists and reads them. Private, KMS-encrypted, versioned (so a bad flag
 * file can be rolled back), TLS only, owner-enforced, with access logs.
 */
export class FlagBucket extends Construct {
  public readonly bucketName: string;
  /** The bucket's id attribute: use it where the bucket must exist first. */
  public readonly bucketId: string;
  public readonly bucketArn: string;
  public readonly flagPrefix: string;
  public readonly key: EncryptionKey;
  private readonly policyStatements: object[];

  constructor(scope: Construct, id: string, props: FlagBucketProps) {
    super(scope, id);
    // Destroyed before the key, and the key not at all if the bucket stays: `terraform destroy`
    // cannot delete a bucket that still holds flag files (force_destroy is off), and without this
    // edge it would schedule the deletion of the key those files are encrypted with.
    const bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      dependsOn: [props.key.keyResource],
    });
    if (props.adoptExisting) adoptExisting(bucket, props.bucketName);
    const bucketId = bucket.id;
    this.bucketName = props.bucketName;
    this.bucketId = bucketId;
    this.bucketArn = bucket.arn;
    this.flagPrefix = props.flagPrefix;
    this.key = props.key;

    new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: bucketId,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucketId,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: props.key.keyArn,
          },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketVersioningA(this, "versioning", {
      bucket: bucketId,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketLoggingA(this, "access-logs", {
      bucket: bucketId,
      targetBucket: props.accessLogsBucketName,
      targetPrefix: `s3/${props.bucketName}/`,
    });

    this.policyStatements = [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [this.bucketArn, `${this.bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ];
    // The statements are read when the stack is synthesized, so later grants are included.
    new S3BucketPolicy(this, "policy", {
      bucket: bucketId,
      policy: Lazy.stringValue({
        produce: () => JSON.stringify({ Version: "2012-10-17", Statement: this.policyStatements }),
      }),
    });
  }

  /**
   * Lets a role (MilMove's flag pipeline) write flag files: `s3:PutObject` on the flag prefix
   * only, through the bucket policy, and the key use that SSE-KMS writes need.
   * The role must be in the bucket's account.
   */
  public grantWrite(roleArn: string): void {
    this.policyStatements.push({
      Sid: "FlagPipelineWritesFlagFiles",
      Effect: "Allow",
      Principal: { AWS: roleArn },
      Action: "s3:PutObject",
      Resource: this.objectsArn,
    });
    this.key.grantUseForS3Writes("FlagPipelineEncryptsFlagFiles", roleArn);
  }

  /** ARN pattern of the flag objects (everything under the prefix). */
  public get objectsArn(): string {
    return `${this.bucketArn}/${this.flagPrefix}*`;
  }
}
