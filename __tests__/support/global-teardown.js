// Removes the run's temp folder made by global-setup.js.
const fs = require("fs");

module.exports = async function globalTeardown() {
  const dir = process.env.FLIPT_TEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
