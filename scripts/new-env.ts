// Adds a MilMove environment: `npm run new-env -- <name>`.
//
// Writes environments/<name>.ts from MilMove's conventions (the file is the environment: no
// list to edit), checks the whole configuration, regenerates terraform/ and atlantis.yaml, and
// prints what is left for a person to confirm. On any failure it puts every file back as it was.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { environmentNameProblem } from "../environments/validation";
import { REPOSITORY_ROOT } from "../modules/configuration";
import { committedFiles } from "./terraform-copy";

/**
 * The file adding `name` writes (relative to the root) and its content: the environments are
 * the files of environments/, so nothing else is edited.
 */
export function newEnvironmentEdits(root: string, name: string): Map<string, string> {
  const problem = environmentNameProblem(name);
  if (problem)
    throw new Error(`new-env: name ${JSON.stringify(name)} is not allowed; use ${problem}`);
  const file = `environments/${name}.ts`;
  if (fs.existsSync(path.join(root, file))) {
    throw new Error(`new-env: ${file} exists already; edit it instead`);
  }
  return new Map([[file, environmentFile(name)]]);
}

/** Words JavaScript does not allow as a variable name. */
const RESERVED_IDENTIFIERS = new Set(
  (
    "await break case catch class const continue debugger default delete do else enum export " +
    "extends false finally for function if implements import in instanceof interface let new " +
    "null package private protected public return static super switch this throw true try " +
    "typeof var void while with yield arguments eval " +
    // the names Node's CommonJS wrapper gives every module
    "module exports require"
  ).split(" "),
);

/** The variable an environment file exports: its name, unless JavaScript reserves that word. */
export function identifierOf(name: string): string {
  return RESERVED_IDENTIFIERS.has(name) ? `${name}Environment` : name;
}

/** The new environment's file: MilMove's conventions and the default Flipt, nothing else. */
export function environmentFile(name: string): string {
  return `import { FLIPT_DEFAULTS, milmoveConventions } from "./milmove";
import type { EnvironmentConfig } from "./types";

/** ${name}: added with \`npm run new-env\`. Say here what the environment is for. */
export const ${identifierOf(name)}: EnvironmentConfig = {
  ...milmoveConventions("${name}"),
  production: false,
  flipt: FLIPT_DEFAULTS,
};
`;
}

/** What a person must confirm before the first plan of `name`. */
export function checklist(name: string): string {
  const upper = name.toUpperCase();
  return `Added environment ${name}. Before its first plan, confirm in environments/${name}.ts
(the values come from milmoveConventions in environments/milmove.ts; override any that differ):
  - account alias transcom-gov-milmove-${name}, and the account itself (no id is committed)
  - ECS cluster app-${name}; VPC named app-${name}; private subnets named app-${name}-private-*
  - client security groups ecs-app-${name} and ecs-app-client-tls-${name}
  - state bucket transcom-gov-milmove-${name}-tf-state-us-gov-west-1, key flipt-${name}/terraform.tfstate
  - flag bucket, logs bucket, and the image in the account's private ECR repository "flipt"
Then:
  - give the Atlantis server the account id as FLIPT_ACCOUNT_ID_${upper}
    (or TF_VAR_account_id for \`npm run plan -- ${name}\`)
  - npm test, then commit environments/, terraform/${name}/, terraform/README.md, atlantis.yaml and README.md
  - follow the README's "First plan" procedure for the new account`;
}

function read(root: string, file: string): string {
  return fs.readFileSync(path.join(root, file), "utf8");
}

/** Runs a command in `root`, failing with its output when it fails. */
function run(root: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(
      `new-env: ${command} ${args.join(" ")} failed:\n${result.stdout ?? ""}${result.stderr ?? result.error ?? ""}`,
    );
  }
}

/** Applies the edits, formats them, checks and regenerates; restores everything on failure. */
export function addEnvironment(root: string, name: string): void {
  const edits = newEnvironmentEdits(root, name);
  const before = new Map(
    [...edits.keys()].map((f) => [
      f,
      fs.existsSync(path.join(root, f)) ? read(root, f) : undefined,
    ]),
  );
  // Only the generated files are put back on failure (terraform/<env>/*.tf.json, their README,
  // atlantis.yaml and the README's table): terraform/<env>/ may also hold a `terraform init`
  // working folder, which is not ours to rewrite.
  const generated = committedFiles(root);
  try {
    for (const [file, content] of edits) fs.writeFileSync(path.join(root, file), content);
    const node = process.execPath;
    const runner = path.join(root, "scripts", "run-ts.js");
    // A fresh process loads the new files; it checks every environment and rewrites terraform/.
    run(root, node, [runner, path.join(root, "scripts", "terraform-copy.ts"), "write"]);
  } catch (error) {
    for (const [file, content] of before) {
      if (content === undefined) fs.rmSync(path.join(root, file), { force: true });
      else fs.writeFileSync(path.join(root, file), content);
    }
    for (const file of committedFiles(root).keys()) {
      if (!generated.has(file)) fs.rmSync(path.join(root, file), { force: true });
    }
    for (const [file, content] of generated) fs.writeFileSync(path.join(root, file), content);
    const added = path.join(root, "terraform", name);
    if (fs.existsSync(added) && fs.readdirSync(added).length === 0) fs.rmdirSync(added);
    throw error;
  }
}

// Run as a command, not when a test imports it.
if (path.resolve(process.argv[1] ?? "") === __filename) {
  const name = process.argv[2];
  if (!name || process.argv.length > 3) {
    console.error("usage: npm run new-env -- <name>   (e.g. npm run new-env -- dev)");
    process.exitCode = 2;
  } else {
    try {
      addEnvironment(REPOSITORY_ROOT, name);
      console.log(checklist(name));
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      console.error("new-env: nothing was changed.");
      process.exitCode = 1;
    }
  }
}
