import { FLIPT_DEFAULTS, milmoveConventions } from "./milmove";
import type { EnvironmentConfig } from "./types";

/** Staging: the last stop before production (my.stg.move.mil). */
export const stg: EnvironmentConfig = {
  ...milmoveConventions("stg"),
  production: false,
  flipt: FLIPT_DEFAULTS,
};
