import type { TerraformResource } from "cdktf";

/**
 * Adopts an object that already exists in the account: Terraform imports it on the next plan
 * (an `import` block; Terraform >= 1.5, covered by the stack's required_version) instead of
 * trying to create a second one, which AWS refuses for names and private zones that exist.
 * The adopted object is also given `prevent_destroy`: if the configuration differs in an
 * argument that forces replacement, the plan fails instead of deleting what was adopted.
 *
 * @param importId the id `terraform import` takes for this resource type (see each caller)
 */
export function adoptExisting(resource: TerraformResource, importId: string): void {
  resource.importFrom(importId);
  resource.addOverride("lifecycle.prevent_destroy", true);
}
