import { readBool } from "../../private/expressions";
import { NOT_APPLICABLE, invalid, isResourceOf, unresolved, verdict } from "../../private/findings";
import { blocks } from "../../private/json";
import type { Finding, Rule } from "../../types";

/** ECS-09: the service's tasks get no public IP (`assign_public_ip` false) (FSBP ECS.2, CKV_AWS_333). */
export const ecs09NoPublicIp: Rule = (subject) => {
  if (!isResourceOf(subject, "aws_ecs_service")) return NOT_APPLICABLE;
  const findings = blocks(subject.config.network_configuration).flatMap((network, i): Finding[] => {
    const path = `network_configuration[${i}].assign_public_ip`;
    const value = readBool(network.assign_public_ip);
    if (value.state === "unresolved") return [unresolved(path, value.expression, "false")];
    if (value.state === "invalid") return [invalid(path, network.assign_public_ip, "false")];
    if (value.state === "literal" && !value.value) return [];
    if (value.state === "absent") return [];
    return [
      {
        id: "PublicIp",
        message: `${path} is ${JSON.stringify(network.assign_public_ip)}: tasks are reachable from the internet`,
        fix: "set assign_public_ip = false and run the tasks in private subnets",
      },
    ];
  });
  return verdict(findings);
};
