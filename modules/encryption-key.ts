import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { adoptExisting } from "./adoption";
import type { GovCloudAwsProvider } from "./aws-provider";

/** Props of {@link EncryptionKey}. */
export interface EncryptionKeyProps {
  /** The stack's provider: partition, account and region for the key policy. */
  readonly aws: GovCloudAwsProvider;
  /** Alias with its `alias/` prefix, e.g. `alias/flipt-stg`. */
  readonly aliasName: string;
  /** What the key protects, shown in the console. */
  readonly description: string;
  /** Log groups (by name) whose CloudWatch Logs encryption may use the key. */
  readonly logGroupNames: readonly string[];
  /**
   * Waiting period before a scheduled deletion, in days.
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Id of the existing key to import instead of creating one (its policy is then replaced).
   * @default - a key is created
   */
  readonly adoptKeyId?: string;
  /**
   * Import the existing alias of this name instead of creating it.
   * @default false
   */
  readonly adoptAlias?: boolean;
}

/**
 * A customer-managed KMS key, with rotation on, for the log group and the flag bucket.
 * The policy keeps the key administrable by the account (so IAM policies grant its use) and
 * lets this account's CloudWatch Logs, in this region only, use it for the named log groups.
 */
export class EncryptionKey extends Construct {
  public readonly keyArn: string;
  public readonly keyId: string;
  public readonly aliasName: string;
  /** The key resource, for what must be destroyed before the key (the flag bucket). */
  public readonly keyResource: KmsKey;
  private readonly statements: object[];
  private readonly region: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const { aws } = props;

    this.region = aws.region;
    this.statements = [
      {
        // Without this statement nobody could ever change or use the key through IAM.
        Sid: "AccountAdministersKeyThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${aws.partition}:iam::${aws.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsEncryptsThisStacksLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${aws.region}.amazonaws.com` },
        Action: [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ],
        Resource: "*",
        Condition: {
          ArnEquals: {
            "kms:EncryptionContext:aws:logs:arn": props.logGroupNames.map((name) =>
              aws.arn("logs", `log-group:${name}`),
            ),
          },
        },
      },
    ];
    const key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      // Read at synthesis, so statements added by grants are included.
      policy: Lazy.stringValue({
        produce: () => JSON.stringify({ Version: "2012-10-17", Statement: this.statements }),
      }),
    });
    const alias = new KmsAlias(this, "alias", {
      name: props.aliasName,
      targetKeyId: key.keyId,
    });
    if (props.adoptKeyId) adoptExisting(key, props.adoptKeyId);
    if (props.adoptAlias) adoptExisting(alias, props.aliasName);

    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.keyResource = key;
    this.aliasName = props.aliasName;
  }

  /**
   * Lets a principal use the key for SSE-KMS writes to S3 in this region, and only through S3.
   * @param sid statement id, naming who and why
   */
  public grantUseForS3Writes(sid: string, principalArn: string): void {
    this.statements.push({
      Sid: sid,
      Effect: "Allow",
      Principal: { AWS: principalArn },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": `s3.${this.region}.amazonaws.com` } },
    });
  }
}
