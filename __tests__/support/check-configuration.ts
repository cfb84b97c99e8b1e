// `node scripts/run-ts.js __tests__/support/check-configuration.ts`: the configuration's problems
// (environments/ and, in managed mode, their flag folders), checked the way synth checks them,
// one a line, each led by the file it comes from; exit code 1 when there are any.
// global-setup.js runs it in a process of its own, so the modules it loads do not weigh on jest's.
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "..", "..");

/** Environment name -> the files under environments/ that export an environment of that name. */
function environmentFiles(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const dir = path.join(root, "environments");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    let exported: Record<string, unknown>;
    try {
      exported = require(path.join(dir, file)) as Record<string, unknown>;
    } catch {
      continue; // reported below by the check itself, with its location
    }
    for (const value of Object.values(exported)) {
      const env = value as { name?: unknown; flipt?: unknown } | null;
      if (env && typeof env === "object" && typeof env.name === "string" && env.flipt) {
        found.set(env.name, [...(found.get(env.name) ?? []), `environments/${file}`]);
      }
    }
  }
  return found;
}

function problems(): string[] {
  try {
    const { checkConfiguration } =
      require("../../modules/configuration") as typeof import("../../modules/configuration");
    const { environments } = require("../../environments") as typeof import("../../environments");
    checkConfiguration(environments);
    return [];
  } catch (error) {
    const listed = (error as { problems?: unknown }).problems;
    if (!Array.isArray(listed)) {
      // A syntax, reference or runtime error: located the way synth locates it.
      const { describeFailure } =
        require("../../modules/synth-failure") as typeof import("../../modules/synth-failure");
      return [describeFailure(error, root)];
    }
    const lines = listed.map(String);
    const files = environmentFiles();
    return lines.map((line) => {
      const from = (files.get(/^([a-z0-9]+):/.exec(line)?.[1] ?? "") ?? []).join(", ");
      // A flag file problem names its file already; an environment problem gets its file here.
      return from && !/[\w/.-]+\.(ya?ml|json|ts)\b/.test(line) ? `${from}: ${line}` : line;
    });
  }
}

const found = problems();
for (const line of found) console.log(line);
process.exitCode = found.length > 0 ? 1 : 0;
