import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import type { GovCloudAwsProvider } from "./aws-provider";

/** Props of {@link EncryptionKey}. */
export interface EncryptionKeyProps {
  /** The stack's provider: partition, account and region for the key policy. */
  readonly aws: GovCloudAwsProvider;
  /** Alias without the `alias/` prefix, e.g. `flipt-stg`. */
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

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const { aws } = props;

    const key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
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
        ],
      }),
    });
    new KmsAlias(this, "alias", { name: `alias/${props.aliasName}`, targetKeyId: key.keyId });

    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = `alias/${props.aliasName}`;
  }
}
