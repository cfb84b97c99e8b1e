import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as path from "path";
import type { BackendConfig } from "../environments/types";

/** Props of {@link StateBackend}. */
export interface StateBackendProps {
  /** Where the stack keeps its Terraform state. */
  readonly settings: BackendConfig;
  /**
   * For the local backend: the state file's path relative to the folder Terraform runs in.
   * It is kept outside the generated output, which every synth replaces.
   */
  readonly localStatePath: string;
}

/**
 * The stack's Terraform backend: S3 with encryption and Terraform's native lock file
 * (MilMove's convention), Terraform Cloud (a `cloud` block naming the environment's workspace),
 * or local state for trying a stack out.
 */
export class StateBackend extends Construct {
  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    const settings = props.settings;
    switch (settings.kind) {
      case "s3": {
        const backend = new S3Backend(stack, {
          bucket: settings.bucket,
          key: settings.key,
          region: settings.region,
          encrypt: true,
          kmsKeyId: settings.kmsKeyId,
          dynamodbTable: settings.dynamodbTable,
        });
        // cdktf 0.21's S3BackendConfig predates these backend arguments: the native lock file
        // (Terraform >= 1.10) and FIPS endpoints for the state bucket (Terraform >= 1.6).
        backend.addOverride("use_lockfile", true);
        backend.addOverride("use_fips_endpoint", true);
        break;
      }
      case "cloud":
        new CloudBackend(stack, {
          organization: settings.organization,
          hostname: settings.hostname,
          workspaces: new NamedCloudWorkspace(settings.workspace, settings.project),
        });
        break;
      case "local":
        new LocalBackend(stack, { path: props.localStatePath.split(path.sep).join("/") });
        break;
    }
  }
}
