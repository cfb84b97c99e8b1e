import { readdirSync } from "node:fs";
import { join, normalize, relative } from "node:path";
import { environments } from "../../environments";

import {
  formatFlagFileProblem,
  validateFlagDirectory,
} from "../../modules/flags/flag-file-validation";

/*
 * The flag check the README gives (`npx jest __tests__/flags`): every folder under flags/ and
 * every managed environment's folder, each read as Flipt would load it for its environment. One
 * test per folder, so a slip in a file fails once, naming the file, whichever environment it is.
 */

const REPOSITORY_ROOT = join(__dirname, "..", "..");

/** Folder (relative to the repository) -> the environment whose namespace it must declare. */
const FOLDERS = new Map<string, string>([
  ...readdirSync(join(REPOSITORY_ROOT, "flags"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry): [string, string] => [join("flags", entry.name), entry.name]),
  ...environments.flatMap((env): [string, string][] =>
    env.flags.mode === "managed" ? [[normalize(env.flags.directory), env.name]] : [],
  ),
]);

describe("flag folders", () => {
  it.each([...FOLDERS])("%s loads in Flipt as %s's flags", (folder, environment) => {
    const problems = validateFlagDirectory(join(REPOSITORY_ROOT, folder), environment);
    expect(
      problems.map((p) => formatFlagFileProblem({ ...p, file: relative(REPOSITORY_ROOT, p.file) })),
    ).toEqual([]);
  });
});
