import { checkContainers } from "../../private/ecs";
import { isExpression } from "../../private/expressions";
import { unresolved } from "../../private/findings";
import { isAbsent } from "../../private/json";
import type { Rule } from "../../types";

/** ECS-03: every container names a non-root `user` (not `root`, not uid 0) (FSBP ECS.20). */
export const ecs03NonRootUser: Rule = (subject) =>
  checkContainers(subject, ["user"], ({ name, definition }) => {
    const user = definition.user;
    const fix = `set user on container ${name} to a non-root uid:gid, e.g. "1000:1000"`;
    if (isAbsent(user)) {
      return [
        {
          id: name,
          message: `container ${name} sets no user, so it runs as the image's default user (often root)`,
          fix,
        },
      ];
    }
    if (isExpression(user)) return [unresolved(`${name}.user`, user, "a non-root user")];
    const principal = String(user).split(":")[0].trim();
    if (principal === "" || principal === "root" || principal === "0") {
      return [
        { id: name, message: `container ${name} runs as root (user ${JSON.stringify(user)})`, fix },
      ];
    }
    return [];
  });
