import { readLiteralString } from "../../private/expressions";
import { NOT_APPLICABLE, isResourceOf, unresolved, verdict } from "../../private/findings";
import type { Finding, Rule } from "../../types";

/**
 * ECS-04: network mode `awsvpc`, and neither the host's PID nor IPC namespace
 * (FSBP ECS.3, ECS.17, CKV_AWS_335).
 */
export const ecs04AwsvpcNoHostNamespaces: Rule = (subject) => {
  if (!isResourceOf(subject, "aws_ecs_task_definition")) return NOT_APPLICABLE;
  const findings: Finding[] = [];
  const mode = readLiteralString(subject.config.network_mode);
  if (mode.state === "unresolved")
    findings.push(unresolved("network_mode", mode.expression, "awsvpc"));
  else if (mode.state !== "literal" || mode.value !== "awsvpc") {
    const shown = mode.state === "literal" ? mode.value : "unset (bridge)";
    findings.push({
      id: `NetworkMode::${shown}`,
      message: `network_mode is ${shown}; tasks must have their own network interface and security group`,
      fix: 'set network_mode = "awsvpc"',
    });
  }
  for (const argument of ["pid_mode", "ipc_mode"]) {
    const value = readLiteralString(subject.config[argument]);
    if (value.state === "unresolved") {
      findings.push(unresolved(argument, value.expression, 'not "host"'));
    } else if (value.state === "literal" && value.value === "host") {
      findings.push({
        id: `${argument}::host`,
        message: `${argument} is "host": containers share the host's ${argument === "pid_mode" ? "processes" : "shared memory"}`,
        fix: `remove ${argument} or set it to "task"`,
      });
    }
  }
  return verdict(findings);
};
