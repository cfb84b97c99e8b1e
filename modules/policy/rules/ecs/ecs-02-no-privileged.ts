import { checkContainers } from "../../private/ecs";
import { readBool } from "../../private/expressions";
import { invalid, unresolved } from "../../private/findings";
import type { Rule } from "../../types";

/**
 * ECS-02: no container is `privileged` (FSBP ECS.4; checkov's CKV_AWS_334 reads the wrong key
 * and never fires, this reads the container definition itself).
 */
export const ecs02NoPrivileged: Rule = (subject) =>
  checkContainers(subject, ["privileged"], ({ name, definition }) => {
    const value = readBool(definition.privileged);
    if (value.state === "unresolved") {
      return [unresolved(`${name}.privileged`, value.expression, "false")];
    }
    if (value.state === "invalid") {
      return [invalid(`${name}.privileged`, definition.privileged, "a boolean (false)")];
    }
    if (value.state === "literal" && value.value) {
      return [
        {
          id: name,
          message: `container ${name} is privileged (root on the host)`,
          fix: `remove privileged from container ${name} (Fargate rejects it anyway); grant specific linuxParameters capabilities if needed`,
        },
      ];
    }
    return [];
  });
