import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { addEnvironmentStacks } from "../modules/configuration";
import { synthesizeAtomically } from "../modules/synthesize";
import { conventional, withChanges } from "./helpers";

// Terraform state is the record of what exists in an account: no synth, successful or not,
// may delete it. These tests run the real synth in a scratch "repository" and check that the
// local backend's state lives outside the generated output and survives everything.
describe("local Terraform state", () => {
  let root: string;
  let outdir: string;
  const local = withChanges(conventional("stg"), (e) => (e.backend = { kind: "local" }));
  const state = () => path.join(root, ".terraform-state", "stg", "terraform.tfstate");
  const synth = (env = local) =>
    synthesizeAtomically(outdir, (app) =>
      addEnvironmentStacks(app, [env], { repositoryRoot: root, names: ["stg"] }),
    );

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-state-"));
    outdir = path.join(root, "cdktf.out");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("is kept at .terraform-state/<env>/terraform.tfstate, outside the output, by default", () => {
    synth();
    const json = JSON.parse(
      fs.readFileSync(path.join(outdir, "stacks", "stg", "cdk.tf.json"), "utf8"),
    );
    const written = json.terraform.backend.local.path as string;
    expect(path.resolve(outdir, "stacks", "stg", written)).toBe(state());
  });

  it("follows an explicit path relative to the repository root", () => {
    synth(withChanges(local, (e) => (e.backend.path = "state/stg.tfstate")));
    const json = JSON.parse(
      fs.readFileSync(path.join(outdir, "stacks", "stg", "cdk.tf.json"), "utf8"),
    );
    expect(path.resolve(outdir, "stacks", "stg", json.terraform.backend.local.path)).toBe(
      path.join(root, "state", "stg.tfstate"),
    );
  });

  it("survives a successful synth and a failed one", () => {
    fs.mkdirSync(path.dirname(state()), { recursive: true });
    fs.writeFileSync(state(), '{"version":4}');
    synth();
    expect(fs.readFileSync(state(), "utf8")).toBe('{"version":4}');
    expect(() => synth(withChanges(local, (e) => (e.flipt.cpu = 300)))).toThrow(/flipt\.cpu 300/);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(fs.readFileSync(state(), "utf8")).toBe('{"version":4}');
  });

  it("keeps state left in a stack's output folder through synths", () => {
    synth();
    const stray = path.join(outdir, "stacks", "stg", "terraform.tfstate");
    fs.writeFileSync(stray, '{"version":4}');
    synth();
    expect(fs.readFileSync(stray, "utf8")).toBe('{"version":4}');
    expect(fs.existsSync(path.join(outdir, "stacks", "stg", "cdk.tf.json"))).toBe(true);
  });
});
