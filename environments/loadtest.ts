import { FLIPT_DEFAULTS, milmoveConventions } from "./milmove";
import type { EnvironmentConfig } from "./types";

/** Load testing (my.loadtest.dp3.us): sized up so Flipt is not the bottleneck under test. */
export const loadtest: EnvironmentConfig = {
  ...milmoveConventions("loadtest"),
  production: false,
  flipt: { ...FLIPT_DEFAULTS, cpu: 512, memoryMiB: 1024 },
};
