import * as fs from "fs";
import * as path from "path";
import { environments } from "../environments";
import { FLIPT_DEFAULTS, milmoveConventions } from "../environments/milmove";
import { ENVIRONMENT_NAMES } from "../environments/registry";
import type { EnvironmentConfig, EnvironmentName } from "../environments/types";
import { REPOSITORY_ROOT } from "../modules/configuration";
import { withChanges } from "./helpers";

/**
 * A configuration to prove the invariants on: the environment, the whole list it is synthesized
 * with, and the names registered for it.
 */
export interface Case {
  readonly label: string;
  readonly environment: EnvironmentConfig;
  readonly all: readonly EnvironmentConfig[];
  readonly names: readonly string[];
}

/** The committed environments, as they are. */
export function committedCases(): Case[] {
  return environments.map((environment) => ({
    label: environment.name,
    environment,
    all: environments,
    names: ENVIRONMENT_NAMES,
  }));
}

/** A certificate in the environment's own region (and account, when it commits one). */
export function certificateFor(env: EnvironmentConfig): string {
  return `arn:aws-us-gov:acm:${env.region}:${env.accountId ?? "123456789012"}:certificate/11111111-2222-3333-4444-555555555555`;
}

/**
 * Valid changes an engineer is expected to make, generated from today's environments: a new
 * environment, the UI on everywhere (production and not), other Fargate sizes, managed flags,
 * Terraform Cloud and local state. The invariants must hold for every one of them, so a
 * test that reads a tunable value instead of the configuration fails here.
 */
export function variantCases(): Case[] {
  const cases: Case[] = [];
  const replacing = (env: EnvironmentConfig, label: string): Case => ({
    label: `${env.name} with ${label}`,
    environment: env,
    all: environments.map((e) => (e.name === env.name ? env : e)),
    names: ENVIRONMENT_NAMES,
  });

  const newName = ["dev", "qa", "sandbox", "train", "perf"].find(
    (n) => !(ENVIRONMENT_NAMES as readonly string[]).includes(n),
  )!;
  const added: EnvironmentConfig = {
    ...milmoveConventions(newName as EnvironmentName),
    production: false,
    flipt: FLIPT_DEFAULTS,
  };
  cases.push({
    label: `a new environment ${newName}, as npm run new-env writes it`,
    environment: added,
    all: [...environments, added],
    names: [...ENVIRONMENT_NAMES, newName],
  });

  for (const env of environments) {
    cases.push(
      replacing(
        withChanges(env, (e) => {
          e.ui = { certificateArn: certificateFor(env), allowedCidrs: ["10.200.0.0/16"] };
        }),
        "the read-only UI on",
      ),
    );
    if (fs.existsSync(path.join(REPOSITORY_ROOT, "flags", env.name))) {
      cases.push(
        replacing(
          withChanges(env, (e) => (e.flags = { mode: "managed", directory: `flags/${env.name}` })),
          "managed flags",
        ),
      );
    }
  }

  const nonProduction = environments.find((e) => !e.production)!;
  cases.push(
    replacing(
      withChanges(nonProduction, (e) => {
        e.flipt = {
          ...e.flipt,
          cpu: 1024,
          memoryMiB: 4096,
          cpuArchitecture: "ARM64",
          desiredCount: 2,
          pollIntervalSeconds: 60,
          logLevel: "WARN",
        };
        e.logRetentionDays = 731;
        e.dnsTtlSeconds = 30;
        e.tags = { ...e.tags, Owner: "milmove-infra" };
      }),
      "other sizes, retention, TTL and tags",
    ),
  );
  const production = environments.find((e) => e.production) ?? environments[0];
  cases.push(
    replacing(
      withChanges(production, (e) => {
        e.backend = { kind: "cloud", organization: "milmove", workspace: `flipt-${e.name}` };
      }),
      "the Terraform Cloud backend",
    ),
  );
  cases.push(
    replacing(
      withChanges(nonProduction, (e) => (e.backend = { kind: "local" })),
      "local state",
    ),
  );
  return cases;
}

/** Every configuration the invariants are proven on. */
export function allCases(): Case[] {
  return [...committedCases(), ...variantCases()];
}
