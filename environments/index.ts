import { demo } from "./demo";
import { exp } from "./exp";
import { loadtest } from "./loadtest";
import { prd } from "./prd";
import { stg } from "./stg";
import type { EnvironmentConfig } from "./types";

export * from "./types";
export { validateEnvironments, ConfigValidationError } from "./validation";

/** Every MilMove environment, in promotion order. Each becomes one stack. */
export const environments: readonly EnvironmentConfig[] = [demo, exp, loadtest, stg, prd];
