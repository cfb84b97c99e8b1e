import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { environments } from "../environments";
import { drift, expectedFiles, writeCommittedCopy } from "../scripts/terraform-copy";
import { REPOSITORY_ROOT } from "../modules/configuration";
import {
  conventional,
  conventionalEnvironments,
  synthEnvironment,
  validationProblems,
  withChanges,
} from "./helpers";

const root = path.join(__dirname, "..");
const stg = conventional("stg");
const problemsOf = validationProblems;

const others = conventionalEnvironments().filter((e) => e.name !== "stg");
/** A valid environment name that is not registered (npm run new-env may have added some). */
const unregistered = ["qa", "dev", "sandbox", "train", "perf"].find(
  (n) => !environments.some((e) => e.name === n),
)!;

describe("state backends", () => {
  it("writes an S3 backend by default (see resources.test.ts for every argument)", () => {
    expect(Object.keys(synthEnvironment(stg).json.terraform?.backend ?? {})).toEqual(["s3"]);
  });

  it("writes a cloud block with the environment's workspace for Terraform Cloud", () => {
    const env = withChanges(
      stg,
      (e) =>
        (e.backend = {
          kind: "cloud",
          organization: "milmove",
          workspace: "flipt-stg",
          project: "MilMove Flipt",
        }),
    );
    const { json } = synthEnvironment(env);
    expect(json.terraform?.backend).toBeUndefined();
    expect(json.terraform?.cloud).toEqual({
      organization: "milmove",
      workspaces: { name: "flipt-stg", project: "MilMove Flipt" },
    });
  });

  it("passes a Terraform Enterprise hostname through", () => {
    const env = withChanges(
      stg,
      (e) =>
        (e.backend = {
          kind: "cloud",
          organization: "milmove",
          workspace: "flipt-stg",
          hostname: "tfe.example.mil",
        }),
    );
    expect(synthEnvironment(env).json.terraform?.cloud).toMatchObject({
      hostname: "tfe.example.mil",
    });
  });

  it("writes a local backend for trying out, its state outside the generated output (see local-state.test.ts)", () => {
    const env = withChanges(stg, (e) => (e.backend = { kind: "local" }));
    expect(synthEnvironment(env).json.terraform?.backend).toEqual({
      local: { path: "../../../.terraform-state/stg/terraform.tfstate" },
    });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      "cloud without organization",
      { kind: "cloud", workspace: "flipt-stg" },
      /^stg: backend\.organization \(missing\) is not allowed; use a Terraform Cloud organization name/,
    ],
    [
      "cloud without workspace",
      { kind: "cloud", organization: "milmove" },
      /^stg: backend\.workspace \(missing\) is not allowed; use a workspace name of 1-90/,
    ],
    [
      "cloud workspace with a slash",
      { kind: "cloud", organization: "milmove", workspace: "flipt/stg" },
      /^stg: backend\.workspace "flipt\/stg" is not allowed/,
    ],
    [
      "cloud hostname with a scheme",
      { kind: "cloud", organization: "milmove", workspace: "flipt-stg", hostname: "https://tfe" },
      /^stg: backend\.hostname "https:\/\/tfe" is not allowed; use a host name such as app\.terraform\.io/,
    ],
    [
      "cloud project too short",
      { kind: "cloud", organization: "milmove", workspace: "flipt-stg", project: "x" },
      /^stg: backend\.project "x" is not allowed; use a Terraform Cloud project name/,
    ],
    [
      "s3 without bucket",
      { kind: "s3", key: "flipt-stg/terraform.tfstate", region: "us-gov-west-1" },
      /^stg: backend\.bucket \(missing\) is not allowed; use an S3 bucket name/,
    ],
    [
      "s3 without key",
      { kind: "s3", bucket: "state-bucket", region: "us-gov-west-1" },
      /^stg: backend\.key \(missing\) is not allowed; use a relative object key ending in \.tfstate/,
    ],
    [
      "s3 without region",
      { kind: "s3", bucket: "state-bucket", key: "flipt-stg/terraform.tfstate" },
      /^stg: backend\.region \(missing\) is not allowed; use a GovCloud region/,
    ],
    ["no kind", {}, /^stg: backend\.kind \(missing\) is not allowed; use s3, cloud or local/],
  ])("rejects %s", (_label, backend, message) => {
    expect(problemsOf([...others, withChanges(stg, (e) => (e.backend = backend))])).toContainEqual(
      expect.stringMatching(message),
    );
  });

  it("rejects two environments on the same Terraform Cloud workspace", () => {
    const cloud = { kind: "cloud", organization: "milmove", workspace: "flipt" };
    const a = withChanges(stg, (e) => (e.backend = cloud));
    const b = withChanges(conventional("prd"), (e) => (e.backend = cloud));
    expect(problemsOf([a, b])).toContainEqual(
      'prd: backend.workspace "app.terraform.io/milmove/flipt" is already used by stg; each environment needs its own',
    );
  });
});

describe("committed Terraform and the drift check", () => {
  let expected: Map<string, string>;
  let dir: string;
  beforeAll(() => (expected = expectedFiles()));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-drift-"));
    writeCommittedCopy(dir, expected);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is what the code synthesizes right now, in this repository", () => {
    expect(drift(root, expected)).toEqual([]);
  });

  it("writes one folder per environment with exactly the synthesized stack", () => {
    expect(fs.readdirSync(path.join(dir, "terraform")).sort()).toEqual(
      [...environments.map((e) => e.name), "README.md"].sort(),
    );
    const stgJson = JSON.parse(
      fs.readFileSync(path.join(dir, "terraform/stg/cdk.tf.json"), "utf8"),
    );
    expect(stgJson.output.endpoint_url.value).toBe("http://flipt.svc-stg.local:8080");
  });

  it("passes on an unchanged copy", () => {
    expect(drift(dir, expected)).toEqual([]);
  });

  it("fails on a deliberately changed file, naming the environment and file", () => {
    const file = path.join(dir, "terraform/prd/cdk.tf.json");
    const committed = fs.readFileSync(file, "utf8");
    // One task more than prd runs, whatever its configured count.
    const changed = committed.replace(
      /"desired_count": (\d+)/,
      (_match, count: string) => `"desired_count": ${Number(count) + 1}`,
    );
    expect(changed).not.toBe(committed);
    fs.writeFileSync(file, changed);
    expect(drift(dir, expected)).toEqual([
      "terraform/prd/cdk.tf.json: differs from what the code synthesizes (environment prd)",
    ]);
  });

  it("fails on a missing environment and on a leftover one", () => {
    fs.rmSync(path.join(dir, "terraform/exp"), { recursive: true });
    fs.mkdirSync(path.join(dir, `terraform/${unregistered}`));
    fs.writeFileSync(path.join(dir, `terraform/${unregistered}/cdk.tf.json`), "{}");
    expect(drift(dir, expected).sort()).toEqual([
      "terraform/exp/cdk.tf.json: missing (environment exp would be added)",
      `terraform/${unregistered}/cdk.tf.json: not produced by the code any more (environment ${unregistered} would be removed)`,
    ]);
  });

  it("fails on a hand-edited atlantis.yaml", () => {
    fs.appendFileSync(path.join(dir, "atlantis.yaml"), "# edited\n");
    expect(drift(dir, expected)).toEqual([
      "atlantis.yaml: differs from what the code synthesizes (Atlantis projects)",
    ]);
  });

  it("leaves Terraform's working files in terraform/<env> alone, also when the environment goes", () => {
    const kept = [
      ".terraform/terraform.tfstate",
      ".terraform.lock.hcl",
      "stg.tfplan",
      "override.tf",
    ];
    for (const env of ["stg", unregistered]) {
      fs.mkdirSync(path.join(dir, "terraform", env, ".terraform"), { recursive: true });
      for (const file of kept) fs.writeFileSync(path.join(dir, "terraform", env, file), file);
    }
    fs.writeFileSync(path.join(dir, `terraform/${unregistered}/cdk.tf.json`), "{}");
    fs.writeFileSync(path.join(dir, "terraform/stg/cdk.tf.json"), "{}");
    expect(drift(dir, expected).length).toBe(4); // stale stg, the leftover stack, two override.tf
    writeCommittedCopy(dir, expected);
    // A hand-written Terraform file is reported (Terraform would read it), never removed.
    expect(drift(dir, expected).sort()).toEqual(
      ["stg", unregistered]
        .sort()
        .map(
          (env) =>
            `terraform/${env}/override.tf: not generated, and Terraform would read it too; move it out or into the code`,
        ),
    );
    for (const env of ["stg", unregistered]) {
      for (const file of kept) {
        expect(fs.readFileSync(path.join(dir, "terraform", env, file), "utf8")).toBe(file);
      }
    }
    expect(fs.existsSync(path.join(dir, `terraform/${unregistered}/cdk.tf.json`))).toBe(false);
  });

  it("repairs all of it with one write, removing what the code no longer makes", () => {
    fs.writeFileSync(path.join(dir, "terraform/stg/cdk.tf.json"), "{}");
    fs.mkdirSync(path.join(dir, `terraform/${unregistered}`));
    fs.writeFileSync(path.join(dir, `terraform/${unregistered}/cdk.tf.json`), "{}");
    expect(writeCommittedCopy(dir, expected).sort()).toEqual([
      `removed terraform/${unregistered}/cdk.tf.json`,
      "wrote terraform/stg/cdk.tf.json",
    ]);
    expect(drift(dir, expected)).toEqual([]);
    expect(fs.existsSync(path.join(dir, `terraform/${unregistered}`))).toBe(false);
  });
});

describe("atlantis.yaml", () => {
  const atlantis = parse(fs.readFileSync(path.join(root, "atlantis.yaml"), "utf8"));
  const environmentDirs = fs
    .readdirSync(path.join(root, "terraform"), { withFileTypes: true })
    .filter(
      (d) => d.isDirectory() && fs.existsSync(path.join(root, "terraform", d.name, "cdk.tf.json")),
    )
    .map((d) => `terraform/${d.name}`)
    .sort();

  it("lists exactly the environment directories that exist, one project each", () => {
    expect(atlantis.projects.map((p: { dir: string }) => p.dir).sort()).toEqual(environmentDirs);
    expect(environmentDirs).toEqual(environments.map((e) => `terraform/${e.name}`).sort());
  });

  it("applies only approved, mergeable plans and passes the account id", () => {
    for (const project of atlantis.projects) {
      expect(project).toMatchObject({
        workflow: "flipt",
        apply_requirements: ["approved", "mergeable"],
        autoplan: { enabled: true },
      });
    }
    expect(atlantis.workflows.flipt.plan.steps[0].env.name).toBe("TF_VAR_account_id");
  });
});

describe("commands that need terraform, on a machine without it", () => {
  // A PATH with node and bash but no terraform.
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-no-terraform-"));
  for (const tool of ["node", "bash", "ls", "tr", "basename", "dirname", "sort", "tail"]) {
    const found = execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
    fs.symlinkSync(found, path.join(bin, tool));
  }
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));
  const run = (script: string, args: string[], extra: Record<string, string> = {}) =>
    spawnSync("bash", [path.join(REPOSITORY_ROOT, "scripts", script), ...args], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, PATH: bin, ...extra },
      encoding: "utf8",
    });

  it("npm run plan says terraform is missing and plans nothing", () => {
    const result = run("plan.sh", ["plan", "stg"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^plan: terraform is not installed \(needed: 1\.10 or later/);
  });

  it("npm run validate says it skipped, and fails when validation is required", () => {
    const skipped = run("validate.sh", []);
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toMatch(/validate: SKIPPED: terraform is not installed/);
    const required = run("validate.sh", [], { VALIDATE_REQUIRED: "1" });
    expect(required.status).toBe(1);
  });
});
