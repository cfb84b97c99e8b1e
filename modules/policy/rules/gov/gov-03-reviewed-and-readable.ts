import { readBool, referencesIn } from "../../private/expressions";
import { isSecretName } from "../../private/secrets";
import { NOT_APPLICABLE, verdict } from "../../private/findings";
import { blocks, isAbsent, isObject, show, type JsonObject } from "../../private/json";
import {
  AWS_PROVIDER_SOURCES,
  REVIEWED_AWS_PROVIDER_ARGUMENTS,
  REVIEWED_DATA_SOURCES,
  REVIEWED_PROVIDERS,
  REVIEWED_RESOURCES,
  REVIEWED_SECTIONS,
} from "../../private/reviewed";
import type { Finding, PolicySubject, Rule, RuleContext } from "../../types";

// cdktf's markers for a token it could not resolve: strings `${TfToken[TOKEN.n]}`, lists
// `#{TfToken[TOKEN.n]}`, and numbers encoded as a huge negative double.
const STRING_TOKEN = /[$#]\{TfToken\[|\$\{Token\[/;
const NUMBER_TOKEN_BELOW = -1e288;

/**
 * GOV-03: the pack fails closed on what it cannot judge (ours). Error findings for: a resource
 * or data-source type no rule or review covers (`Type::<type>`, suppressible with a reason
 * until a rule covers it); a provider other than aws, an aws provider argument nobody reviewed,
 * a provider source other than HashiCorp's; a `dynamic` block (cdktf's
 * `TerraformIterator.dynamic()`), whose content the rules cannot see, and a cdktf token left
 * unresolved (both unsuppressible: write the blocks out, as for a top-level section the pack
 * does not read and a provider from another source); a provisioner; a top-level section the
 * pack does not read (`module`, `check`); a `removed` block that would destroy what it forgets;
 * an output showing a secret attribute without `sensitive`; and any part of the stack that is
 * not a block of the expected shape.
 */
export const gov03ReviewedAndReadable: Rule = (subject, context) => {
  switch (subject.kind) {
    case "stack":
      return verdict(stackFindings(subject.config, context));
    case "provider":
      return verdict(providerFindings(subject));
    case "resource":
    case "data":
      return verdict(blockFindings(subject));
    default:
      return NOT_APPLICABLE;
  }
};

function blockFindings(subject: PolicySubject): Finding[] {
  const findings: Finding[] = [];
  const reviewed = subject.kind === "data" ? REVIEWED_DATA_SOURCES : REVIEWED_RESOURCES;
  if (!Object.hasOwn(reviewed, subject.type)) {
    const what = subject.kind === "data" ? "data source" : "resource";
    findings.push({
      id: `Type::${subject.kind === "data" ? "data." : ""}${subject.type}`,
      message: `no rule of the policy pack covers the ${what} type ${subject.type}, so nothing about it is checked`,
      fix: `add a rule for ${subject.type} (or a review note) to modules/policy/private/reviewed.ts, or suppress with a reason saying what was reviewed`,
    });
  }
  for (const path of dynamicBlocks(subject.config, "")) {
    findings.push({
      id: `Dynamic::${path}`,
      message: `${path} is a dynamic block: its content is generated at plan time, so the rules cannot see it`,
      fix: "write the blocks out (one block per entry) instead of TerraformIterator.dynamic()",
      unsuppressible: true,
    });
  }
  for (const path of tokens(subject.config, "")) {
    findings.push({
      id: `Token::${path}`,
      message: `${path} holds a cdktf token that was never resolved`,
      fix: "pass a resolvable value (a literal, or an attribute of a construct in this stack)",
      unsuppressible: true,
    });
  }
  if (!isAbsent(subject.config.provisioner)) {
    findings.push({
      id: "Provisioner",
      message: "the block has a provisioner, which runs commands the policy cannot judge",
      fix: "remove the provisioner; do the work in a resource the pack checks",
    });
  }
  return findings;
}

function providerFindings(subject: PolicySubject): Finding[] {
  if (!REVIEWED_PROVIDERS.has(subject.type)) {
    return [
      {
        id: `Provider::${subject.type}`,
        message: `the ${subject.type} provider is not reviewed by the policy pack`,
        fix: "remove the provider, or add rules for it to the pack",
      },
    ];
  }
  return Object.keys(subject.config)
    .filter((argument) => !REVIEWED_AWS_PROVIDER_ARGUMENTS.has(argument))
    .map((argument) => ({
      id: `ProviderArgument::${argument}`,
      message: `provider argument ${argument} is not reviewed: it may send requests elsewhere or weaken TLS`,
      fix: `remove ${argument}, or review it and add it to REVIEWED_AWS_PROVIDER_ARGUMENTS`,
    }));
}

function stackFindings(json: JsonObject, context: RuleContext): Finding[] {
  const findings: Finding[] = Object.keys(json)
    .filter((section) => !REVIEWED_SECTIONS.has(section))
    .map((section) => ({
      id: `Section::${section}`,
      message: `the stack has a top-level ${section} section, which the policy pack does not read`,
      fix: `remove ${section}; write its resources in this stack, where they are checked`,
      // A module hides every resource in it from every rule: never acceptable.
      unsuppressible: true,
    }));
  for (const { path, value } of context.stack.unreadable) {
    findings.push({
      id: `Unreadable::${path}`,
      message: `${path} is ${show(value)}, not a block the policy pack can read`,
      fix: "write resources, data sources and providers as blocks (objects); check escape-hatch overrides",
      unsuppressible: true,
    });
  }
  blocks(json.removed).forEach((removed, i) => {
    const destroy = readBool(blocks(removed.lifecycle)[0]?.destroy);
    if (!(destroy.state === "literal" && !destroy.value)) {
      findings.push({
        id: `Removed::${String(removed.from)}`,
        message: `removed[${i}] (${String(removed.from)}) does not set lifecycle { destroy = false }, so Terraform destroys what it stops managing`,
        fix: "set lifecycle { destroy = false } on the removed block: nothing the user owns is deleted",
        unsuppressible: true,
      });
    }
  });
  const outputs = isObject(json.output) ? json.output : {};
  for (const [name, output] of Object.entries(outputs)) {
    if (!isObject(output) || output.sensitive === true) continue;
    const secret = secretReference(output.value, context);
    if (secret) {
      findings.push({
        id: `Output::${name}`,
        message: `output ${name} shows ${secret} in plain text in every plan and apply`,
        fix: `mark output ${name} sensitive, or do not output the secret`,
      });
    }
  }
  const terraform = isObject(json.terraform) ? json.terraform : {};
  const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
  for (const [name, requirement] of Object.entries(required)) {
    const source = isObject(requirement) ? requirement.source : requirement;
    const ok = typeof source === "string" && AWS_PROVIDER_SOURCES.has(source.toLowerCase());
    if (!ok) {
      findings.push({
        id: `ProviderSource::${name}`,
        message: `required provider ${name} comes from ${show(source)}, not HashiCorp's AWS provider`,
        fix: 'require only hashicorp/aws (cdktf writes source "aws")',
        unsuppressible: true,
      });
    }
  }
  return findings;
}

/** Paths of `dynamic` blocks anywhere in a block. */
function dynamicBlocks(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => dynamicBlocks(v, `${path}[${i}]`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = path === "" ? key : `${path}.${key}`;
    if (key === "dynamic" && isObject(item)) {
      return Object.keys(item).map((name) => `${at}.${name}`);
    }
    return key === "//" ? [] : dynamicBlocks(item, at);
  });
}

/** Paths of unresolved cdktf tokens in a block (keys and values). */
function tokens(value: unknown, path: string): string[] {
  if (typeof value === "string") return STRING_TOKEN.test(value) ? [path || "(value)"] : [];
  if (typeof value === "number") return value < NUMBER_TOKEN_BELOW ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => tokens(v, `${path}[${i}]`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = path === "" ? key : `${path}.${key}`;
    return [...(STRING_TOKEN.test(key) ? [at] : []), ...tokens(item, at)];
  });
}

// Attributes that hold a secret's value, by resource type (besides secret-looking names).
const SECRET_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_ssm_parameter: ["value", "insecure_value"],
  aws_secretsmanager_secret_version: ["secret_string", "secret_binary"],
};

/** The secret attribute an output's value refers to, if any. */
function secretReference(value: unknown, context: RuleContext): string | undefined {
  if (typeof value !== "string") return undefined;
  const reference = referencesIn(value).find(
    (ref) =>
      (SECRET_ATTRIBUTES[ref.type] ?? []).includes(ref.attribute.split(/[.[]/)[0]) ||
      isSecretName(ref.attribute),
  );
  if (!reference || !context.stack.has(reference.address)) return undefined;
  return `${reference.address}.${reference.attribute}`;
}
