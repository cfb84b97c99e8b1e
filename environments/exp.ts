import { FLIPT_DEFAULTS, milmoveConventions } from "./milmove";
import type { EnvironmentConfig } from "./types";

/** Experimental: where engineers try changes first (my.exp.move.mil). */
export const exp: EnvironmentConfig = {
  ...milmoveConventions("exp"),
  production: false,
  flipt: FLIPT_DEFAULTS,
};
