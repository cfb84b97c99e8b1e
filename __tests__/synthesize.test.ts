import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack, TerraformOutput, Annotations, DataResource } from "cdktf";
import { REPOSITORY_ROOT } from "../modules/configuration";
import { FliptStack } from "../modules/flipt-stack";
import { PolicyChecks } from "../modules/policy/policy-aspect";
import { synthesizeAtomically } from "../modules/synthesize";
import { conventional } from "./helpers";

describe("synthesizeAtomically", () => {
  let dir: string;
  let outdir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-synth-"));
    outdir = path.join(dir, "cdktf.out");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Stacks the contract accepts: FliptStacks of MilMove's conventional environments.
  const checked = (app: import("cdktf").App, id: string) =>
    new FliptStack(app, id, { environment: conventional("demo"), repositoryRoot: REPOSITORY_ROOT });
  const twoStacks = (failSecond: boolean) => (app: import("cdktf").App) => {
    for (const id of ["first", "second"]) {
      const stack = checked(app, id);
      if (failSecond && id === "second") Annotations.of(stack).addError("second: policy violation");
    }
  };

  it("writes every stack when all succeed, replacing earlier output", () => {
    fs.mkdirSync(path.join(outdir, "stacks", "stale"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "manifest.json"), "{}"); // a previous synth's output
    synthesizeAtomically(outdir, twoStacks(false));
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["first", "second"]);
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["cdktf.out"]);
  });

  it("writes nothing, and removes earlier output, when a later stack fails", () => {
    fs.mkdirSync(path.join(outdir, "stacks", "first"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "manifest.json"), "{}"); // a previous synth's output
    expect(() => synthesizeAtomically(outdir, twoStacks(true))).toThrow(/second: policy violation/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  /** Terraform's working files, as `terraform init`, `plan -out` and a local backend leave them. */
  const workingFiles = [
    ".terraform/providers/marker",
    ".terraform.lock.hcl",
    "flipt.tfplan",
    "flipt.plan",
    "terraform.tfstate",
    "terraform.tfstate.d/other/terraform.tfstate",
  ];
  const plantWorkingFiles = (stackDir: string) => {
    for (const file of workingFiles) {
      fs.mkdirSync(path.dirname(path.join(stackDir, file)), { recursive: true });
      fs.writeFileSync(path.join(stackDir, file), file);
    }
  };
  const expectWorkingFiles = (stackDir: string) => {
    for (const file of workingFiles) {
      expect(fs.readFileSync(path.join(stackDir, file), "utf8")).toBe(file);
    }
  };

  it("keeps Terraform's working files in a stack's folder through a new synth and a failed one", () => {
    synthesizeAtomically(outdir, twoStacks(false));
    const first = path.join(outdir, "stacks", "first");
    plantWorkingFiles(first);
    synthesizeAtomically(outdir, twoStacks(false));
    expectWorkingFiles(first);
    expect(fs.existsSync(path.join(first, "cdk.tf.json"))).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["cdktf.out"]);

    expect(() => synthesizeAtomically(outdir, twoStacks(true))).toThrow(/policy violation/);
    expectWorkingFiles(first);
    // Nothing applyable is left: no stack, no manifest; the other stack's folder is gone.
    expect(fs.existsSync(path.join(first, "cdk.tf.json"))).toBe(false);
    expect(fs.readdirSync(outdir)).toEqual(["stacks"]);
    expect(fs.readdirSync(path.join(outdir, "stacks"))).toEqual(["first"]);
  });

  it("keeps the working files of a stack the app no longer has, without its stack", () => {
    synthesizeAtomically(outdir, twoStacks(false));
    const second = path.join(outdir, "stacks", "second");
    plantWorkingFiles(second);
    synthesizeAtomically(outdir, (app) => {
      checked(app, "first");
    });
    expectWorkingFiles(second);
    expect(fs.existsSync(path.join(second, "cdk.tf.json"))).toBe(false);
  });

  it("refuses error annotations even when CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS is set", () => {
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "1";
    try {
      expect(() => synthesizeAtomically(outdir, twoStacks(true))).toThrow(
        /second: policy violation/,
      );
    } finally {
      delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses a stack the policy pack did not check, writing nothing", () => {
    expect(() =>
      synthesizeAtomically(outdir, (app) => {
        twoStacks(false)(app);
        new TerraformOutput(new TerraformStack(app, "unchecked"), "x", { value: "x" });
      }),
    ).toThrow(/Stack unchecked was not checked against the stack contract/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("needs no terraform binary: cdktf's version checks become a required_version check", () => {
    // A bare stack: the contract refuses it, but only after the version checks passed.
    const withData = (requiredVersion?: string) => (app: import("cdktf").App) => {
      const stack = new TerraformStack(app, "marker");
      PolicyChecks.applyTo(stack, { environment: conventional("demo") });
      new DataResource(stack, "marker", {});
      if (requiredVersion) stack.addOverride("terraform.required_version", requiredVersion);
    };
    const path0 = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(() => synthesizeAtomically(outdir, withData(">= 1.10.0"))).toThrow(
        /^The policy pack found \d+ errors; nothing was written/,
      );
      expect(() => synthesizeAtomically(outdir, withData(">= 1.2.0"))).toThrow(
        /\[marker\/marker\] needs Terraform >=1\.4, which the stack's required_version ">= 1\.2\.0" does not guarantee/,
      );
      expect(() => synthesizeAtomically(outdir, withData())).toThrow(
        /required_version "\(unset\)" does not guarantee/,
      );
    } finally {
      process.env.PATH = path0;
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("writes nothing when building the app throws (for example, invalid configuration)", () => {
    expect(() =>
      synthesizeAtomically(outdir, () => {
        throw new Error("stg: flipt.cpu 300 is not allowed");
      }),
    ).toThrow(/flipt\.cpu 300/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
