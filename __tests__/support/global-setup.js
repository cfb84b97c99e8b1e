// Runs once before any test file.
//
// 1. Every temp folder the tests make (cdktf's Testing.synth/fullSynth write `cdktf.outdir.*`
//    folders and never remove them) goes into one folder per run, removed by
//    global-teardown.js: `npm test` leaves the system temp folder as it found it.
// 2. The configuration (environments/ and, in managed mode, their flag folders) is checked once,
//    the way synth checks it. A slip there would otherwise fail a hundred tests across suites,
//    many titled after other environments; instead the run stops here, naming the file and the
//    problem, before any test runs. Every `npx jest ...` run goes through this, whatever files
//    it selects.
const fs = require("fs");
const os = require("os");
const path = require("path");

module.exports = async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-jest-"));
  process.env.FLIPT_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  const problems = configurationProblems();
  if (problems.length > 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    const error = new Error(
      `The configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}; no test ran (synth refuses it too):\n` +
        problems.map((p) => `  ${p}`).join("\n") +
        "\n",
    );
    error.stack = error.message; // the problem is in the configuration, not in this file
    throw error;
  }
};

/** What synth would refuse in environments/, each line led by the file it comes from. */
function configurationProblems() {
  const root = path.join(__dirname, "..", "..");
  const files = environmentFiles(root);
  let checkConfiguration;
  let environments;
  try {
    ({ checkConfiguration } = require(path.join(root, "modules", "configuration")));
    ({ environments } = require(path.join(root, "environments")));
    checkConfiguration(environments);
    return [];
  } catch (error) {
    const lines = Array.isArray(error.problems) ? error.problems : [String(error.message)];
    return lines.map((line) => {
      const name = /^([a-z0-9]+):/.exec(line)?.[1];
      const from = (files.get(name) ?? []).join(", ");
      // A flag file problem names its file already; an environment problem gets its file here.
      return from && !/[\w/.-]+\.(ya?ml|json|ts)\b/.test(line) ? `${from}: ${line}` : line;
    });
  }
}

/** Environment name -> the files under environments/ that export an environment of that name. */
function environmentFiles(root) {
  const found = new Map();
  const dir = path.join(root, "environments");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    let exported;
    try {
      exported = require(path.join(dir, file));
    } catch {
      continue; // reported by the check itself, with its location
    }
    for (const value of Object.values(exported)) {
      if (value && typeof value === "object" && typeof value.name === "string" && value.flipt) {
        const rel = `environments/${file}`;
        found.set(value.name, [...(found.get(value.name) ?? []), rel]);
      }
    }
  }
  return found;
}
