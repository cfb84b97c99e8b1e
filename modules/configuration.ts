import * as path from "path";
import type { App } from "cdktf";
import { ConfigValidationError, environmentProblems } from "../environments/validation";
import type { EnvironmentConfig } from "../environments/types";
import type * as FlagFileProblemModule from "./flags/flag-file-problem";
import type * as FlagFileValidationModule from "./flags/flag-file-validation";
import { FliptStack } from "./flipt-stack";

/** The repository root: managed flag folders and local state are relative to it. */
export const REPOSITORY_ROOT = path.resolve(__dirname, "..");

/** Options of {@link checkConfiguration} and {@link addEnvironmentStacks}. */
export interface ConfigurationOptions {
  /**
   * Folder that managed flag folders and local state paths are relative to.
   * @default REPOSITORY_ROOT
   */
  readonly repositoryRoot?: string;
  /**
   * The registered environment names.
   * @default ENVIRONMENT_NAMES
   */
  readonly names?: readonly string[];
}

/**
 * Checks the environments and, in managed mode, every file of their flag folders. Collects every
 * problem and throws one `ConfigValidationError`, so one run shows the whole list.
 */
export function checkConfiguration(
  envs: readonly EnvironmentConfig[],
  options: ConfigurationOptions = {},
): void {
  const root = options.repositoryRoot ?? REPOSITORY_ROOT;
  const problems = environmentProblems(envs, { names: options.names });
  // Flag folders only of environments whose own settings are valid: a bad directory is
  // reported above, and reading it would only add noise.
  // Each problem starts with the environment's name (`stg: ...`, `stg (environments/x.ts): ...`).
  const failed = new Set(problems.map((p) => p.split(/[: ]/)[0]));
  const managed = envs.filter((env) => env?.flags?.mode === "managed" && !failed.has(env.name));
  // The flag checker (and its YAML parser, a sixth of a synth's module loading) is loaded only
  // when an environment manages its flags here.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { formatFlagFileProblem } =
    managed.length > 0
      ? (require("./flags/flag-file-problem") as typeof FlagFileProblemModule)
      : ({} as typeof FlagFileProblemModule);
  const { validateFlagDirectory } =
    managed.length > 0
      ? (require("./flags/flag-file-validation") as typeof FlagFileValidationModule)
      : ({} as typeof FlagFileValidationModule);
  /* eslint-enable @typescript-eslint/no-require-imports */
  for (const env of managed) {
    if (env.flags.mode !== "managed") continue;
    for (const problem of validateFlagDirectory(path.join(root, env.flags.directory), env.name)) {
      const file = path.relative(root, problem.file);
      problems.push(`${env.name}: flags ${formatFlagFileProblem({ ...problem, file })}`);
    }
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
}

/** Options of {@link addEnvironmentStacks}. */
export interface EnvironmentStacksOptions extends ConfigurationOptions {
  /**
   * Folder the stacks' Terraform runs in, per stack: local state paths are written relative
   * to it.
   * @default - `<outdir>/stacks/<env>` of the app
   */
  readonly workingDirectory?: (environment: EnvironmentConfig) => string;
  /** Where the policy pack prints warnings and its summary. @default - not printed */
  readonly policyLog?: (message: string) => void;
}

/** Checks the environments, then adds one stack per environment to `app`. */
export function addEnvironmentStacks(
  app: App,
  envs: readonly EnvironmentConfig[],
  options: EnvironmentStacksOptions = {},
): FliptStack[] {
  checkConfiguration(envs, options);
  const root = options.repositoryRoot ?? REPOSITORY_ROOT;
  return envs.map(
    (environment) =>
      new FliptStack(app, environment.name, {
        environment,
        repositoryRoot: root,
        workingDirectory:
          options.workingDirectory?.(environment) ??
          path.resolve(app.outdir, "stacks", environment.name),
        policyLog: options.policyLog,
      }),
  );
}
