/**
 * Read-only lookups over one resolved stack, built once per stack and shared by every rule:
 * blocks by address and by type, and provider blocks.
 */
import { parseReference, type BlockLookup, type Reference } from "./expressions";
import { asList, isAbsent, isObject, withoutMetadata, type JsonObject } from "./json";

/** A resource or data block of the stack. */
export interface TfBlock {
  /** `aws_s3_bucket.bucket_ABC` or `data.aws_partition.partition`. */
  readonly address: string;
  readonly kind: "resource" | "data";
  readonly type: string;
  readonly name: string;
  /** The block's resolved JSON without cdktf's `//` metadata. */
  readonly config: JsonObject;
}

/** A provider block of the stack. */
export interface ProviderBlock {
  /** `provider.aws`, or `provider.aws.<alias>`. */
  readonly address: string;
  /** Provider name, e.g. `aws`. */
  readonly name: string;
  readonly alias?: string;
  readonly config: JsonObject;
}

/** Lookups over one resolved stack JSON. */
export class StackIndex implements BlockLookup {
  /** The whole resolved stack JSON (with metadata). */
  public readonly json: JsonObject;
  /** Provider blocks, in synthesized order. */
  public readonly providers: readonly ProviderBlock[];
  /** Resource and data blocks, resources first, in synthesized order. */
  public readonly blocks: readonly TfBlock[];
  /**
   * Variables that stand for this account: `${var.x}` named by an AWS provider's
   * `allowed_account_ids` (the provider refuses to run against any other account).
   */
  public readonly accountVariables: ReadonlySet<string>;
  /**
   * Parts of the resource, data and provider sections that are not blocks of the expected
   * shape (an override that wrote a string or a list where a block belongs): the pack cannot
   * read them, so the contract (CON-01) reports them.
   */
  public readonly unreadable: readonly { readonly path: string; readonly value: unknown }[];
  private readonly byAddress = new Map<string, TfBlock>();
  private readonly byType = new Map<string, TfBlock[]>();

  constructor(json: JsonObject) {
    this.json = json;
    const unreadable: { path: string; value: unknown }[] = [];
    this.blocks = [
      ...readBlocks(json.resource, "resource", unreadable),
      ...readBlocks(json.data, "data", unreadable),
    ];
    for (const block of this.blocks) {
      this.byAddress.set(block.address, block);
      const key = `${block.kind}:${block.type}`;
      this.byType.set(key, [...(this.byType.get(key) ?? []), block]);
    }
    this.providers = readProviders(json.provider, unreadable);
    this.unreadable = unreadable;
    this.accountVariables = new Set(
      this.providers
        .filter((p) => p.name === "aws")
        .flatMap((p) => asList(p.config.allowed_account_ids))
        .filter(
          (v): v is string => typeof v === "string" && /^\$\{var\.[A-Za-z_][\w-]*\}$/.test(v),
        ),
    );
  }

  /** True when a resource or data block with this address exists. */
  public has(address: string): boolean {
    return this.byAddress.has(address);
  }

  /** The block at an address. */
  public get(address: string): TfBlock | undefined {
    return this.byAddress.get(address);
  }

  /** Resource blocks of a type. */
  public resources(type: string): readonly TfBlock[] {
    return this.byType.get(`resource:${type}`) ?? [];
  }

  /** Data blocks of a type. */
  public dataSources(type: string): readonly TfBlock[] {
    return this.byType.get(`data:${type}`) ?? [];
  }

  /** The block a reference points to, if it exists in the stack. */
  public resolve(reference: Reference | undefined): TfBlock | undefined {
    return reference ? this.byAddress.get(reference.address) : undefined;
  }

  /** The block a value refers to when it is exactly one reference (`${type.name.attr}`). */
  public referencedBlock(value: unknown): TfBlock | undefined {
    return this.resolve(parseReference(value));
  }

  /**
   * The provider configuration a block uses: its `provider` meta-argument (`aws.east`) or the
   * default (unaliased) provider of that name.
   */
  public providerOf(config: JsonObject, providerName = "aws"): ProviderBlock | undefined {
    const meta = config.provider;
    const wanted = typeof meta === "string" ? meta : providerName;
    const [name, alias] = wanted.split(".");
    return this.providers.find((p) => p.name === name && p.alias === alias);
  }
}

type Unreadable = { path: string; value: unknown }[];

function readBlocks(
  section: unknown,
  kind: "resource" | "data",
  unreadable: Unreadable,
): TfBlock[] {
  if (isAbsent(section)) return [];
  if (!isObject(section)) {
    unreadable.push({ path: kind, value: section });
    return [];
  }
  const found: TfBlock[] = [];
  for (const [type, byName] of Object.entries(section)) {
    if (!isObject(byName)) {
      unreadable.push({ path: `${kind}.${type}`, value: byName });
      continue;
    }
    for (const [name, config] of Object.entries(byName)) {
      if (!isObject(config)) {
        unreadable.push({ path: `${kind}.${type}.${name}`, value: config });
        continue;
      }
      const address = kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
      found.push({ address, kind, type, name, config: withoutMetadata(config) });
    }
  }
  return found;
}

function readProviders(section: unknown, unreadable: Unreadable): ProviderBlock[] {
  if (isAbsent(section)) return [];
  if (!isObject(section)) {
    unreadable.push({ path: "provider", value: section });
    return [];
  }
  const found: ProviderBlock[] = [];
  for (const [name, configs] of Object.entries(section)) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      if (!isObject(config)) {
        unreadable.push({ path: `provider.${name}`, value: config });
        continue;
      }
      const alias = typeof config.alias === "string" ? config.alias : undefined;
      const address = alias ? `provider.${name}.${alias}` : `provider.${name}`;
      found.push({ address, name, alias, config: withoutMetadata(config) });
    }
  }
  return found;
}
