import * as fs from "fs";
import * as path from "path";
import { FIXTURE_STACKS } from "../scripts/fixture-environments";
import { synthEnvironment } from "./helpers";
import { allCases } from "./variants";

// docs/deploy-role-permissions.md lists what the role applying the stacks may call, per
// resource and data source type. Every type some variant produces must be there, and nothing
// else: a new type without its permissions would fail the first apply of a least-privilege role.
const DOCUMENT = path.join(__dirname, "..", "docs", "deploy-role-permissions.md");

/** `resource aws_x` / `data aws_y` for every type the configurations synthesize. */
function synthesizedTypes(): Set<string> {
  const types = new Set<string>();
  const environments = [
    ...allCases().map((c) => c.environment),
    ...FIXTURE_STACKS.map((f) => f.environment),
  ];
  for (const env of environments) {
    const { json } = synthEnvironment(env);
    for (const type of Object.keys(json.resource ?? {})) types.add(`resource ${type}`);
    for (const type of Object.keys(json.data ?? {})) types.add(`data ${type}`);
  }
  return types;
}

/** Rows of the document's tables: `| resource | aws_x | actions | source |`. */
function documentedTypes(): Map<string, { actions: string; source: string }> {
  const rows = new Map<string, { actions: string; source: string }>();
  for (const line of fs.readFileSync(DOCUMENT, "utf8").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const [, kind, type, actions, source] = cells;
    if (kind !== "resource" && kind !== "data") continue;
    const name = type.replace(/`/g, "");
    const key = `${kind} ${name}`;
    if (rows.has(key)) throw new Error(`${DOCUMENT}: ${key} is listed twice`);
    rows.set(key, { actions, source });
  }
  return rows;
}

describe("the deploy role's permissions document", () => {
  const synthesized = synthesizedTypes();
  const documented = documentedTypes();

  it("lists every resource and data source type a stack can contain", () => {
    expect([...synthesized].filter((t) => !documented.has(t)).sort()).toEqual([]);
  });

  it("lists no type that no stack contains", () => {
    expect([...documented.keys()].filter((t) => !synthesized.has(t)).sort()).toEqual([]);
  });

  it("gives each type its IAM actions and the provider file they come from", () => {
    for (const [type, { actions, source }] of documented) {
      expect([type, actions]).toEqual([
        type,
        expect.stringMatching(/^(`[a-z0-9-]+:[A-Za-z0-9]+`(, )?)+$|^none/),
      ]);
      expect([type, source]).toEqual([type, expect.stringMatching(/^`(internal\/|none)/)]);
    }
  });
});
