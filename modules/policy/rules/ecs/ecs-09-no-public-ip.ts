import { NOT_APPLICABLE, expectBool, isResourceOf, verdict } from "../../private/findings";
import { blocks } from "../../private/json";
import type { Rule } from "../../types";

/** ECS-09: the service's tasks get no public IP (`assign_public_ip` false) (FSBP ECS.2, CKV_AWS_333). */
export const ecs09NoPublicIp: Rule = (subject) => {
  if (!isResourceOf(subject, "aws_ecs_service")) return NOT_APPLICABLE;
  const findings = blocks(subject.config.network_configuration).flatMap((network, i) =>
    expectBool(
      network.assign_public_ip,
      `network_configuration[${i}].assign_public_ip`,
      false,
      {
        id: "PublicIp",
        message: `network_configuration[${i}].assign_public_ip is ${JSON.stringify(network.assign_public_ip)}: tasks are reachable from the internet`,
        fix: "set assign_public_ip = false and run the tasks in private subnets",
      },
      true,
    ),
  );
  return verdict(findings);
};
