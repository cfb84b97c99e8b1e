import { createHash } from "crypto";
import { readFileSync } from "fs";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { DefaultTokenResolver, StringConcat, Tokenization } from "cdktf";
import { Construct } from "constructs";
import { FlagFileValidationError, loadFlagFiles } from "./flags/flag-file-validation";
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
 * A text as a Terraform string literal: Terraform reads every string of the JSON as a template,
 * so `${` and `%{` are escaped (`$${`, `%%{`) and the value is the text itself. Without it a
 * flag description `${file("/proc/self/environ")}` would copy the environment of the machine
 * running Terraform into the bucket.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, "$1$1{");
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Uploads an environment's flag files from this repository to its flag bucket ("managed" mode).
 * Every file is checked first (one bad file and Flipt refuses to start); any problem fails
 * synthesis. Each object's `content` is the file's text as a literal, so the bucket holds the
 * file's bytes, and carries a SHA-256 of them, so a changed flag shows in `terraform plan` as an
 * update of that one object. (Not `source`: a file read from the machine running Terraform is
 * what the policy contract refuses.)
 */
export class ManagedFlagFiles extends Construct {
  /** Object keys uploaded, in order. */
  public readonly keys: readonly string[];

  constructor(scope: Construct, id: string, props: ManagedFlagFilesProps) {
    super(scope, id);
    const files = loadFlagFiles(props.directory, props.environmentName);
    const ids = new Map<string, string>();
    this.keys = files.map((file) => {
      // The checker has refused anything but UTF-8, so the text encodes back to these bytes.
      const bytes = readFileSync(file.absolutePath);
      const content = terraformLiteral(UTF8.decode(bytes));
      if (!survivesCdktf(this, content)) {
        throw new FlagFileValidationError(props.environmentName, [
          {
            file: file.absolutePath,
            path: "",
            message:
              "the file contains text cdktf reads as one of its own tokens (such as ${TfToken[TOKEN.1]}), which it would replace, so the bucket would not get the file's bytes; reword that text",
          },
        ]);
      }
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
        sourceHash: createHash("sha256").update(bytes).digest("hex"),
      });
      return key;
    });
  }
}

/** True when cdktf's token resolution leaves `content` as it is (it rewrites its own markers). */
function survivesCdktf(scope: Construct, content: string): boolean {
  try {
    const resolver = new DefaultTokenResolver(new StringConcat());
    return Tokenization.resolve(content, { scope, resolver }) === content;
  } catch {
    return false;
  }
}
