// Moves this repository from archived CDKTF to CDK Terrain (cdktn) in one command:
//
//   npm run migrate:cdktn                  migrate, or say there is nothing to do
//   ... migrate-cdktn.ts --compare A B     compare two synthesized output folders the same way
//
// The migration synthesizes every stack (and the validate fixtures) before it touches anything,
// swaps the packages to exact pins, rewrites the import specifiers, installs, synthesizes again
// and compares the two outputs as parsed JSON. It finishes only when nothing changed beyond the
// differences in ACCEPTED below; otherwise it puts back every file it changed, reinstalls the old
// packages and prints each difference. This file imports nothing from cdktf or cdktn: it runs on
// both sides of the swap.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Exact versions after the migration. constructs must satisfy cdktn's peer range >=10.6.0 <10.8.0. */
export const TARGET_VERSIONS: Readonly<Record<string, string>> = {
  cdktn: "0.24.0",
  "cdktn-cli": "0.24.0",
  "@cdktn/provider-aws": "25.7.0",
  constructs: "10.7.2",
};

/** Old package -> its CDK Terrain replacement. */
export const PACKAGE_RENAMES: Readonly<Record<string, string>> = {
  cdktf: "cdktn",
  "cdktf-cli": "cdktn-cli",
  "@cdktf/provider-aws": "@cdktn/provider-aws",
};

/** The differences the migration accepts, as printed in its report and in docs/operations.md. */
export const ACCEPTED = {
  metadata: "cdktf metadata: a `//` key (Terraform reads it as a comment) or the manifest version",
  providerVersion: "the AWS provider's version pin, to the version @cdktn/provider-aws wraps",
  providerSource: "the AWS provider's source spelling (`aws` and `hashicorp/aws` are one provider)",
} as const;

/**
 * Renames cdktf module specifiers in TypeScript/JavaScript/shell text: `"cdktf"` and
 * `"cdktf/lib/..."` where they are imported or required, and the provider package name
 * everywhere (it cannot mean anything else; this also covers lint rules naming it).
 * Prose such as "cdktf 0.21" is left alone.
 */
export function rewriteSpecifiers(source: string): string {
  const specifierContext =
    /(\bfrom\s*|\bimport\s*\(?\s*|\brequire(?:\.resolve)?\s*\(\s*|\bjest\.(?:mock|doMock|unmock|requireActual)\s*\(\s*|\bdeclare\s+module\s+)(["'`])cdktf(\/[^"'`\s]*)?\2/g;
  return source
    .replace(/@cdktf\/provider-aws(?![\w-])/g, "@cdktn/provider-aws")
    .replace(specifierContext, (_m, before: string, quote: string, sub: string | undefined) => {
      return `${before}${quote}cdktn${sub ?? ""}${quote}`;
    });
}

/** Renames the cdktf CLI in a shell command (an npm script): `cdktf synth` -> `cdktn synth`. */
export function rewriteCommand(command: string): string {
  return rewriteSpecifiers(command).replace(
    /(^|[\s;&|(])((?:npx\s+)?)cdktf(?=\s|$|[;&|)])/g,
    (_m, before: string, npx: string) => `${before}${npx}cdktn`,
  );
}

interface PackageJson {
  scripts?: Record<string, string>;
  [section: string]: unknown;
}

const DEPENDENCY_SECTIONS = ["dependencies", "devDependencies", "optionalDependencies"] as const;

/** package.json after the swap: renamed packages at their exact pins, npm scripts renamed. */
export function rewritePackageJson(pkg: PackageJson): PackageJson {
  const next: PackageJson = JSON.parse(JSON.stringify(pkg));
  if (hasCdktfPackages(pkg)) {
    let hasConstructs = false;
    for (const section of DEPENDENCY_SECTIONS) {
      const deps = next[section] as Record<string, string> | undefined;
      if (!deps) continue;
      for (const [from, to] of Object.entries(PACKAGE_RENAMES)) {
        if (from in deps) {
          delete deps[from];
          deps[to] = TARGET_VERSIONS[to];
        }
      }
      if ("constructs" in deps) {
        deps.constructs = TARGET_VERSIONS.constructs;
        hasConstructs = true;
      }
      next[section] = sortKeys(deps);
    }
    // cdktn declares constructs as a peer dependency: without it npm would pick any version.
    if (!hasConstructs) {
      next.dependencies = sortKeys({
        ...((next.dependencies as Record<string, string>) ?? {}),
        constructs: TARGET_VERSIONS.constructs,
      });
    }
  }
  if (next.scripts) {
    next.scripts = Object.fromEntries(
      Object.entries(next.scripts).map(([name, command]) => [name, rewriteCommand(command)]),
    );
  }
  return next;
}

function hasCdktfPackages(pkg: PackageJson): boolean {
  return DEPENDENCY_SECTIONS.some((section) =>
    Object.keys((pkg[section] as Record<string, string>) ?? {}).some((n) => n in PACKAGE_RENAMES),
  );
}

function sortKeys(deps: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One difference between two synthesized outputs. */
export interface Difference {
  /** File relative to the output folder, e.g. `app/stacks/stg/cdk.tf.json`. */
  readonly file: string;
  /** JSON path inside the file, e.g. `terraform.required_providers.aws.version`; "" for the file. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  /** Why this difference is accepted (one of {@link ACCEPTED}); undefined when it is refused. */
  readonly accepted?: string;
}

/** Marks a value missing on one side of a difference. */
export const ABSENT = Symbol("absent");

/**
 * Every difference between two synthesized outputs (relative path -> file content). JSON files are
 * compared parsed, so formatting never counts; other files byte for byte. A JSON file that does not
 * parse is a refused difference: what cannot be compared is never accepted.
 */
export function compareOutputs(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  providerVersion: string,
): Difference[] {
  const differences: Difference[] = [];
  const files = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const file of files) {
    const a = before.get(file);
    const b = after.get(file);
    if (a === undefined || b === undefined) {
      differences.push({
        file,
        path: "",
        before: a === undefined ? ABSENT : "(file)",
        after: b === undefined ? ABSENT : "(file)",
      });
      continue;
    }
    if (!file.endsWith(".json")) {
      if (a !== b) differences.push({ file, path: "", before: "(content)", after: "(content)" });
      continue;
    }
    let parsedA: unknown;
    let parsedB: unknown;
    try {
      parsedA = JSON.parse(a);
      parsedB = JSON.parse(b);
    } catch (error) {
      differences.push({ file, path: "", before: "(JSON)", after: String(error) });
      continue;
    }
    const raw: { path: (string | number)[]; before: unknown; after: unknown }[] = [];
    diffJson(parsedA, parsedB, [], raw);
    for (const d of raw) {
      const accepted = acceptance(file, d.path, d.before, d.after, parsedA, providerVersion);
      differences.push({
        file,
        path: formatPath(d.path),
        before: d.before,
        after: d.after,
        accepted,
      });
    }
  }
  return differences;
}

function diffJson(
  a: unknown,
  b: unknown,
  at: (string | number)[],
  out: { path: (string | number)[]; before: unknown; after: unknown }[],
): void {
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(key in a)) out.push({ path: [...at, key], before: ABSENT, after: b[key] });
      else if (!(key in b)) out.push({ path: [...at, key], before: a[key], after: ABSENT });
      else diffJson(a[key], b[key], [...at, key], out);
    }
  } else if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) out.push({ path: [...at, i], before: ABSENT, after: b[i] });
      else if (i >= b.length) out.push({ path: [...at, i], before: a[i], after: ABSENT });
      else diffJson(a[i], b[i], [...at, i], out);
    }
  } else if (!(a === b || (isScalar(a) && isScalar(b) && Object.is(a, b)))) {
    out.push({ path: at, before: a, after: b });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== "object";
}

/** Why a difference is accepted, or undefined: the rules the migration promises and no more. */
function acceptance(
  file: string,
  at: readonly (string | number)[],
  before: unknown,
  after: unknown,
  wholeBefore: unknown,
  providerVersion: string,
): string | undefined {
  // Terraform treats a `//` key as a comment: cdktf's construct paths, version, overrides list.
  if (at.includes("//")) return ACCEPTED.metadata;
  if (path.posix.basename(file) === "manifest.json" && at.length === 1 && at[0] === "version") {
    return ACCEPTED.metadata;
  }
  if (!file.endsWith(".tf.json")) return undefined;
  const [terraform, requiredProviders, name, field] = at;
  if (at.length !== 4 || terraform !== "terraform" || requiredProviders !== "required_providers") {
    return undefined;
  }
  const declared = (wholeBefore as { terraform?: { required_providers?: Record<string, unknown> } })
    .terraform?.required_providers?.[String(name)];
  const source = isObject(declared) ? declared.source : undefined;
  if (typeof source !== "string" || providerAddress(source) !== "hashicorp/aws") return undefined;
  if (field === "version" && typeof before === "string" && after === providerVersion) {
    return ACCEPTED.providerVersion;
  }
  if (
    field === "source" &&
    typeof before === "string" &&
    typeof after === "string" &&
    providerAddress(before) === providerAddress(after)
  ) {
    return ACCEPTED.providerSource;
  }
  return undefined;
}

/** A provider source in Terraform's canonical `namespace/type` form (`aws` -> `hashicorp/aws`). */
export function providerAddress(source: string): string {
  const parts = source.trim().toLowerCase().split("/");
  if (parts.length === 3 && parts[0] === "registry.terraform.io") parts.shift();
  return parts.length === 1 ? `hashicorp/${parts[0]}` : parts.join("/");
}

function formatPath(at: readonly (string | number)[]): string {
  return at
    .map((p, i) =>
      typeof p === "number"
        ? `[${p}]`
        : /^[A-Za-z_][\w-]*$/.test(p)
          ? `${i === 0 ? "" : "."}${p}`
          : `[${JSON.stringify(p)}]`,
    )
    .join("");
}

/** One line per difference, values shortened, for the terminal. */
export function describeDifference(d: Difference): string {
  const show = (v: unknown) => {
    const text = v === ABSENT ? "(absent)" : JSON.stringify(v);
    return text.length > 160 ? `${text.slice(0, 157)}...` : text;
  };
  const where = d.path ? `${d.file}: ${d.path}` : d.file;
  return `${where}: ${show(d.before)} -> ${show(d.after)}`;
}

// ---------------------------------------------------------------------------------------------
// The command. Everything below touches the repository; everything above is pure and tested in
// __tests__/migrate-cdktn.test.ts.

const ROOT = path.resolve(__dirname, "..");

/** This command's own files: they name cdktf on purpose and must survive a second run unchanged. */
const OWN_FILES = new Set([
  "scripts/migrate-cdktn.ts",
  "__tests__/migrate-cdktn.test.ts",
  ".ci/migration-check",
]);
const SKIPPED_DIRS = new Set(["node_modules", ".git", ".validate", "coverage", ".terraform"]);
const SOURCE_FILE = /\.(ts|tsx|js|cjs|mjs|sh)$/;

/** Source files (relative paths) whose specifiers the migration renames. */
function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        const generated =
          rel === "" && (entry.name === "terraform" || /^cdktf\.out/.test(entry.name));
        if (!SKIPPED_DIRS.has(entry.name) && !generated) walk(child);
      } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !OWN_FILES.has(child)) {
        found.push(child);
      }
    }
  };
  walk("");
  return found.sort();
}

interface Plan {
  /** Relative path -> new content, package.json included. */
  readonly writes: Map<string, string>;
}

function planMigration(root: string): Plan {
  const writes = new Map<string, string>();
  const pkgText = fs.readFileSync(path.join(root, "package.json"), "utf8");
  const pkg = JSON.parse(pkgText) as PackageJson;
  const nextPkg = `${JSON.stringify(rewritePackageJson(pkg), null, 2)}\n`;
  if (JSON.stringify(JSON.parse(nextPkg)) !== JSON.stringify(pkg))
    writes.set("package.json", nextPkg);
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    // Shell scripts may call the CLI; in TypeScript and JavaScript "cdktf" is prose or a path.
    const next = file.endsWith(".sh") ? rewriteCommand(text) : rewriteSpecifiers(text);
    if (next !== text) writes.set(file, next);
  }
  return { writes };
}

function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): { ok: boolean; output: string } {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`;
  return { ok: result.status === 0, output };
}

class Refusal extends Error {}

/** Synthesizes the app and, where the project has it, the validate fixtures into `outdir`. */
function synthesizeAll(outdir: string, when: string): Map<string, string> {
  fs.mkdirSync(outdir, { recursive: true });
  const app = run("node", ["scripts/run-ts.js", "main.ts"], {
    CDKTF_OUTDIR: path.join(outdir, "app"),
  });
  if (!app.ok) throw new Refusal(`synthesis ${when} the swap failed:\n${indent(app.output)}`);
  if (fs.existsSync(path.join(ROOT, "scripts/synth-fixture.ts"))) {
    const fixture = run("node", [
      "scripts/run-ts.js",
      "scripts/synth-fixture.ts",
      path.join(outdir, "fixture"),
    ]);
    if (!fixture.ok) {
      throw new Refusal(`fixture synthesis ${when} the swap failed:\n${indent(fixture.output)}`);
    }
  }
  return readTree(outdir);
}

/** Every file under `dir` (relative, forward slashes) -> content. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else files.set(child, fs.readFileSync(path.join(dir, child), "utf8"));
    }
  };
  if (fs.existsSync(dir)) walk("");
  return files;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

/** The version of hashicorp/aws that the installed provider bindings pin. */
function installedProviderVersion(): string {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(ROOT, "node_modules/@cdktn/provider-aws/package.json"), "utf8"),
  ) as { cdktf?: { provider?: { version?: string } } };
  const version = manifest.cdktf?.provider?.version;
  if (!version) throw new Refusal("@cdktn/provider-aws does not say which hashicorp/aws it wraps");
  return version;
}

/** Files the migration may change or create, by content (null: did not exist). */
class Backup {
  private readonly saved = new Map<string, Buffer | null>();
  private readonly generatedDirs: string[];

  constructor(paths: Iterable<string>) {
    // terraform/ and the snapshots are regenerated: keep all of them, and delete what is new.
    this.generatedDirs = ["terraform", ...snapshotDirs(ROOT)];
    const all = new Set(paths);
    for (const dir of this.generatedDirs) {
      for (const file of readTree(path.join(ROOT, dir)).keys()) all.add(`${dir}/${file}`);
    }
    for (const file of ["package.json", "package-lock.json", "atlantis.yaml"]) all.add(file);
    for (const file of all) {
      const full = path.join(ROOT, file);
      this.saved.set(file, fs.existsSync(full) ? fs.readFileSync(full) : null);
    }
  }

  restore(): void {
    for (const dir of this.generatedDirs) {
      for (const file of readTree(path.join(ROOT, dir)).keys()) {
        if (!this.saved.has(`${dir}/${file}`)) fs.rmSync(path.join(ROOT, dir, file));
      }
    }
    for (const [file, content] of this.saved) {
      const full = path.join(ROOT, file);
      if (content === null) fs.rmSync(full, { force: true });
      else {
        fs.mkdirSync(path.dirname(full), { recursive: true });
        fs.writeFileSync(full, content);
      }
    }
  }
}

function snapshotDirs(root: string): string[] {
  const dirs: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (!entry.isDirectory() || SKIPPED_DIRS.has(entry.name)) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name === "__snapshots__") dirs.push(child);
      else walk(child);
    }
  };
  if (fs.existsSync(path.join(root, "__tests__"))) walk("__tests__");
  return dirs;
}

function migrate(): number {
  const plan = planMigration(ROOT);
  if (plan.writes.size === 0) {
    console.log("migrate:cdktn: nothing to do; no cdktf package or import is left.");
    return 0;
  }
  if (!fs.existsSync(path.join(ROOT, "node_modules/cdktf/package.json"))) {
    console.error(
      "migrate:cdktn: cdktf is not installed, so the stacks cannot be synthesized before the swap; run `npm ci` first.",
    );
    return 1;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "migrate-cdktn-"));
  let backup: Backup | undefined;
  try {
    console.log("migrate:cdktn: synthesizing every stack with cdktf (before)...");
    const before = synthesizeAll(path.join(scratch, "before"), "before");

    backup = new Backup(plan.writes.keys());
    console.log(
      "migrate:cdktn: if this is interrupted, undo it with `git checkout -- . && npm ci`.",
    );
    for (const [file, content] of plan.writes) fs.writeFileSync(path.join(ROOT, file), content);
    console.log(`migrate:cdktn: rewrote ${plan.writes.size} files; installing cdktn...`);
    const install = run("npm", ["install", "--no-audit", "--no-fund"]);
    if (!install.ok) throw new Refusal(`npm install failed:\n${indent(install.output)}`);

    console.log("migrate:cdktn: synthesizing every stack with cdktn (after)...");
    const after = synthesizeAll(path.join(scratch, "after"), "after");
    const differences = compareOutputs(before, after, installedProviderVersion());
    const refused = differences.filter((d) => d.accepted === undefined);
    if (refused.length > 0) {
      throw new Refusal(
        `the synthesized stacks changed beyond what the migration accepts (${refused.length}):\n${refused
          .map((d) => `  - ${describeDifference(d)}`)
          .join("\n")}`,
      );
    }
    printAccepted(differences);

    const typecheck = run("npm", ["run", "--silent", "typecheck"]);
    if (!typecheck.ok)
      throw new Refusal(`typecheck failed after the swap:\n${indent(typecheck.output)}`);
    const write = run("npm", ["run", "--silent", "terraform:write"]);
    if (!write.ok) throw new Refusal(`terraform:write failed:\n${indent(write.output)}`);
    console.log(
      "migrate:cdktn: regenerated terraform/ and atlantis.yaml; running the tests (-u)...",
    );
    const tests = run("npm", ["test", "--", "-u"]);
    if (!tests.ok) throw new Refusal(`the tests failed after the swap:\n${indent(tests.output)}`);

    console.log(`migrate:cdktn: done. Review \`git diff\`, then before applying any environment:
  - run a real \`terraform plan\` per environment: the AWS provider moves to ${installedProviderVersion()};
  - the cdktn CLI (\`npm run synth:cdktf\`) needs Node.js >= 22.19; \`npm run synth\` and the tests do not.`);
    return 0;
  } catch (error) {
    // Any failure after the first write, expected or not, puts the repository back.
    const message = error instanceof Refusal ? error.message : `unexpected error: ${String(error)}`;
    console.error(`migrate:cdktn: REFUSED: ${message}`);
    if (backup) {
      backup.restore();
      console.error(
        "migrate:cdktn: every changed file is restored; reinstalling the cdktf packages...",
      );
      const reinstall = run("npm", ["ci", "--no-audit", "--no-fund"]);
      console.error(
        reinstall.ok
          ? "migrate:cdktn: back where it started (nothing was migrated)."
          : `migrate:cdktn: files restored, but \`npm ci\` failed; run it again:\n${indent(reinstall.output)}`,
      );
    } else {
      console.error("migrate:cdktn: nothing was changed.");
    }
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function printAccepted(differences: readonly Difference[]): void {
  const byReason = new Map<string, Difference[]>();
  for (const d of differences) byReason.set(d.accepted!, [...(byReason.get(d.accepted!) ?? []), d]);
  console.log(
    `migrate:cdktn: synthesized output identical except for ${differences.length} accepted difference(s):`,
  );
  for (const [reason, list] of byReason) {
    console.log(`  ${reason} (${list.length}):`);
    for (const d of list) console.log(`    - ${describeDifference(d)}`);
  }
}

/** `--compare <before> <after>`: the same check on two existing output folders. */
function compareFolders(beforeDir: string, afterDir: string): number {
  const differences = compareOutputs(
    readTree(beforeDir),
    readTree(afterDir),
    installedProviderVersion(),
  );
  const refused = differences.filter((d) => d.accepted === undefined);
  if (refused.length > 0) {
    console.error(`compare: ${refused.length} difference(s) the migration does not accept:`);
    for (const d of refused) console.error(`  - ${describeDifference(d)}`);
    return 1;
  }
  printAccepted(differences);
  return 0;
}

if (path.resolve(process.argv[1] ?? "") === __filename) {
  try {
    const [mode, a, b] = process.argv.slice(2);
    if (mode === "--compare" && a && b) process.exitCode = compareFolders(a, b);
    else if (mode === undefined) process.exitCode = migrate();
    else {
      console.error("usage: migrate-cdktn.ts [--compare <before-dir> <after-dir>]");
      process.exitCode = 2;
    }
  } catch (error) {
    console.error(`migrate:cdktn: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
