import { Testing } from "cdktf";
import { ConfigValidationError } from "../environments";
import { FLIPT_DEFAULTS, milmoveConventions } from "../environments/milmove";
import { ENVIRONMENT_NAMES } from "../environments/registry";
import type { EnvironmentConfig, EnvironmentName } from "../environments/types";
import { REPOSITORY_ROOT, checkConfiguration } from "../modules/configuration";
import { FliptStack } from "../modules/flipt-stack";
import type { PolicyReport } from "../modules/policy/report";

/** Terraform JSON as synthesized, parsed. */
export interface TerraformJson {
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; description?: string }>;
  variable?: Record<string, Record<string, unknown>>;
}

/** Builds one environment's stack in a fresh test app. */
export function buildStack(environment: EnvironmentConfig): FliptStack {
  return new FliptStack(Testing.app(), environment.name, {
    environment,
    repositoryRoot: REPOSITORY_ROOT,
  });
}

/** Synthesizes one environment's stack: the raw JSON string and its parsed form. */
export function synthEnvironment(environment: EnvironmentConfig): {
  synth: string;
  json: TerraformJson;
} {
  const synth = Testing.synth(buildStack(environment));
  return { synth, json: JSON.parse(synth) as TerraformJson };
}

/** The resources of one type, as [name, config] pairs. */
export function resourcesOf(
  json: TerraformJson,
  type: string,
): [string, Record<string, unknown>][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/** The single resource of a type; fails the test if there is not exactly one. */
export function onlyResource(
  json: TerraformJson,
  type: string,
): { name: string; config: Record<string, unknown> } {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return { name: all[0][0], config: all[0][1] };
}

/** A Terraform reference to an attribute of a resource, as it appears in the JSON. */
export function ref(type: string, name: string, attribute: string): string {
  return `\${${type}.${name}.${attribute}}`;
}

/** The container definitions of the task definition, parsed. */
export function containerDefinitions(json: TerraformJson): Record<string, unknown>[] {
  const task = onlyResource(json, "aws_ecs_task_definition").config;
  return JSON.parse(task.container_definitions as string) as Record<string, unknown>[];
}

/** Returns a deep copy of an environment with some fields replaced (for invalid-input tests). */
export function withChanges(
  env: EnvironmentConfig,
  change: (copy: Record<string, any>) => void,
): EnvironmentConfig {
  const copy = structuredClone(env) as Record<string, any>;
  change(copy);
  return copy as unknown as EnvironmentConfig;
}

/**
 * An environment as MilMove's conventions make it, whatever its committed file says: only `prd`
 * is production, and Flipt runs at its default size. A test that builds a variant to exercise a
 * feature, then pins values, starts from this, so an engineer's valid edit of
 * `environments/<env>.ts` (a size, the UI, the flag mode, the backend...) cannot break it.
 */
export function conventional(name: EnvironmentName): EnvironmentConfig {
  return structuredClone({
    ...milmoveConventions(name),
    production: name === "prd",
    flipt: FLIPT_DEFAULTS,
  });
}

/** Every registered environment, each as {@link conventional} makes it. */
export function conventionalEnvironments(): EnvironmentConfig[] {
  return ENVIRONMENT_NAMES.map((name) => conventional(name));
}

/**
 * The problems synth reports for a list of environments (empty when valid): the environment
 * checks and their managed flag folders. `names` stands for the registered names.
 */
export function validationProblems(
  envs: readonly EnvironmentConfig[],
  names?: readonly string[],
): string[] {
  try {
    checkConfiguration(envs, { names });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    return [...error.problems];
  }
}

/**
 * The problems when `env` takes the place of the environment of the same name among the
 * conventional ones (not the committed files: what an engineer sets there, such as an account
 * id, would otherwise collide with what a test sets).
 */
export function problemsWith(env: EnvironmentConfig): string[] {
  return validationProblems(conventionalEnvironments().map((e) => (e.name === env.name ? env : e)));
}

/** The rules a policy report found non-compliant, sorted. */
export function nonCompliantRules(report: PolicyReport): string[] {
  return report.results
    .filter((r) => r.outcome === "non-compliant")
    .map((r) => r.rule)
    .sort();
}
