import { createHash } from "crypto";
import { readFileSync } from "fs";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { Construct } from "constructs";
import { loadFlagFiles } from "./flags/flag-file-validation";
import type { FlagBucket } from "./flag-bucket";

/** Props of {@link ManagedFlagFiles}. */
export interface ManagedFlagFilesProps {
  /** Absolute path of the folder with the environment's flag files. */
  readonly directory: string;
  /** Environment name: the namespace every file must declare. */
  readonly environmentName: string;
  /** Bucket (and prefix) Flipt reads. */
  readonly bucket: FlagBucket;
}

/**
 * Uploads an environment's flag files from this repository to its flag bucket ("managed" mode).
 * Every file is checked first (one bad file and Flipt refuses to start); any problem fails
 * synthesis. Each object carries its content and a SHA-256 of it, so a changed flag shows in
 * `terraform plan` as an update of that one object.
 */
export class ManagedFlagFiles extends Construct {
  /** Object keys uploaded, in order. */
  public readonly keys: readonly string[];

  constructor(scope: Construct, id: string, props: ManagedFlagFilesProps) {
    super(scope, id);
    const files = loadFlagFiles(props.directory, props.environmentName);
    const ids = new Map<string, string>();
    this.keys = files.map((file) => {
      const content = readFileSync(file.absolutePath, "utf8");
      const key = `${props.bucket.flagPrefix}${file.relativePath}`;
      // The id follows the file's path, so adding a file adds one object and renames none.
      const id = file.relativePath.replace(/[^A-Za-z0-9_-]/g, "_");
      const clash = ids.get(id);
      if (clash !== undefined) {
        throw new Error(
          `${props.environmentName}: flag files ${clash} and ${file.relativePath} map to the same resource id ${id}; rename one (letters, digits, - and _ are kept, everything else becomes _)`,
        );
      }
      ids.set(id, file.relativePath);
      new S3Object(this, id, {
        bucket: props.bucket.bucketId,
        key,
        content,
        contentType: "application/yaml",
        serverSideEncryption: "aws:kms",
        kmsKeyId: props.bucket.key.keyArn,
        sourceHash: createHash("sha256").update(content).digest("hex"),
      });
      return key;
    });
  }
}
