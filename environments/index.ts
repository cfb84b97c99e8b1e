export * from "./types";
export { validateEnvironments, ConfigValidationError } from "./validation";
/** Every environment (the files of environments/), in promotion order. Each becomes one stack. */
export { ENVIRONMENT_NAMES, environments } from "./registry";
