import { checkContainers } from "../../private/ecs";
import { isExpression } from "../../private/expressions";
import { invalid, unresolved } from "../../private/findings";
import { asList, isAbsent, isObject } from "../../private/json";
import type { Finding, Rule } from "../../types";

/**
 * ECS-14: no container adds Linux capabilities (`linuxParameters.capabilities.add`) (FSBP ECS.4's
 * intent, CKV_AWS_97's family): each one hands the process a slice of root (`SYS_PTRACE` reads
 * other processes' memory, `NET_RAW` forges packets). Dropping them is fine and encouraged.
 */
export const ecs14NoAddedCapabilities: Rule = (subject) =>
  checkContainers(subject, ["linuxParameters"], ({ name, definition }): Finding[] => {
    const linux = definition.linuxParameters;
    if (isAbsent(linux)) return [];
    const path = `${name}.linuxParameters`;
    if (isExpression(linux)) return [unresolved(path, linux, "no added capabilities")];
    if (!isObject(linux)) return [invalid(path, linux, "an object")];
    const capabilities = linux.capabilities;
    if (isAbsent(capabilities)) return [];
    if (isExpression(capabilities))
      return [unresolved(`${path}.capabilities`, capabilities, "no added capabilities")];
    if (!isObject(capabilities))
      return [invalid(`${path}.capabilities`, capabilities, "an object")];
    const add = capabilities.add;
    if (isExpression(add)) return [unresolved(`${path}.capabilities.add`, add, "an empty list")];
    return asList(add).map((capability) => ({
      id: `Capability::${name}/${String(capability)}`,
      message: `container ${name} adds the Linux capability ${String(capability)}`,
      fix: `remove ${String(capability)} from linuxParameters.capabilities.add of container ${name}; keep drop: ["ALL"]`,
    }));
  });
