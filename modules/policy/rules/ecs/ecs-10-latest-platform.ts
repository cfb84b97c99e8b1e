import { readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import type { Rule } from "../../types";

/**
 * ECS-10: the Fargate platform version is LATEST or unset (which means LATEST), so security
 * fixes of the platform arrive with each deployment (FSBP ECS.10, CKV_AWS_332).
 */
export const ecs10LatestPlatform: Rule = (subject) => {
  if (!isResourceOf(subject, "aws_ecs_service")) return NOT_APPLICABLE;
  const version = readLiteralString(subject.config.platform_version);
  if (version.state === "unresolved")
    return verdict([unresolved("platform_version", version.expression, "LATEST")]);
  if (version.state === "absent" || (version.state === "literal" && version.value === "LATEST"))
    return verdict([]);
  return verdict([
    {
      id: "PlatformVersion",
      message: `platform_version is pinned to ${JSON.stringify(version.state === "literal" ? version.value : subject.config.platform_version)}`,
      fix: 'remove platform_version or set it to "LATEST"',
    },
  ]);
};
