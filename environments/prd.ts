import { FLIPT_DEFAULTS, milmoveConventions } from "./milmove";
import type { EnvironmentConfig } from "./types";

/** Production (my.move.mil): more headroom, logs kept for three years. */
export const prd: EnvironmentConfig = {
  ...milmoveConventions("prd"),
  production: true,
  logRetentionDays: 1096,
  flipt: { ...FLIPT_DEFAULTS, cpu: 512, memoryMiB: 1024 },
};
