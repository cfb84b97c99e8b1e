import { checkContainers } from "../../private/ecs";
import { isExpression, parseReference, readBool } from "../../private/expressions";
import { invalid, unresolved } from "../../private/findings";
import { isAbsent, show, type JsonObject } from "../../private/json";
import { isOwnAccount } from "../../private/accounts";
import type { StackIndex } from "../../private/stack-index";
import type { Finding, Rule, RuleContext } from "../../types";

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
// <account>.dkr.ecr[-fips].<region>.amazonaws.com/<repository>
const ECR_HOST = /^([^.]+)\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/;

/**
 * ECS-13: every container image comes from the account's own private ECR, pinned by a tag or a
 * digest, never `latest` (ours; GovCloud tasks cannot reach public registries, and a public or
 * foreign image is code nobody in the account reviewed). Understood forms: the
 * `repository_url` of an `aws_ecr_repository` data source (or resource) of this stack followed
 * by `:<tag>` or `@sha256:<digest>` (or `@` an `aws_ecr_image` data source's `image_digest`); an
 * `aws_ecr_image` data source's `image_uri`; a literal `<account>.dkr.ecr.<region>.amazonaws.com`
 * host of the guarded account in an allowed region. The data sources must not name another
 * registry (`registry_id`). Anything else is a finding, an expression included.
 */
export const ecs13PrivateEcrImage: Rule = (subject, context) =>
  checkContainers(subject, ["image"], ({ name, definition }): Finding[] => {
    const image = definition.image;
    const path = `${name}.image`;
    if (typeof image !== "string" || image.trim() === "")
      return [invalid(path, image, "an image of the account's private ECR")];
    const whole = context.stack.referencedBlock(image);
    if (whole?.kind === "data" && whole.type === "aws_ecr_image") {
      return parseReference(image)?.attribute === "image_uri"
        ? ecrImageFindings(whole.config, whole.address, name, subject.config, context)
        : [notEcr(name, image)];
    }
    const { repository, separator, reference } = splitImage(image);
    return [
      ...repositoryFindings(repository, name, image, subject.config, context),
      ...referenceFindings(separator, reference, name, image, context.stack),
    ];
  });

/** Splits `<repository>[:tag|@digest]` at separators outside `${...}`. */
function splitImage(image: string): {
  repository: string;
  separator: "" | ":" | "@";
  reference: string;
} {
  let depth = 0;
  let lastSlash = -1;
  let at = -1;
  let colon = -1;
  for (let i = 0; i < image.length; i += 1) {
    if (image.startsWith("${", i)) {
      depth += 1;
      i += 1;
    } else if (image[i] === "}" && depth > 0) depth -= 1;
    else if (depth === 0 && image[i] === "/") lastSlash = i;
    else if (depth === 0 && image[i] === "@" && at < 0) at = i;
    else if (depth === 0 && image[i] === ":") colon = i;
  }
  if (at >= 0)
    return { repository: image.slice(0, at), separator: "@", reference: image.slice(at + 1) };
  if (colon > lastSlash)
    return { repository: image.slice(0, colon), separator: ":", reference: image.slice(colon + 1) };
  return { repository: image, separator: "", reference: "" };
}

function notEcr(name: string, image: string): Finding {
  return {
    id: `Registry::${name}`,
    message: `container ${name} pulls ${show(image)}, which is not an image of the account's private ECR`,
    fix: "mirror the image into the account's ECR and use the repository_url of a data.aws_ecr_repository with a pinned tag or digest",
  };
}

function repositoryFindings(
  repository: string,
  name: string,
  image: string,
  config: JsonObject,
  context: RuleContext,
): Finding[] {
  const target = context.stack.referencedBlock(repository);
  if (target && parseReference(repository)?.attribute === "repository_url") {
    if (target.type !== "aws_ecr_repository") return [notEcr(name, image)];
    return target.kind === "data"
      ? registryFindings(target.config, target.address, name, config, context.stack)
      : [];
  }
  const slash = repository.indexOf("/");
  const host = ECR_HOST.exec(slash < 0 ? "" : repository.slice(0, slash));
  if (!host) {
    return isExpression(repository) && !target
      ? [unresolved(`${name}.image`, image, "an image of the account's private ECR")]
      : [notEcr(name, image)];
  }
  const [, account, region] = host;
  const findings: Finding[] = [];
  if (!isOwnAccount(account, config, context.stack)) {
    findings.push({
      id: `Registry::${name}`,
      message: `container ${name} pulls from the registry of account ${account}, not this stack's account`,
      fix: "pull from the environment's own ECR (the account named by allowed_account_ids)",
    });
  }
  if (!context.settings.allowedRegions.includes(region)) {
    findings.push({
      id: `Registry::${name}`,
      message: `container ${name} pulls from ECR in ${region}, not ${context.settings.allowedRegions.join(" or ")}`,
      fix: "pull from the ECR of the stack's region",
    });
  }
  return findings;
}

function registryFindings(
  data: JsonObject,
  address: string,
  name: string,
  config: JsonObject,
  stack: StackIndex,
): Finding[] {
  const registry = data.registry_id;
  if (isAbsent(registry)) return [];
  if (typeof registry === "string" && isOwnAccount(registry, config, stack)) return [];
  return [
    {
      id: `Registry::${name}`,
      message: `container ${name}'s image comes from ${address}, whose registry_id ${show(registry)} is not this stack's account`,
      fix: "remove registry_id (the provider's own account is the default) or set it to the guarded account",
    },
  ];
}

function ecrImageFindings(
  data: JsonObject,
  address: string,
  name: string,
  config: JsonObject,
  context: RuleContext,
): Finding[] {
  const findings = registryFindings(data, address, name, config, context.stack);
  const digest = data.image_digest;
  const tag = data.image_tag;
  if (typeof digest === "string" && DIGEST.test(digest)) return findings;
  if (typeof tag === "string" && TAG.test(tag) && tag.toLowerCase() !== "latest") return findings;
  const latest = readBool(data.most_recent);
  findings.push({
    id: `Tag::${name}`,
    message: `container ${name}'s image is ${address}, which pins neither a literal digest nor a tag other than latest${latest.state === "literal" && latest.value ? " (most_recent follows every push)" : ""}`,
    fix: "set image_digest (sha256:...) or a release image_tag on the aws_ecr_image data source",
  });
  return findings;
}

function referenceFindings(
  separator: "" | ":" | "@",
  reference: string,
  name: string,
  image: string,
  stack: StackIndex,
): Finding[] {
  if (separator === "") {
    return [
      {
        id: `Tag::${name}`,
        message: `container ${name} pulls ${show(image)} without a tag or digest, which means latest`,
        fix: "pin a release tag (:v1.61.1) or a digest (@sha256:...)",
      },
    ];
  }
  if (separator === "@") {
    if (DIGEST.test(reference)) return [];
    const target = stack.referencedBlock(reference);
    if (
      target?.kind === "data" &&
      target.type === "aws_ecr_image" &&
      parseReference(reference)?.attribute === "image_digest"
    )
      return [];
    return isExpression(reference)
      ? [unresolved(`${name}.image`, image, "a sha256 digest")]
      : [invalid(`${name}.image`, image, "an image digest sha256:<64 lowercase hex>")];
  }
  if (isExpression(reference as unknown))
    return [unresolved(`${name}.image`, image, "a release tag")];
  if (TAG.test(reference) && reference.toLowerCase() !== "latest") return [];
  return [
    {
      id: `Tag::${name}`,
      message: `container ${name} pulls ${show(image)}: ${reference.toLowerCase() === "latest" ? "latest is not a pin" : "not a valid tag"}`,
      fix: "pin a release tag (:v1.61.1) or a digest (@sha256:...)",
    },
  ];
}
