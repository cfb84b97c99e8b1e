/**
 * "This account": what the aws provider's `allowed_account_ids` names (literal ids, or the
 * variable Terraform checks against the credentials), the only account the stack can run in.
 */
import { asList, type JsonObject } from "./json";
import type { StackIndex } from "./stack-index";

/** True when a value names this stack's account: a guarded id or the guarded variable. */
export function isOwnAccount(value: string, config: JsonObject, stack: StackIndex): boolean {
  const provider = stack.providerOf(config);
  const guarded = asList(provider?.config.allowed_account_ids).filter(
    (v): v is string => typeof v === "string",
  );
  return guarded.includes(value) || stack.accountVariables.has(value);
}
