import * as fs from "fs";
import * as path from "path";
import { environments } from "../environments";
import { withEnvironmentTable } from "../scripts/terraform-copy";
import { withChanges } from "./helpers";

const root = path.join(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

// The README is the quick start: short, its table what the code deploys, its commands real.
describe("README", () => {
  it("has the environment table npm run terraform:write makes from environments/", () => {
    expect(readme).toBe(withEnvironmentTable(readme, environments));
  });

  it.each(environments.map((e) => [e.name, e] as const))("lists %s with its size", (_n, env) => {
    expect(readme).toMatch(
      new RegExp(
        `^\\| ${env.name} +\\| \`${env.namespaceName}\` +\\| \`${env.clusterName}\` +\\| ${env.flipt.cpu} / ${env.flipt.memoryMiB} `,
        "m",
      ),
    );
  });

  it("changes one line of the table when one environment's value changes", () => {
    const [first, ...rest] = environments;
    const pinned = withChanges(first, (e) => (e.flipt.image.digest = `sha256:${"ab".repeat(32)}`));
    const before = withEnvironmentTable(readme, environments).split("\n");
    const after = withEnvironmentTable(readme, [pinned, ...rest]).split("\n");
    expect(after).toHaveLength(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual([
      expect.stringMatching(new RegExp(`^\\| ${first.name} \\|.*@sha256:`)),
    ]);
  });

  it("is a quick start: at most 190 written lines, plus the generated table", () => {
    // The table grows by one row per environment; what people write may not.
    const begin = readme.indexOf("<!-- environments:begin");
    const end = readme.indexOf("<!-- environments:end -->");
    const written = readme.slice(0, begin) + readme.slice(end);
    expect(written.trimEnd().split("\n").length).toBeLessThanOrEqual(190);
  });

  it("shows the two set-up commands, and only npm scripts that exist", () => {
    expect(readme).toContain("npm ci && npm run synth");
    expect(readme).toContain("npm test");
    const scripts = Object.keys(
      (
        JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
          scripts: Record<string, string>;
        }
      ).scripts,
    );
    const named = [...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  // Written on another branch at the same time; remove once it is on main.
  it("links only to files that exist, and so do the docs", () => {
    const docs = fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md"));
    const missing: string[] = [];
    for (const file of ["README.md", ...docs.map((d) => `docs/${d}`)]) {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)) {
        const resolved = path.relative(root, path.resolve(root, path.dirname(file), target));
        if (!fs.existsSync(path.join(root, resolved))) missing.push(`${file} -> ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names only construct files that exist in docs/design.md's table", () => {
    const design = fs.readFileSync(path.join(root, "docs", "design.md"), "utf8");
    const files = [...design.matchAll(/^\| `\w+` +\| `([\w/.-]+\.ts)`/gm)].map((m) => m[1]);
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => !fs.existsSync(path.join(root, "modules", f)))).toEqual([]);
  });
});
