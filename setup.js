// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...) for every test file.
const { Testing } = require("cdktf");
Testing.setupJest();
