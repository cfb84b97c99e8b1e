import { environments, validateEnvironments } from "./environments";
import { REPOSITORY_ROOT } from "./environments/validation";
import { FliptStack } from "./modules/flipt-stack";
import { synthesizeAtomically } from "./modules/synthesize";

// One stack per MilMove environment, written all or nothing; see README "Layout".
try {
  synthesizeAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (app) => {
    validateEnvironments(environments);
    for (const environment of environments) {
      new FliptStack(app, environment.name, {
        environment,
        repositoryRoot: REPOSITORY_ROOT,
        policyLog: (message) => console.error(message),
      });
    }
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error("Synthesis failed: no stack was written, and earlier output was removed.");
  process.exitCode = 1;
}
