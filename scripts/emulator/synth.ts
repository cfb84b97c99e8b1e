// Synthesizes the stacks of the emulator test (scripts/emulator/emulator_test.py) from the
// project's own code:
// `node scripts/run-ts.js scripts/emulator/synth.ts <outdir> <scenario> <environment> <ids.json>`.
// The ids are those the test's seed got from the emulator (adoption ids are known only then).
// Each scenario gives the stacks `<scenario>` and `<scenario>-adopt-removed`, the same environment
// without `adopt` (for the plan the adoption guide promises has nothing to replace or destroy),
// and, given ownedNamespaceId, `<scenario>-by-id`, with the namespace owned elsewhere given by id.
import * as fs from "fs";
import { FLIPT_DEFAULTS, milmoveConventions } from "../../environments/milmove";
import type { AdoptionConfig, EnvironmentConfig, EnvironmentName } from "../../environments/types";
import { REPOSITORY_ROOT, checkConfiguration } from "../../modules/configuration";
import { FliptStack } from "../../modules/flipt-stack";
import { synthesizeAtomically } from "../../modules/synthesize";

/** What the seed created, by the names the stack gives them. */
interface SeedIds {
  readonly namespaceId?: string;
  readonly discoveryServiceId?: string;
  readonly securityGroupId?: string;
  readonly kmsKeyId?: string;
  /** The 2023 egress rules of the clients' groups to Flipt's, by client service. */
  readonly clientEgressRuleIds?: { readonly [service: string]: string };
  /** A namespace owned elsewhere, to give by id. */
  readonly ownedNamespaceId?: string;
}

/**
 * MilMove's conventions for the environment (not its file: what an engineer sets there must not
 * change the test). The account comes from the stack's account_id variable, as in the committed
 * stacks; the test replaces the backend (S3) with local state in its work folder.
 */
function conventions(name: EnvironmentName): EnvironmentConfig {
  return { ...milmoveConventions(name), production: false, flipt: FLIPT_DEFAULTS };
}

const scenarios: Record<string, (env: EnvironmentConfig, ids: SeedIds) => EnvironmentConfig> = {
  /**
   * The 2023 Flipt is there under the stack's names, and the app's groups (which restrict
   * egress) have their 2023 rules to it: every object adopted, as the guide says.
   */
  adoption: (env, ids) => {
    const suffix = `${env.serviceName}-${env.name}`;
    const adopt: AdoptionConfig = {
      namespaceId: ids.namespaceId,
      discoveryServiceId: ids.discoveryServiceId,
      ecsService: `${env.clusterName}/${env.serviceName}`,
      taskRoleName: `ecs-task-role-${suffix}`,
      executionRoleName: `ecs-task-execution-role-${suffix}`,
      logGroupName: `ecs-tasks-${suffix}`,
      securityGroupId: ids.securityGroupId,
      flagBucketName: env.flagBucketName,
      kmsKeyId: ids.kmsKeyId,
      kmsAliasName: `alias/${suffix}`,
      clientEgressRuleIds: ids.clientEgressRuleIds,
    };
    return { ...env, adopt, clientEgress: true };
  },
  /** Other MilMove infrastructure owns the namespace; the app's groups restrict egress. */
  "namespace-elsewhere": (env) => ({ ...env, namespaceOwnedElsewhere: true, clientEgress: true }),
  /** Nothing of Flipt exists yet. */
  fresh: (env) => env,
};

const [outdir, scenario, name, idsFile] = process.argv.slice(2);
const build = scenarios[scenario ?? ""];
if (!outdir || !build || !name || !idsFile) {
  console.error(
    `usage: synth.ts <outdir> <${Object.keys(scenarios).join("|")}> <environment> <ids.json> (got ${process.argv.slice(2).join(" ")})`,
  );
  process.exit(2);
}
const ids = JSON.parse(fs.readFileSync(idsFile, "utf8")) as SeedIds;
const environment = build(conventions(name as EnvironmentName), ids);
const variants: Record<string, EnvironmentConfig> = {
  [scenario!]: environment,
  [`${scenario}-adopt-removed`]: { ...environment, adopt: undefined },
  ...(ids.ownedNamespaceId
    ? {
        [`${scenario}-by-id`]: {
          ...environment,
          namespaceOwnedElsewhere: { id: ids.ownedNamespaceId },
        },
      }
    : {}),
};
// One at a time: both variants have one name, which the checks would refuse as a duplicate.
// An unknown environment name is refused here too.
for (const variant of Object.values(variants)) checkConfiguration([variant]);
synthesizeAtomically(outdir, (app) => {
  for (const [id, variant] of Object.entries(variants)) {
    new FliptStack(app, id, { environment: variant, repositoryRoot: REPOSITORY_ROOT });
  }
});
