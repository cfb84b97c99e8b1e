// Runs once before any test file.
//
// 1. Every temp folder the tests make (cdktf's Testing.synth/fullSynth write `cdktf.outdir.*`
//    folders and never remove them) goes into one folder per run, removed by
//    global-teardown.js: `npm test` leaves the system temp folder as it found it.
// 2. The configuration (environments/ and, in managed mode, their flag folders) is checked once,
//    the way synth checks it (check-configuration.ts, in a process of its own). A slip there
//    would otherwise fail a hundred tests across suites, many titled after other environments;
//    instead the run stops here, naming the file and the problem, before any test runs. Every
//    `npx jest ...` run goes through this, whatever files it selects.
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

module.exports = async function globalSetup() {
  const root = path.join(__dirname, "..", "..");
  const check = spawnSync(
    process.execPath,
    [path.join(root, "scripts", "run-ts.js"), path.join(__dirname, "check-configuration.ts")],
    { cwd: root, encoding: "utf8" },
  );
  if (check.status !== 0) {
    const lines = `${check.stdout}${check.stderr}`.trim().split("\n");
    const error = new Error(
      `The configuration has problems; no test ran (synth refuses it too):\n` +
        lines.map((line) => `  ${line}`).join("\n") +
        "\n",
    );
    error.stack = error.message; // the problem is in the configuration, not in this file
    throw error;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-jest-"));
  process.env.FLIPT_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
