// Synthesizes the fixture stacks (scripts/fixture-environments.ts) for `npm run validate` and
// `npm run test:terraform`: usage `node scripts/run-ts.js scripts/synth-fixture.ts <outdir>`.
import { validateEnvironments } from "../environments";
import { REPOSITORY_ROOT } from "../environments/validation";
import { FliptStack } from "../modules/flipt-stack";
import { synthesizeAtomically } from "../modules/synthesize";
import { FIXTURE_STACKS } from "./fixture-environments";

// One at a time: the fixtures share a name (stg), which validateEnvironments would refuse as
// a duplicate if they were checked as one list.
for (const fixture of FIXTURE_STACKS) validateEnvironments([fixture.environment]);
synthesizeAtomically(process.argv[2] ?? ".validate/fixture.out", (app) => {
  for (const fixture of FIXTURE_STACKS) {
    new FliptStack(app, fixture.stackName, {
      environment: fixture.environment,
      repositoryRoot: REPOSITORY_ROOT,
    });
  }
});
