import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPOSITORY_ROOT } from "../modules/configuration";
import { outputFolderProblem, removeAbandonedStaging } from "../modules/output-folder";
import { FliptStack } from "../modules/flipt-stack";
import { synthesizeAtomically } from "../modules/synthesize";
import { conventional } from "./helpers";

// Synth deletes the folder it writes to, so it must never be pointed at anything else
// (CDKTF_OUTDIR and `cdktf synth --output` choose it).
describe("the output folder", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-outdir-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const oneStack = (app: import("cdktf").App) => {
    new FliptStack(app, "one", {
      environment: conventional("demo"),
      repositoryRoot: REPOSITORY_ROOT,
    });
  };

  it.each([
    ["the repository", REPOSITORY_ROOT],
    ["a folder above the repository", path.dirname(REPOSITORY_ROOT)],
    ["the working folder", process.cwd()],
    ["the file system's root", path.parse(process.cwd()).root],
    ["the committed Terraform", path.join(REPOSITORY_ROOT, "terraform")],
    ["the environments", path.join(REPOSITORY_ROOT, "environments")],
  ])("refuses %s, touching nothing", (_label, folder) => {
    expect(outputFolderProblem(folder)).toBeDefined();
    expect(() => synthesizeAtomically(folder, oneStack)).toThrow(
      /^Refusing to write to .*Nothing was changed/,
    );
  });

  it("refuses a folder of someone else's files and leaves them", () => {
    const theirs = path.join(dir, "notes");
    fs.mkdirSync(theirs);
    fs.writeFileSync(path.join(theirs, "todo.txt"), "keep me");
    expect(() => synthesizeAtomically(theirs, oneStack)).toThrow(
      /holds files that are not synth output \(todo\.txt\)/,
    );
    expect(fs.readFileSync(path.join(theirs, "todo.txt"), "utf8")).toBe("keep me");
  });

  it("writes to a new folder, and replaces its own output", () => {
    const out = path.join(dir, "out");
    synthesizeAtomically(out, oneStack);
    synthesizeAtomically(out, oneStack);
    expect(fs.readdirSync(out).sort()).toEqual(["manifest.json", "stacks"]);
  });

  it("removes staging folders that interrupted synths left, and only those", () => {
    const out = path.join(dir, "out");
    const dead = `${out}.staging-999999999`;
    const mine = `${out}.staging-${process.pid}-not-a-pid`;
    fs.mkdirSync(dead);
    fs.mkdirSync(mine);
    removeAbandonedStaging(out);
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(mine)).toBe(true);
  });

  it("gives the working files an interrupted swap left in <out>.previous-<pid> back to out", () => {
    const out = path.join(dir, "out");
    synthesizeAtomically(out, oneStack);
    const previous = `${out}.previous-999999999`;
    fs.mkdirSync(path.join(previous, "stacks", "one", ".terraform"), { recursive: true });
    fs.writeFileSync(path.join(previous, "manifest.json"), "{}");
    fs.writeFileSync(path.join(previous, "stacks", "one", "cdk.tf.json"), "{}");
    fs.writeFileSync(path.join(previous, "stacks", "one", "one.tfplan"), "plan");
    removeAbandonedStaging(out);
    expect(fs.existsSync(previous)).toBe(false);
    expect(fs.readFileSync(path.join(out, "stacks", "one", "one.tfplan"), "utf8")).toBe("plan");
    expect(fs.existsSync(path.join(out, "stacks", "one", ".terraform"))).toBe(true);
    expect(fs.readFileSync(path.join(out, "stacks", "one", "cdk.tf.json"), "utf8")).not.toBe("{}");
  });
});
