import { checkContainers } from "../../private/ecs";
import { readBool } from "../../private/expressions";
import { unresolved } from "../../private/findings";
import { show } from "../../private/json";
import type { Rule } from "../../types";

/** ECS-01: every container has `readonlyRootFilesystem: true` (FSBP ECS.5, CKV_AWS_336). */
export const ecs01ReadonlyRoot: Rule = (subject) =>
  checkContainers(subject, ["readonlyRootFilesystem"], ({ name, definition }) => {
    const value = readBool(definition.readonlyRootFilesystem);
    if (value.state === "literal" && value.value) return [];
    if (value.state === "unresolved") {
      return [unresolved(`${name}.readonlyRootFilesystem`, value.expression, "true")];
    }
    return [
      {
        id: name,
        message: `container ${name} has a writable root filesystem (readonlyRootFilesystem is ${show(definition.readonlyRootFilesystem)})`,
        fix: `set readonlyRootFilesystem: true on container ${name}; mount a volume for any path it must write`,
      },
    ];
  });
