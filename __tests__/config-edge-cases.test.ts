import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { environments } from "../environments";
import { discoverEnvironments } from "../environments/registry";
import { environmentNameProblem } from "../environments/validation";
import type { EnvironmentConfig } from "../environments/types";
import { newEnvironmentEdits } from "../scripts/new-env";
import { conventional, problemsWith, validationProblems, withChanges } from "./helpers";

// Inputs that once crashed validation, slipped through it, or were blamed on the wrong file.
const stg = conventional("stg");
const problemsOf = (change: (e: Record<string, any>) => void) =>
  problemsWith(withChanges(stg, change));

describe("the environments are the files of environments/", () => {
  let folder: string;
  const milmove = path.resolve(__dirname, "../environments/milmove");
  const write = (file: string, body: string) =>
    fs.writeFileSync(
      path.join(folder, file),
      `import { FLIPT_DEFAULTS, milmoveConventions } from ${JSON.stringify(milmove)};\n${body}`,
    );
  const envFile = (variable: string, name: string) =>
    `export const ${variable} = { ...milmoveConventions("${name}"), production: false, flipt: FLIPT_DEFAULTS };\n`;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-envs-"))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it("names the file of an environment pasted under another name", () => {
    write("stg.ts", envFile("stg", "stg"));
    write("sandbox.ts", envFile("sandbox", "stg"));
    const found = discoverEnvironments(folder);
    expect(found.names).toEqual(["stg", "sandbox"]);
    expect(validationProblems(found.environments, found.names)).toEqual(
      expect.arrayContaining([
        'stg (environments/sandbox.ts): name "stg" is not allowed; use sandbox, the name of its file (an environment is the file named after it)',
        'stg (environments/sandbox.ts): name "stg" is already used by stg (environments/stg.ts); each environment needs its own',
      ]),
    );
  });

  it("refuses a file that exports more than its environment, naming it", () => {
    write("stg.ts", `${envFile("stg", "stg")}export const extra = 1;\n`);
    expect(() => discoverEnvironments(folder)).toThrow(
      /^environments\/stg\.ts exports (extra, stg|stg, extra); an environment's file exports exactly one value/,
    );
  });

  it("are added by writing one file, nothing else", () => {
    expect([...newEnvironmentEdits(folder, "qa").keys()]).toEqual(["environments/qa.ts"]);
  });

  it("reports a list entry that is not an environment", () => {
    const list = environments.map((e) => (e.name === "stg" ? undefined : e));
    expect(validationProblems(list as unknown as EnvironmentConfig[])).toEqual([
      expect.stringMatching(/^environments\[\d+\]: undefined is not an environment/),
    ]);
  });
});

describe("environment files at their edges", () => {
  it("reports an empty slot in a list instead of skipping it", () => {
    expect(
      problemsOf((e) => {
        e.ui = { certificateArn: "x", allowedCidrs: new Array(1) };
      }),
    ).toContainEqual(
      "stg: ui.allowedCidrs[0] (missing) is not allowed; use a value, not an empty slot of the list",
    );
  });

  it("shows NaN and Infinity as themselves, and wants a finite number", () => {
    expect(problemsOf((e) => (e.dnsTtlSeconds = NaN))).toEqual([
      "stg: dnsTtlSeconds NaN is not allowed; use a finite number",
    ]);
    expect(problemsOf((e) => (e.flipt.cpu = Infinity))).toEqual([
      "stg: flipt.cpu Infinity is not allowed; use a finite number",
    ]);
  });

  it("does not take an inherited property for a backend kind", () => {
    expect(problemsOf((e) => (e.backend = { kind: "toString" }))).toEqual([
      'stg: backend.kind "toString" is not allowed; use s3, cloud or local',
    ]);
  });

  it("reports a BigInt instead of crashing", () => {
    expect(problemsOf((e) => (e.flipt.cpu = BigInt(256)))).toEqual([
      "stg: flipt.cpu 256n is not allowed; use a number (without quotes)",
    ]);
  });

  it.each(["constructor", "valueof", "tostring"])(
    "refuses %s as an environment name when JavaScript objects have it",
    (name) => {
      const problem = environmentNameProblem(name);
      if (name in Object.prototype)
        expect(problem).toMatch(/not a property every JavaScript object has/);
      else expect(problem).toBeUndefined();
    },
  );

  it.each([
    "./.validate/x.tfstate",
    "./node_modules/x.tfstate",
    "./terraform/x.tfstate",
    "CDKTF.OUT/x.tfstate",
    "cdktf.out.staging-1/x.tfstate",
    "a/../terraform/x.tfstate",
    "state\\..\\terraform\\x.tfstate",
    ".git/x.tfstate",
  ])("refuses local state at %s, a folder something else replaces", (statePath) => {
    expect(problemsOf((e) => (e.backend = { kind: "local", path: statePath }))).toContainEqual(
      expect.stringMatching(
        /^stg: backend\.path .* is not allowed; use a path relative to the repository root/,
      ),
    );
  });

  it.each([
    "cdktf.out2/stg.tfstate",
    ".terraform-state/stg/terraform.tfstate",
    "state/stg.tfstate",
    "terraform.tfstate",
    "terraform-state/stg.tfstate",
  ])("accepts local state at %s", (statePath) => {
    expect(problemsOf((e) => (e.backend = { kind: "local", path: statePath }))).toEqual([]);
  });
});
