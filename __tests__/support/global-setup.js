// Every temp folder the tests make (cdktf's Testing.synth/fullSynth write `cdktf.outdir.*`
// folders and never remove them) goes into one folder per run, removed by global-teardown.js:
// `npm test` leaves the system temp folder as it found it.
const fs = require("fs");
const os = require("os");
const path = require("path");

module.exports = async function globalSetup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-jest-"));
  process.env.FLIPT_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
