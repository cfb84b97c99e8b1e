// Synthesizes the fixture stacks (scripts/fixture-environments.ts) for `npm run validate` and
// `npm run test:terraform`: usage `node scripts/run-ts.js scripts/synth-fixture.ts <outdir>`.
import { REPOSITORY_ROOT, checkConfiguration } from "../modules/configuration";
import { FliptStack } from "../modules/flipt-stack";
import { synthesizeAtomically } from "../modules/synthesize";
import { FIXTURE_STACKS } from "./fixture-environments";

// One at a time: the fixtures share a name (stg), which the checks would refuse as a duplicate
// if they were checked as one list. Flag folders of managed fixtures are checked too.
for (const fixture of FIXTURE_STACKS) checkConfiguration([fixture.environment]);
synthesizeAtomically(process.argv[2] ?? ".validate/fixture.out", (app) => {
  for (const fixture of FIXTURE_STACKS) {
    new FliptStack(app, fixture.stackName, {
      environment: fixture.environment,
      repositoryRoot: REPOSITORY_ROOT,
    });
  }
});
