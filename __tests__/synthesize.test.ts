import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack, TerraformOutput, Annotations } from "cdktf";
import { synthesizeAtomically } from "../modules/synthesize";

describe("synthesizeAtomically", () => {
  let dir: string;
  let outdir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-synth-"));
    outdir = path.join(dir, "cdktf.out");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const twoStacks = (failSecond: boolean) => (app: import("cdktf").App) => {
    for (const id of ["first", "second"]) {
      const stack = new TerraformStack(app, id);
      new TerraformOutput(stack, "x", { value: id });
      if (failSecond && id === "second") Annotations.of(stack).addError("second: policy violation");
    }
  };

  it("writes every stack when all succeed, replacing earlier output", () => {
    fs.mkdirSync(path.join(outdir, "stacks", "stale"), { recursive: true });
    synthesizeAtomically(outdir, twoStacks(false));
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["first", "second"]);
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["cdktf.out"]);
  });

  it("writes nothing, and removes earlier output, when a later stack fails", () => {
    fs.mkdirSync(path.join(outdir, "stacks", "first"), { recursive: true });
    expect(() => synthesizeAtomically(outdir, twoStacks(true))).toThrow(/second: policy violation/);
    expect(fs.readdirSync(dir)).toEqual([]);
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

  it("writes nothing when building the app throws (for example, invalid configuration)", () => {
    expect(() =>
      synthesizeAtomically(outdir, () => {
        throw new Error("stg: flipt.cpu 300 is not allowed");
      }),
    ).toThrow(/flipt\.cpu 300/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
