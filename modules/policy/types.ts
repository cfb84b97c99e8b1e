/**
 * The vocabulary of the policy pack: what a rule looks at, what it may read besides, and what it
 * answers. Rules are pure functions of these values, so they are tested without constructs.
 */
import type { EnvironmentConfig } from "../../environments/types";
import type { JsonObject } from "./private/json";
import type { StackIndex } from "./private/stack-index";

/** How a rule's findings are treated. */
export type Severity = "error" | "error-unsuppressible" | "warning";

/** One thing wrong with one subject. */
export interface Finding {
  /**
   * Granular id, the unit a suppression's `appliesTo` names: e.g. `Action::s3:*`,
   * `Resource::*`, a container name, `Unresolved::network_configuration.assign_public_ip`.
   */
  readonly id: string;
  /** What is wrong, with the offending value. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * True when this finding can never be suppressed even though its rule can (IAM-03 reading
   * secrets on `*`).
   * @default false
   */
  readonly unsuppressible?: boolean;
}

/** A rule's answer for one subject. */
export type RuleResult =
  | {
      readonly outcome: "compliant";
      /**
       * Something accepted that a reviewer should still see; shown in the report row.
       */
      readonly note?: string;
    }
  | { readonly outcome: "not-applicable" }
  | { readonly outcome: "non-compliant"; readonly findings: readonly Finding[] };

/** What kind of block a subject is. */
export type SubjectKind = "resource" | "data" | "provider" | "stack";

/**
 * One block of the synthesized stack, as a rule sees it. Providers and the stack as a whole are
 * pseudo-subjects, so rules on the provider block or on everything (the contract, SEC-01) have
 * the same shape as resource rules.
 */
export interface PolicySubject {
  /**
   * Terraform address: `aws_ecs_service.service_ABC`, `data.aws_iam_policy_document.x`,
   * `provider.aws` (`provider.aws.<alias>`), or `stack`.
   */
  readonly address: string;
  readonly kind: SubjectKind;
  /** Terraform type (`aws_ecs_service`); a provider's name (`aws`); `stack` for the stack. */
  readonly type: string;
  /**
   * The block's resolved Terraform JSON, escape-hatch overrides included, cdktf's `//` metadata
   * removed. For the stack: the whole stack JSON.
   */
  readonly config: JsonObject;
}

/** Rule parameters, defaults applied (see `PolicyOptions` for each meaning and default). */
export interface PolicySettings {
  readonly allowedIngressPorts: readonly number[];
  readonly allowedIngressCidrs: readonly string[];
  readonly trustedServicePrincipals: readonly string[];
  readonly allowedAccountIds: readonly string[];
  /** The repository the stack is built from: managed flag folders are relative to it. */
  readonly repositoryRoot: string;
}

/** What a rule may read besides its subject. Read-only. */
export interface RuleContext {
  /** Stack name, for messages. */
  readonly stackName: string;
  /** The environment the stack was built from: what the contract (CON-01) checks against. */
  readonly environment?: EnvironmentConfig;
  readonly settings: PolicySettings;
  /** Lookups over the whole resolved stack JSON. */
  readonly stack: StackIndex;
}

/** A rule: a pure function of one subject and the read-only context. */
export type Rule = (subject: PolicySubject, context: RuleContext) => RuleResult;
