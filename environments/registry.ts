/**
 * The environments are the files of this folder: `environments/<name>.ts` exports the
 * environment `<name>`. Adding one is adding its file (`npm run new-env -- <name>` writes it);
 * no list is edited.
 */
import * as fs from "fs";
import * as path from "path";
import type { EnvironmentConfig } from "./types";

/** MilMove's environments, in the order it promotes changes through them; others follow by name. */
const PROMOTION_ORDER = ["demo", "exp", "loadtest", "stg", "prd"];

/** The files of this folder that are not environments. */
const SUPPORT_FILES = new Set([
  "cidr",
  "index",
  "milmove",
  "names",
  "registry",
  "rules",
  "schema",
  "types",
  "validation",
]);

/** The environment files' names in `folder`, in promotion order. */
function environmentFileNames(folder: string): string[] {
  const names = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => f.slice(0, -".ts".length))
    .filter((n) => !SUPPORT_FILES.has(n));
  const rank = (n: string) => {
    const i = PROMOTION_ORDER.indexOf(n);
    return i === -1 ? PROMOTION_ORDER.length : i;
  };
  return names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const files = new WeakMap<object, string>();

/** The file that declares `env`, e.g. `environments/stg.ts`; undefined for one built elsewhere. */
export function fileOf(env: unknown): string | undefined {
  return typeof env === "object" && env !== null ? files.get(env) : undefined;
}

/**
 * The environments of `folder` (environments/, or a copy of it in a test): the names of its
 * environment files, and the one value each file exports, in promotion order.
 */
export function discoverEnvironments(folder: string): {
  readonly names: readonly string[];
  readonly environments: readonly EnvironmentConfig[];
} {
  const names = environmentFileNames(folder);
  return { names, environments: names.map((name) => load(folder, name)) };
}

function load(folder: string, name: string): EnvironmentConfig {
  const file = `environments/${name}.ts`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = Object.entries(require(path.join(folder, name)) as Record<string, unknown>);
  const value = exported.length === 1 ? exported[0][1] : undefined;
  if (typeof value !== "object" || value === null) {
    throw new Error(
      `${file} exports ${exported.length === 0 ? "nothing" : exported.map(([k]) => k).join(", ")}; an environment's file exports exactly one value, its EnvironmentConfig (shared values belong in environments/milmove.ts)`,
    );
  }
  files.set(value, file);
  return value as EnvironmentConfig;
}

const committed = discoverEnvironments(__dirname);

/** Every environment's name: the names of the environment files, in promotion order. */
export const ENVIRONMENT_NAMES: readonly string[] = committed.names;

/** Every environment, in promotion order. Each becomes one stack. */
export const environments: readonly EnvironmentConfig[] = committed.environments;
