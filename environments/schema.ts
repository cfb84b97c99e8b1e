/**
 * The shape of an environment file, checked at synth: unknown fields (a typo such as
 * `memoryMib`) and values of the wrong type (`"512"` for a number) are reported before any other
 * check, because `npm run synth` strips types without checking them (`tsc` does, in CI).
 *
 * A field whose rule concerns its own value only (a bound, a list of values) can carry that
 * rule here, next to its shape, as the numbers below do: adding such a field is then its type,
 * this line and the construct that uses it. Rules that relate fields live in validation.ts.
 *
 * The field lists are typed against `EnvironmentConfig`: adding a field to `types.ts` without
 * adding it here fails `npm run typecheck`, so the two cannot drift apart.
 */
import {
  CPU_ARCHITECTURES,
  DESIRED_COUNT_BOUNDS,
  DNS_TTL_BOUNDS,
  LOG_LEVELS,
  MIN_RETENTION_DAYS,
  POLL_INTERVAL_BOUNDS,
  logRetentionProblem,
} from "./rules";
import type {
  AdoptionConfig,
  AlarmConfig,
  BackendConfig,
  ClientService,
  CloudBackendSettings,
  EnvironmentConfig,
  FlagsConfig,
  FliptConfig,
  FliptImage,
  LocalBackendSettings,
  NetworkConfig,
  S3BackendSettings,
  UiConfig,
} from "./types";

/** What a value must be. */
export type Shape =
  | { readonly kind: "string" | "number" | "boolean" }
  | { readonly kind: "literal"; readonly values: readonly (string | number | boolean)[] }
  | { readonly kind: "array"; readonly of: Shape }
  | { readonly kind: "record"; readonly of: Shape }
  | { readonly kind: "object"; readonly fields: Readonly<Record<string, Field>> }
  /** Objects told apart by one literal field (`kind`, `mode`). */
  | {
      readonly kind: "tagged";
      readonly tag: string;
      readonly variants: Readonly<Record<string, Readonly<Record<string, Field>>>>;
      /** What the tag may be, in words. @default - the tags listed */
      readonly allowed?: string;
    }
  /** Objects told apart by which one of their fields is present (`{ id }` or `{ name }`). */
  | { readonly kind: "either"; readonly variants: readonly Readonly<Record<string, Field>>[] }
  /** A value of one of several shapes (`true` or `{ id }`); `allowed` says which, in words. */
  | { readonly kind: "anyOf"; readonly shapes: readonly Shape[]; readonly allowed: string };

/** A field of an object: its shape, whether it may be left out, and its rule. */
export interface Field {
  readonly shape: Shape;
  readonly optional: boolean;
  /**
   * What a value of the right shape must also be: undefined when allowed, else what is allowed.
   * @default - any value of the shape
   */
  readonly rule?: (value: never) => string | undefined;
}

/** Every key of T, required or not, mapped to its field description. */
type FieldsOf<T> = { readonly [K in keyof Required<T>]: Field };

const string: Shape = { kind: "string" };
const number: Shape = { kind: "number" };
const boolean: Shape = { kind: "boolean" };
const literal = (...values: (string | number | boolean)[]): Shape => ({ kind: "literal", values });
const arrayOf = (of: Shape): Shape => ({ kind: "array", of });
const object = <T>(fields: FieldsOf<T>): Shape => ({ kind: "object", fields });
const req = <T>(shape: Shape, rule?: (value: T) => string | undefined): Field => ({
  shape,
  optional: false,
  rule: rule as Field["rule"],
});
/** A whole number within `bounds`; `why` says what the bounds are for. */
const wholeNumber =
  (bounds: { readonly min: number; readonly max: number }, why: string) => (value: number) =>
    Number.isInteger(value) && value >= bounds.min && value <= bounds.max
      ? undefined
      : `a whole number from ${bounds.min} to ${bounds.max} (${why})`;
const opt = (shape: Shape): Field => ({ shape, optional: true });

const lookup: Shape = {
  kind: "either",
  variants: [{ id: req(string) }, { name: req(string) }],
};

const image = object<FliptImage>({
  repository: req(string),
  version: req(string),
  digest: opt(string),
});

const flipt = object<FliptConfig>({
  image: req(image),
  cpu: req(number),
  memoryMiB: req(number),
  cpuArchitecture: req(literal(...CPU_ARCHITECTURES)),
  desiredCount: req(
    number,
    wholeNumber(
      DESIRED_COUNT_BOUNDS,
      "ADR 0084 runs one per environment; 0 would leave the app without flags",
    ),
  ),
  pollIntervalSeconds: req(number, wholeNumber(POLL_INTERVAL_BOUNDS, "seconds between S3 polls")),
  logLevel: req(literal(...LOG_LEVELS)),
});

const network = object<NetworkConfig>({
  vpc: req(lookup),
  privateSubnets: req({
    kind: "either",
    variants: [{ ids: req(arrayOf(string)) }, { namePattern: req(string) }],
  }),
});

const backendVariants: { [K in BackendConfig["kind"]]: Readonly<Record<string, Field>> } = {
  s3: {
    kind: req(literal("s3")),
    bucket: req(string),
    key: req(string),
    region: req(string),
    kmsKeyId: opt(string),
    dynamodbTable: opt(string),
  } satisfies FieldsOf<S3BackendSettings>,
  cloud: {
    kind: req(literal("cloud")),
    organization: req(string),
    workspace: req(string),
    project: opt(string),
    hostname: opt(string),
  } satisfies FieldsOf<CloudBackendSettings>,
  local: {
    kind: req(literal("local")),
    path: opt(string),
  } satisfies FieldsOf<LocalBackendSettings>,
};

type ExternalFlags = Extract<FlagsConfig, { mode: "external" }>;
type ManagedFlags = Extract<FlagsConfig, { mode: "managed" }>;
const flagsVariants: { [K in FlagsConfig["mode"]]: Readonly<Record<string, Field>> } = {
  external: {
    mode: req(literal("external")),
    writerRoleName: opt(string),
  } satisfies FieldsOf<ExternalFlags>,
  managed: {
    mode: req(literal("managed")),
    directory: req(string),
  } satisfies FieldsOf<ManagedFlags>,
};

const ui = object<UiConfig>({
  certificateArn: req(string),
  allowedCidrs: req(arrayOf(string)),
  dns: opt({
    kind: "object",
    fields: { hostedZoneId: req(string), recordName: req(string) },
  }),
  deletionProtection: opt(boolean),
});

/** The shape of one environment file's exported value. */
export const ENVIRONMENT_SHAPE: Shape = object<EnvironmentConfig>({
  name: req(string),
  production: req(boolean),
  region: req(string),
  accountAlias: req(string),
  accountId: opt(string),
  assumeRoleArn: opt(string),
  clusterName: req(string),
  namespaceName: req(string),
  serviceName: req(string),
  dnsTtlSeconds: req(
    number,
    wholeNumber(DNS_TTL_BOUNDS, "short, so clients follow task replacements"),
  ),
  clients: req(
    arrayOf(object<ClientService>({ service: req(string), securityGroup: req(lookup) })),
  ),
  network: req(network),
  flipt: req(flipt),
  flagBucketName: req(string),
  flagPrefix: req(string),
  logsBucketName: req(string),
  // The floor is passed in so a changed MIN_RETENTION_DAYS reaches the rule.
  logRetentionDays: req(number, (days: number) => logRetentionProblem(days, MIN_RETENTION_DAYS)),
  backend: req({ kind: "tagged", tag: "kind", variants: backendVariants }),
  ui: opt(ui),
  flags: req({
    kind: "tagged",
    tag: "mode",
    variants: flagsVariants,
    allowed:
      "external (MilMove's pipeline writes the bucket) or managed (this stack uploads a folder)",
  }),
  alarm: req(object<AlarmConfig>({ snsTopicArn: opt(string) })),
  tags: req({ kind: "record", of: string }),
  adopt: opt(
    object<AdoptionConfig>({
      namespaceId: opt(string),
      discoveryServiceId: opt(string),
      ecsService: opt(string),
      taskRoleName: opt(string),
      executionRoleName: opt(string),
      logGroupName: opt(string),
      securityGroupId: opt(string),
      flagBucketName: opt(string),
      kmsKeyId: opt(string),
      kmsAliasName: opt(string),
      clientEgressRuleIds: opt({ kind: "record", of: string }),
    }),
  ),
  namespaceOwnedElsewhere: opt({
    kind: "anyOf",
    shapes: [boolean, object<{ id: string }>({ id: req(string) })],
    allowed: 'true, false or { id: "ns-..." } (true or false without quotes)',
  }),
  clientEgress: opt(boolean),
});

/** One way a value does not fit its shape. */
export interface ShapeProblem {
  /** Dotted path of the field, e.g. `flipt.memoryMib`. */
  readonly field: string;
  readonly value: unknown;
  /** What is allowed there. */
  readonly allowed: string;
  /** Set when the field itself is unknown: the known field it most likely meant. */
  readonly unknown?: { readonly suggestion?: string };
  /** Set when a required field is absent. */
  readonly missing?: true;
  /** Set when the value has the right shape but breaks the field's rule. */
  readonly rule?: true;
}

/** Every way `value` does not fit `shape`; empty when it fits. */
export function shapeProblems(value: unknown, shape: Shape, field = ""): ShapeProblem[] {
  const problem = (allowed: string): ShapeProblem[] => [
    { field: field || "(root)", value, allowed },
  ];
  switch (shape.kind) {
    case "string":
      return typeof value === "string" ? [] : problem("a string (in quotes)");
    case "number":
      if (typeof value === "number")
        return Number.isFinite(value) ? [] : problem("a finite number");
      return problem("a number (without quotes)");
    case "boolean":
      return typeof value === "boolean" ? [] : problem("true or false (without quotes)");
    case "literal":
      return shape.values.includes(value as string)
        ? []
        : problem(either(shape.values.map(String)));
    case "array":
      if (!Array.isArray(value)) return problem("a list [...]");
      // A hole (`[a, , b]`) is skipped by every array method, so it is looked for by index.
      return Array.from({ length: value.length }, (_, i) =>
        i in value
          ? shapeProblems(value[i], shape.of, `${field}[${i}]`)
          : [
              {
                field: `${field}[${i}]`,
                value: undefined,
                allowed: "a value, not an empty slot of the list",
              },
            ],
      ).flat();
    case "record":
      return isPlainObject(value)
        ? Object.entries(value).flatMap(([k, v]) =>
            shapeProblems(v, shape.of, `${field}[${JSON.stringify(k)}]`),
          )
        : problem("an object { key: value, ... }");
    case "object":
      return isPlainObject(value)
        ? fieldProblems(value, shape.fields, field)
        : problem("an object");
    case "tagged": {
      const tags = Object.keys(shape.variants);
      if (!isPlainObject(value)) return problem(`an object with ${shape.tag}: ${tags.join(" | ")}`);
      const tag = value[shape.tag];
      const variant =
        typeof tag === "string" && Object.prototype.hasOwnProperty.call(shape.variants, tag)
          ? shape.variants[tag]
          : undefined;
      if (typeof value[shape.tag] !== "string" || variant === undefined) {
        return [
          {
            field: join(field, shape.tag),
            value: value[shape.tag],
            allowed: shape.allowed ?? either(tags),
            ...(value[shape.tag] === undefined ? { missing: true as const } : {}),
          },
        ];
      }
      return fieldProblems(value, variant, field);
    }
    case "either": {
      if (!isPlainObject(value)) return problem(describeEither(shape.variants));
      const keys = Object.keys(value);
      const matching = shape.variants.filter((v) => Object.keys(v).some((k) => keys.includes(k)));
      if (matching.length !== 1) return problem(describeEither(shape.variants));
      return fieldProblems(value, matching[0], field);
    }
    case "anyOf": {
      if (shape.shapes.some((s) => shapeProblems(value, s, field).length === 0)) return [];
      // An object is checked field by field against the object shape, so a typo is named.
      const asObject = shape.shapes.find((s) => s.kind === "object");
      return isPlainObject(value) && asObject
        ? shapeProblems(value, asObject, field)
        : problem(shape.allowed);
    }
  }
}

function fieldProblems(
  value: Record<string, unknown>,
  fields: Readonly<Record<string, Field>>,
  at: string,
): ShapeProblem[] {
  const known = Object.keys(fields);
  const problems: ShapeProblem[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) {
      problems.push({
        field: join(at, key),
        value: item,
        allowed: `one of the known fields${at ? ` of ${at}` : ""}: ${known.join(", ")}`,
        unknown: { suggestion: closest(key, known) },
      });
      continue;
    }
    if (item === undefined) continue; // reported below when required
    const wrong = shapeProblems(item, fields[key].shape, join(at, key));
    problems.push(...wrong);
    const allowed = wrong.length === 0 ? fields[key].rule?.(item as never) : undefined;
    if (allowed !== undefined) {
      problems.push({ field: join(at, key), value: item, allowed, rule: true });
    }
  }
  for (const [key, f] of Object.entries(fields)) {
    if (!f.optional && value[key] === undefined) {
      problems.push({
        field: join(at, key),
        value: undefined,
        allowed: "a value: this field is required",
        missing: true,
      });
    }
  }
  return problems;
}

function describeEither(variants: readonly Readonly<Record<string, Field>>[]): string {
  return variants
    .map(
      (v) =>
        `{ ${Object.keys(v)
          .map((k) => `${k}: "..."`)
          .join(", ")} }`,
    )
    .join(" or ");
}

/** `a, b or c`. */
function either(values: readonly string[]): string {
  return values.length < 2
    ? values.join("")
    : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The known name a typo most likely meant: same letters ignoring case, or within edit distance 2. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exactCase = known.find((k) => k.toLowerCase() === lower);
  if (exactCase) return exactCase;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.min(2, Math.floor(candidate.length / 3)))) {
      if (!best || distance < best.distance) best = { name: candidate, distance };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
