import { App, Aspects, DataResource, TerraformOutput, TerraformStack } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { onStackSynthesis, takeTerraformVersionChecks } from "../modules/private/cdktf-adapter";

// The adapter is the one place that uses cdktf beyond its public API. These tests say at once
// if a cdktf or constructs release (or the move to cdktn) changes what it relies on.
describe("cdktf adapter", () => {
  it("runs the synthesis hook after every aspect, once per synthesis", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-adapter-"));
    const app = new App({ outdir, skipValidation: true });
    const stack = new TerraformStack(app, "hooked");
    new TerraformOutput(stack, "x", { value: "x" });
    const seen: string[] = [];
    Aspects.of(stack).add({ visit: (node) => node === stack && seen.push("aspect") });
    onStackSynthesis(stack, "hook", () => seen.push("hook"));
    app.synth();
    expect(seen).toEqual(["aspect", "hook"]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it("takes cdktf's terraform version checks, with the versions they required", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-adapter-"));
    const app = new App({ outdir, skipValidation: true });
    const stack = new TerraformStack(app, "versions");
    new AwsProvider(stack, "aws", { region: "us-gov-west-1" });
    new DataResource(stack, "marker", {});
    new S3Bucket(stack, "bucket", { bucket: "b" }).importFrom("b");
    const taken = takeTerraformVersionChecks(app);
    expect(taken).toEqual(
      expect.arrayContaining([
        { path: "versions/marker", constraint: ">=1.4" },
        { path: "versions/bucket", constraint: ">=1.5" },
      ]),
    );
    // Gone: validating the tree now starts no `terraform version` process.
    for (const node of app.node.findAll()) {
      expect(node.node.validate()).toEqual([]);
    }
    expect(takeTerraformVersionChecks(app)).toEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
