// The committed, reviewable copy of what Terraform receives, and the drift check over it.
//
//   npm run terraform:write   writes terraform/<env>/cdk.tf.json, terraform/README.md, atlantis.yaml
//   npm run check:drift       fails, naming each file, when the committed copy is not what the
//                             code synthesizes now
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { environments } from "../environments";
import type { EnvironmentConfig } from "../environments/types";
import { REPOSITORY_ROOT, addEnvironmentStacks } from "../modules/configuration";
import { DEFAULT_LOCAL_STATE_DIRECTORY } from "../modules/flipt-stack";
import { synthesizeAtomically } from "../modules/synthesize";

/** Folder of the committed copy, relative to the repository root: Terraform runs here. */
export const TERRAFORM_DIR = "terraform";
/** The one generated file in each environment's folder. */
const STACK_FILE = "cdk.tf.json";

/** Every generated file (path relative to the repository root -> content). */
export function expectedFiles(
  envs: readonly EnvironmentConfig[] = environments,
): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-terraform-copy-"));
  try {
    synthesizeAtomically(path.join(outdir, "out"), (app) =>
      // Terraform runs these from terraform/<env>: a local state path is relative to that.
      addEnvironmentStacks(app, envs, {
        names: envs.map((e) => e.name),
        workingDirectory: (env) => path.join(REPOSITORY_ROOT, TERRAFORM_DIR, env.name),
      }),
    );
    const files = new Map<string, string>();
    for (const env of envs) {
      const synthesized = path.join(outdir, "out", "stacks", env.name, STACK_FILE);
      files.set(`${TERRAFORM_DIR}/${env.name}/${STACK_FILE}`, fs.readFileSync(synthesized, "utf8"));
    }
    files.set(`${TERRAFORM_DIR}/README.md`, terraformReadme(envs));
    const readme = path.join(REPOSITORY_ROOT, "README.md");
    if (fs.existsSync(readme)) {
      files.set("README.md", withEnvironmentTable(fs.readFileSync(readme, "utf8"), envs));
    }
    files.set("atlantis.yaml", atlantisYaml(envs));
    return files;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The generated files as they are in `root` now (only those the generator owns). */
export function committedFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const read = (rel: string) => {
    const full = path.join(root, rel);
    if (fs.existsSync(full)) files.set(rel, fs.readFileSync(full, "utf8"));
  };
  read("atlantis.yaml");
  read("README.md");
  read(`${TERRAFORM_DIR}/README.md`);
  const dir = path.join(root, TERRAFORM_DIR);
  if (fs.existsSync(dir)) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      // Only the stack is generated; Terraform's working files beside it (`.terraform/`, the
      // lock file, saved plans, local state) and any file of yours are never read or removed.
      read(`${TERRAFORM_DIR}/${entry.name}/${STACK_FILE}`);
    }
  }
  return files;
}

/** Differences between the committed copy and what the code produces, one line each. */
export function drift(root: string, expected: Map<string, string> = expectedFiles()): string[] {
  const committed = committedFiles(root);
  const problems: string[] = [];
  for (const [file, content] of expected) {
    const now = committed.get(file);
    if (now === undefined) problems.push(`${file}: missing (${describe(file)} would be added)`);
    else if (now !== content)
      problems.push(`${file}: differs from what the code synthesizes (${describe(file)})`);
  }
  for (const file of committed.keys()) {
    if (!expected.has(file))
      problems.push(
        `${file}: not produced by the code any more (${describe(file)} would be removed)`,
      );
  }
  // Terraform reads every *.tf and *.tf.json of the folder it runs in: one the code did not
  // write would be applied unreviewed by the drift check. It is reported, never removed.
  const dir = path.join(root, TERRAFORM_DIR);
  for (const env of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
    if (!env.isDirectory()) continue;
    for (const file of fs.readdirSync(path.join(dir, env.name))) {
      if (file !== STACK_FILE && /\.tf(\.json)?$/.test(file))
        problems.push(
          `${TERRAFORM_DIR}/${env.name}/${file}: not generated, and Terraform would read it too; move it out or into the code`,
        );
    }
  }
  return problems;
}

/** Writes the generated files into `root`, removing generated files the code no longer makes. */
export function writeCommittedCopy(
  root: string,
  expected: Map<string, string> = expectedFiles(),
): string[] {
  const changed: string[] = [];
  for (const file of committedFiles(root).keys()) {
    if (!expected.has(file)) {
      fs.rmSync(path.join(root, file));
      changed.push(`removed ${file}`);
    }
  }
  for (const [file, content] of expected) {
    const full = path.join(root, file);
    if (fs.existsSync(full) && fs.readFileSync(full, "utf8") === content) continue;
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    changed.push(`wrote ${file}`);
  }
  const dir = path.join(root, TERRAFORM_DIR);
  if (fs.existsSync(dir)) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const sub = path.join(dir, entry.name);
      if (entry.isDirectory() && fs.readdirSync(sub).length === 0) fs.rmdirSync(sub);
    }
  }
  return changed;
}

function describe(file: string): string {
  const env = /^terraform\/([^/]+)\//.exec(file)?.[1];
  return env
    ? `environment ${env}`
    : file === "atlantis.yaml"
      ? "Atlantis projects"
      : file === "README.md"
        ? "the README's environment table"
        : "generated docs";
}

const TABLE_BEGIN = "<!-- environments:begin (generated by npm run terraform:write) -->";
const TABLE_END = "<!-- environments:end -->";

/** The README with its environment table regenerated from the environments. */
export function withEnvironmentTable(readme: string, envs: readonly EnvironmentConfig[]): string {
  const begin = readme.indexOf(TABLE_BEGIN);
  const end = readme.indexOf(TABLE_END);
  if (begin < 0 || end < begin) {
    throw new Error(`README.md: the markers ${TABLE_BEGIN} and ${TABLE_END} are missing`);
  }
  const rows = envs.map((env) => {
    const { image } = env.flipt;
    return [
      env.name,
      `\`${env.namespaceName}\``,
      `\`${env.clusterName}\``,
      `${env.flipt.cpu} / ${env.flipt.memoryMiB}`,
      String(env.flipt.desiredCount),
      `\`${image.repository}${image.digest ? `@${image.digest}` : `:${image.version}`}\``,
      String(env.logRetentionDays),
      env.ui ? "on" : "off",
      env.flags.mode,
      env.backend.kind,
    ];
  });
  const table = markdownTable(
    [
      "environment",
      "namespace",
      "cluster",
      "CPU / memory",
      "tasks",
      "image (private ECR)",
      "log retention",
      "UI",
      "flags",
      "state",
    ],
    rows,
  );
  return `${readme.slice(0, begin + TABLE_BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

/**
 * A Markdown table without column padding, so a change to one value changes one line of the
 * diff; the `prettier-ignore` comment keeps Prettier (npm run lint) from padding it.
 */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [
    "<!-- prettier-ignore -->",
    line(header),
    line(header.map(() => "---")),
    ...rows.map(line),
  ].join("\n");
}

/** Atlantis: one project per environment directory, applied only after approval. */
export function atlantisYaml(envs: readonly EnvironmentConfig[]): string {
  const projects = envs
    .map(
      (env) => `  - name: flipt-${env.name}
    dir: ${TERRAFORM_DIR}/${env.name}
    workflow: flipt
    autoplan:
      enabled: true
      when_modified: ["*.tf.json"]
    apply_requirements: [approved, mergeable]`,
    )
    .join("\n");
  return `# Generated by \`npm run terraform:write\` from environments/; do not edit by hand.
# One project per MilMove environment. Each project runs in its environment's account; the
# Atlantis server provides the account id as FLIPT_ACCOUNT_ID_<ENV> (e.g. FLIPT_ACCOUNT_ID_STG).
version: 3
automerge: false
parallel_plan: false
parallel_apply: false
projects:
${projects}
workflows:
  flipt:
    plan:
      steps:
        - env:
            name: TF_VAR_account_id
            command: 'printenv "FLIPT_ACCOUNT_ID_$(echo "\${PROJECT_NAME#flipt-}" | tr "[:lower:]" "[:upper:]")"'
        - init
        - plan
    apply:
      steps:
        - apply
`;
}

function terraformReadme(envs: readonly EnvironmentConfig[]): string {
  const rows = envs
    .map(
      (env) =>
        `| \`${env.name}/\` | ${backendOf(env)} | \`http://${env.serviceName}.${env.namespaceName}:8080\` |`,
    )
    .join("\n");
  return `# Synthesized Terraform (generated)

Written by \`npm run terraform:write\`; do not edit. Each folder is exactly what Terraform receives
for one environment, so a pull request shows every change to the infrastructure as a JSON diff.
CI (\`npm run check:drift\`) fails when these files are not what the code synthesizes.

| folder | state | Flipt endpoint |
| --- | --- | --- |
${rows}

Plan one by hand: \`cd terraform/<env> && terraform init && terraform plan -var account_id=<id>\`.
`;
}

function backendOf(env: EnvironmentConfig): string {
  const b = env.backend;
  if (b.kind === "s3") return `S3 \`${b.bucket}/${b.key}\``;
  if (b.kind === "cloud") return `Terraform Cloud \`${b.organization}/${b.workspace}\``;
  return `local \`${b.path ?? `${DEFAULT_LOCAL_STATE_DIRECTORY}/${env.name}/terraform.tfstate`}\``;
}

// Run as a command (scripts/run-ts.js sets argv[1] to this file), not when a test imports it.
if (path.resolve(process.argv[1] ?? "") === __filename) {
  const mode = process.argv[2];
  try {
    if (mode === "write") {
      const changed = writeCommittedCopy(REPOSITORY_ROOT);
      console.log(changed.length ? changed.join("\n") : "terraform copy: already up to date");
    } else if (mode === "check") {
      const problems = drift(REPOSITORY_ROOT);
      if (problems.length) {
        console.error(
          `check:drift: the committed Terraform is not what the code synthesizes (${problems.length}):`,
        );
        for (const p of problems) console.error(`  - ${p}`);
        console.error("Run `npm run terraform:write` and commit the result.");
        process.exitCode = 1;
      } else {
        console.log(
          `check:drift: ${environments.length} environments, committed Terraform matches the code`,
        );
      }
    } else {
      console.error("usage: terraform-copy.ts write|check");
      process.exitCode = 2;
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
