import { checkContainers } from "../../private/ecs";
import { isExpression } from "../../private/expressions";
import { unresolved } from "../../private/findings";
import { isAbsent } from "../../private/json";
import type { Rule } from "../../types";

/**
 * The user part of an ECS `user` value (`user`, `uid`, `user:group`, `uid:gid`) when it is root
 * in any spelling: `root` (any case), uid 0 written any way (`0`, `00`, `+0`), or empty.
 */
export function isRootUser(user: unknown): boolean {
  const principal = String(user).split(":")[0].trim();
  if (principal === "" || principal.toLowerCase() === "root") return true;
  return /^\+?\d+$/.test(principal) && Number(principal) === 0;
}

/**
 * ECS-03: every container names a non-root `user` (not `root`, not uid 0 in any spelling such as
 * `0`, `00`, `0:0`, `root:root`) (FSBP ECS.20). An unset user runs as the image's default user,
 * which the policy cannot see, so it fails too.
 */
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
    if (isRootUser(user)) {
      return [
        { id: name, message: `container ${name} runs as root (user ${JSON.stringify(user)})`, fix },
      ];
    }
    return [];
  });
