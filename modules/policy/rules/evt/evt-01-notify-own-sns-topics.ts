import { parseArn } from "../../../private/arn";
import { isOwnAccount } from "../../private/accounts";
import { isExpression, parseReference } from "../../private/expressions";
import { NOT_APPLICABLE, unresolved, verdict } from "../../private/findings";
import { asList, show, type JsonObject } from "../../private/json";
import type { Finding, Rule, RuleContext } from "../../types";

// Where notifications go: type -> arguments holding target ARNs.
const TARGET_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  aws_cloudwatch_event_target: ["arn"],
  aws_cloudwatch_metric_alarm: ["alarm_actions", "ok_actions", "insufficient_data_actions"],
};

/** True when the provider's account guard names only variables (the account is unknown at synth). */
function guardIsVariable(config: JsonObject, context: RuleContext): boolean {
  const guard = asList(context.stack.providerOf(config)?.config.allowed_account_ids);
  return (
    guard.length > 0 &&
    guard.every((id) => typeof id === "string" && context.stack.accountVariables.has(id))
  );
}

// Types with an `event_bus_name`: unset or a bus of this account (a name, or an ARN of it).
const BUS_TYPES = new Set(["aws_cloudwatch_event_rule", "aws_cloudwatch_event_target"]);

function busFindings(config: JsonObject, context: RuleContext): Finding[] {
  const bus = config.event_bus_name;
  if (bus === undefined || bus === null || bus === "default") return [];
  if (context.stack.referencedBlock(bus)) {
    return context.stack.referencedBlock(bus)?.type === "aws_cloudwatch_event_bus"
      ? []
      : [unresolved("event_bus_name", bus, "an event bus of this account")];
  }
  if (typeof bus !== "string") return [unresolved("event_bus_name", bus, "a bus name")];
  const arn = parseArn(bus);
  if (!arn) {
    return isExpression(bus) ? [unresolved("event_bus_name", bus, "a bus of this account")] : [];
  }
  return isOwnAccount(arn.account, config, context.stack)
    ? []
    : [
        {
          id: "EventBus",
          message: `event_bus_name is ${show(bus)}, a bus of account ${arn.account}, not this stack's`,
          fix: "use the account's default bus (leave event_bus_name unset)",
        },
      ];
}

const PARTITION_REFERENCE = /^\$\{data\.aws_partition\.[^}]+\.partition\}$/;

/**
 * EVT-01: EventBridge targets and alarm actions notify SNS topics of this stack's account and
 * partition only (ours): an SNS topic of the stack (`${aws_sns_topic.x.arn}`), or an
 * `arn:<partition>:sns:<region>:<account>:<name>` whose partition is GovCloud's (or
 * `data.aws_partition`), region an allowed one, and account the guarded one. Anything else (a
 * Lambda, another account's topic, an Auto Scaling or EC2 action) acts or leaks outside what the
 * pack reviewed.
 */
export const evt01NotifyOwnSnsTopics: Rule = (subject, context) => {
  if (subject.kind === "resource" && BUS_TYPES.has(subject.type)) {
    const bus = busFindings(subject.config, context);
    if (subject.type === "aws_cloudwatch_event_rule") return verdict(bus);
    if (bus.length > 0) return verdict(bus);
  }
  const argumentsOf = subject.kind === "resource" ? TARGET_ARGUMENTS[subject.type] : undefined;
  if (!argumentsOf) return NOT_APPLICABLE;
  const notes: string[] = [];
  const result = verdict(
    argumentsOf.flatMap((argument) => {
      const value = subject.config[argument];
      if (argument !== "arn" && isExpression(value) && !parseReference(value))
        return [unresolved(argument, value, "a list of SNS topic ARNs of this account")];
      return asList(value).flatMap((target, i) =>
        targetFindings(
          target,
          Array.isArray(value) ? `${argument}[${i}]` : argument,
          subject.config,
          context,
          notes,
        ),
      );
    }),
  );
  return result.outcome === "compliant" && notes.length > 0
    ? { outcome: "compliant", note: notes.join("; ") }
    : result;
};

function targetFindings(
  target: unknown,
  path: string,
  config: JsonObject,
  context: RuleContext,
  notes: string[],
): Finding[] {
  const fix =
    "notify an aws_sns_topic of this stack, or an SNS topic ARN of this account built from data.aws_partition";
  const notTopic = (why: string): Finding[] => [
    { id: `Target::${path}`, message: `${path} is ${show(target)}, ${why}`, fix },
  ];
  const block = context.stack.referencedBlock(target);
  if (block) {
    const topic =
      block.kind === "resource" &&
      block.type === "aws_sns_topic" &&
      parseReference(target)?.attribute === "arn";
    return topic ? [] : notTopic("not the ARN of an SNS topic of this stack");
  }
  if (typeof target !== "string") return notTopic("not an SNS topic ARN");
  const arn = parseArn(target);
  if (!arn) {
    return isExpression(target)
      ? [unresolved(path, target, "an SNS topic ARN of this account")]
      : notTopic("not an ARN");
  }
  const problems: string[] = [];
  if (arn.partition !== context.settings.partition && !PARTITION_REFERENCE.test(arn.partition))
    problems.push(`partition ${arn.partition}`);
  if (arn.service !== "sns") problems.push(`service ${arn.service}`);
  if (!context.settings.allowedRegions.includes(arn.region)) problems.push(`region ${arn.region}`);
  if (!isOwnAccount(arn.account, config, context.stack)) problems.push(`account ${arn.account}`);
  if (problems.length === 0) return [];
  // The guard is a variable, so the account is only known at plan time; environment
  // validation compares the topic's account with accountId where it is set.
  if (
    problems.length === 1 &&
    problems[0].startsWith("account ") &&
    guardIsVariable(config, context)
  ) {
    if (/^\d{12}$/.test(arn.account)) {
      notes.push(
        `${path} notifies account ${arn.account}, which cannot be compared with the guarded account variable at synth time; set the environment's accountId so validation compares them`,
      );
      return [];
    }
  }
  if (problems.every((p) => p.includes("${")))
    return [unresolved(path, target, "an SNS topic ARN of this account")];
  return notTopic(
    `whose ${problems.join(", ")} is not this stack's (SNS, ${context.settings.partition}, ${context.settings.allowedRegions.join(" or ")}, the guarded account)`,
  );
}
