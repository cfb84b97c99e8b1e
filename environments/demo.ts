import { FLIPT_DEFAULTS, milmoveConventions } from "./milmove";
import type { EnvironmentConfig } from "./types";

/** Demonstrations for stakeholders (my.demo.dp3.us). */
export const demo: EnvironmentConfig = {
  ...milmoveConventions("demo"),
  production: false,
  flipt: FLIPT_DEFAULTS,
};
