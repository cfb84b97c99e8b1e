// Synthesizes the stacks of the emulator test (scripts/emulator/emulator_test.py) from the
// project's own code: `node scripts/run-ts.js scripts/emulator/synth.ts <outdir> <scenario> <ids.json>`.
// The ids are those the test's seed got from the emulator (adoption ids are known only then).
// Each scenario gives two stacks: `<scenario>` and `<scenario>-adopt-removed`, the same
// environment without `adopt`, for the plan the README promises has nothing to replace or destroy.
import * as fs from "fs";
import { FLIPT_DEFAULTS, milmoveConventions } from "../../environments/milmove";
import type { AdoptionConfig, EnvironmentConfig } from "../../environments/types";
import { REPOSITORY_ROOT, checkConfiguration } from "../../modules/configuration";
import { FliptStack } from "../../modules/flipt-stack";
import { synthesizeAtomically } from "../../modules/synthesize";

/** What the seed created, by the names the stack gives them. */
interface SeedIds {
  readonly namespaceId?: string;
  readonly discoveryServiceId?: string;
  readonly securityGroupId?: string;
  readonly kmsKeyId?: string;
}

// stg as MilMove's conventions make it (not environments/stg.ts: what an engineer sets there must
// not change the test). The account comes from the stack's account_id variable, as in the
// committed stacks; the backend (S3) is replaced by local state in the test's work folder.
const stg: EnvironmentConfig = {
  ...milmoveConventions("stg"),
  production: false,
  flipt: FLIPT_DEFAULTS,
};

const scenarios: Record<string, (ids: SeedIds) => EnvironmentConfig> = {
  /** The 2023 Flipt is there under the stack's names: every object adopted, as the README says. */
  adoption: (ids) => {
    const suffix = `${stg.serviceName}-${stg.name}`;
    const adopt: AdoptionConfig = {
      namespaceId: ids.namespaceId,
      discoveryServiceId: ids.discoveryServiceId,
      ecsService: `${stg.clusterName}/${stg.serviceName}`,
      taskRoleName: `ecs-task-role-${suffix}`,
      executionRoleName: `ecs-task-execution-role-${suffix}`,
      logGroupName: `ecs-tasks-${suffix}`,
      securityGroupId: ids.securityGroupId,
      flagBucketName: stg.flagBucketName,
      kmsKeyId: ids.kmsKeyId,
      kmsAliasName: `alias/${suffix}`,
    };
    return { ...stg, adopt };
  },
  /** Other MilMove infrastructure owns the namespace; the app's groups restrict egress. */
  "namespace-elsewhere": () => ({ ...stg, namespaceOwnedElsewhere: true, clientEgress: true }),
  /** Nothing of Flipt exists yet. */
  fresh: () => stg,
};

const [outdir, scenario, idsFile] = process.argv.slice(2);
const build = scenarios[scenario ?? ""];
if (!outdir || !build || !idsFile) {
  console.error(
    `usage: synth.ts <outdir> <${Object.keys(scenarios).join("|")}> <ids.json> (got ${process.argv.slice(2).join(" ")})`,
  );
  process.exit(2);
}
const environment = build(JSON.parse(fs.readFileSync(idsFile, "utf8")) as SeedIds);
const withoutAdopt: EnvironmentConfig = { ...environment, adopt: undefined };
// One at a time: both variants are stg, which the checks would refuse as a duplicate name.
checkConfiguration([environment]);
synthesizeAtomically(outdir, (app) => {
  new FliptStack(app, scenario, { environment, repositoryRoot: REPOSITORY_ROOT });
  new FliptStack(app, `${scenario}-adopt-removed`, {
    environment: withoutAdopt,
    repositoryRoot: REPOSITORY_ROOT,
  });
});
