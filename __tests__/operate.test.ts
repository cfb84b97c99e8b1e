import "cdktf/lib/testing/adapters/jest";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { EnvironmentConfig, UiConfig } from "../environments/types";
import {
  conventional,
  onlyResource,
  problemsWith,
  ref,
  resourcesOf,
  synthEnvironment,
  withChanges,
  type TerraformJson,
} from "./helpers";

// Variants start from the conventions, not from the committed files an engineer edits.
const stg = conventional("stg");
const prd = conventional("prd");
const problemsOf = problemsWith;
const certificateArn =
  "arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const ui: UiConfig = { certificateArn, allowedCidrs: ["10.200.0.0/16"] };
const withUi = (env: EnvironmentConfig, change: Partial<UiConfig> = {}) =>
  withChanges(env, (e) => (e.ui = { ...ui, ...change }));

describe("read-only UI, on", () => {
  let synth: string;
  let json: TerraformJson;
  beforeAll(
    () =>
      ({ synth, json } = synthEnvironment(
        withUi(stg, {
          dns: { hostedZoneId: "Z0123456789ABC", recordName: "flipt.stg.example.internal" },
        }),
      )),
  );

  it("puts an internal ALB in the private subnets with strict header handling and access logs", () => {
    const subnets = Object.keys(json.data?.aws_subnets ?? {})[0];
    expect(synth).toHaveResourceWithProperties(Lb, {
      name: "flipt-ui-stg",
      internal: true,
      load_balancer_type: "application",
      subnets: ref("data.aws_subnets", subnets, "ids"),
      drop_invalid_header_fields: true,
      desync_mitigation_mode: "strictest",
      access_logs: {
        bucket: "transcom-gov-milmove-stg-aws-logs",
        prefix: "alb/flipt-ui-stg",
        enabled: true,
      },
    });
  });

  it("serves HTTPS on 443 with the certificate and an explicit FIPS TLS policy", () => {
    const targetGroup = onlyResource(json, "aws_lb_target_group").name;
    expect(synth).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
      certificate_arn: certificateArn,
      default_action: [
        { type: "forward", target_group_arn: ref("aws_lb_target_group", targetGroup, "arn") },
      ],
    });
  });

  it("only redirects on port 80", () => {
    expect(synth).toHaveResourceWithProperties(LbListener, {
      port: 80,
      protocol: "HTTP",
      default_action: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } },
      ],
    });
    expect(resourcesOf(json, "aws_lb_listener")).toHaveLength(2);
  });

  it("targets the Flipt tasks by IP on 8080 and checks GET /health", () => {
    expect(synth).toHaveResourceWithProperties(LbTargetGroup, {
      port: 8080,
      protocol: "HTTP",
      target_type: "ip",
      health_check: expect.objectContaining({ path: "/health", matcher: "200", protocol: "HTTP" }),
    });
  });

  it("chains the security groups: listed ranges -> ALB -> Flipt on 8080 only", () => {
    const groups = resourcesOf(json, "aws_security_group");
    const albGroup = groups.find(([, g]) => g.name === "flipt-ui-stg")![0];
    const fliptGroup = groups.find(([, g]) => g.name === "ecs-flipt-stg")![0];
    const ingress = resourcesOf(json, "aws_vpc_security_group_ingress_rule").map(([, r]) => r);
    const intoAlb = ingress.filter(
      (r) => r.security_group_id === ref("aws_security_group", albGroup, "id"),
    );
    expect(intoAlb.map((r) => [r.cidr_ipv4, r.from_port]).sort()).toEqual([
      ["10.200.0.0/16", 443],
      ["10.200.0.0/16", 80],
    ]);
    // Flipt's group declares its rules inline (one authoritative set), the ALB's among them.
    const intoFlipt = groups.find(([name]) => name === fliptGroup)![1].ingress as {
      security_groups: string[];
      cidr_blocks: string[];
      from_port: number;
      to_port: number;
    }[];
    expect(intoFlipt).toContainEqual(
      expect.objectContaining({
        security_groups: [ref("aws_security_group", albGroup, "id")],
        from_port: 8080,
        to_port: 8080,
      }),
    );
    expect(intoFlipt.every((r) => r.cidr_blocks.length === 0 && r.from_port === 8080)).toBe(true);
    expect(
      resourcesOf(json, "aws_vpc_security_group_egress_rule").map(([, r]) => r),
    ).toContainEqual(
      expect.objectContaining({
        security_group_id: ref("aws_security_group", albGroup, "id"),
        referenced_security_group_id: ref("aws_security_group", fliptGroup, "id"),
        from_port: 8080,
      }),
    );
  });

  it("registers the tasks with the target group and keeps the Cloud Map registration unchanged", () => {
    const discovery = onlyResource(json, "aws_service_discovery_service").name;
    const targetGroup = onlyResource(json, "aws_lb_target_group").name;
    const service = onlyResource(json, "aws_ecs_service").config;
    expect(service.service_registries).toEqual({
      registry_arn: ref("aws_service_discovery_service", discovery, "arn"),
    });
    expect(service.load_balancer).toEqual([
      {
        target_group_arn: ref("aws_lb_target_group", targetGroup, "arn"),
        container_name: "flipt-stg",
        container_port: 8080,
      },
    ]);
    const https = resourcesOf(json, "aws_lb_listener").find(([, l]) => l.port === 443)![0];
    expect(service.depends_on).toContain(`aws_lb_listener.${https}`);
  });

  it("adds a DNS name in the given hosted zone and outputs the UI URL", () => {
    expect(synth).toHaveResourceWithProperties(Route53Record, {
      zone_id: "Z0123456789ABC",
      name: "flipt.stg.example.internal",
      type: "CNAME",
    });
    expect(json.output?.ui_url.value).toBe("https://flipt.stg.example.internal");
  });

  it("protects every load balancer from deletion unless the environment turns it off", () => {
    for (const env of [withUi(prd), withUi(stg)]) {
      expect(synthEnvironment(env).synth).toHaveResourceWithProperties(Lb, {
        enable_deletion_protection: true,
      });
    }
    const off = withUi(stg, { deletionProtection: false });
    expect(synthEnvironment(off).synth).toHaveResourceWithProperties(Lb, {
      enable_deletion_protection: false,
    });
  });
});

describe("read-only UI validation", () => {
  it.each<[string, Partial<UiConfig>, RegExp]>([
    [
      "missing certificate",
      { certificateArn: undefined as unknown as string },
      /^stg: ui\.certificateArn \(missing\) is not allowed; use an ACM certificate ARN in us-gov-west-1/,
    ],
    [
      "certificate in another region",
      { certificateArn: certificateArn.replace("us-gov-west-1", "us-gov-east-1") },
      /^stg: ui\.certificateArn ".*us-gov-east-1.*" is not allowed; use an ACM certificate ARN in us-gov-west-1/,
    ],
    [
      "empty list of ranges",
      { allowedCidrs: [] },
      /^stg: ui\.allowedCidrs \[\] is not allowed; use at least one CIDR range/,
    ],
    [
      "open to the internet",
      { allowedCidrs: ["0.0.0.0/0"] },
      /^stg: ui\.allowedCidrs\[0\] "0\.0\.0\.0\/0" is not allowed; use a specific range, not the whole internet/,
    ],
    [
      "open to the IPv6 internet",
      { allowedCidrs: ["::/0"] },
      /^stg: ui\.allowedCidrs\[0\] "::\/0" is not allowed; use a specific range, not the whole internet/,
    ],
    [
      "not a CIDR",
      { allowedCidrs: ["vpn"] },
      /^stg: ui\.allowedCidrs\[0\] "vpn" is not allowed; use a CIDR range such as 10\.1\.0\.0\/16/,
    ],
    [
      "host bits set",
      { allowedCidrs: ["10.1.2.3/16"] },
      /^stg: ui\.allowedCidrs\[0\] "10\.1\.2\.3\/16" is not allowed; use the network address of the range/,
    ],
    [
      "bad hosted zone",
      { dns: { hostedZoneId: "zone", recordName: "flipt.example.internal" } },
      /^stg: ui\.dns\.hostedZoneId "zone" is not allowed; use a Route 53 hosted zone id/,
    ],
  ])("rejects %s", (_label, change, message) => {
    expect(problemsOf(withUi(stg, change))).toContainEqual(expect.stringMatching(message));
  });
});

describe("flags as code", () => {
  it("uploads the environment's sample files in managed mode, with content hashes, KMS-encrypted", () => {
    const { json } = synthEnvironment(
      withChanges(stg, (e) => (e.flags = { mode: "managed", directory: "flags/stg" })),
    );
    const bucket = onlyResource(json, "aws_s3_bucket").name;
    const key = onlyResource(json, "aws_kms_key").name;
    const objects = resourcesOf(json, "aws_s3_object").map(([, o]) => o);
    const content = fs.readFileSync(
      path.join(__dirname, "..", "flags", "stg", "features.yml"),
      "utf8",
    );
    expect(objects).toEqual([
      {
        bucket: ref("aws_s3_bucket", bucket, "id"),
        key: "features.yml",
        content,
        content_type: "application/yaml",
        server_side_encryption: "aws:kms",
        kms_key_id: ref("aws_kms_key", key, "arn"),
        source_hash: createHash("sha256").update(content).digest("hex"),
      },
    ]);
  });

  it.each(["demo", "exp", "loadtest", "stg"] as const)(
    "accepts the committed sample folder flags/%s for its own environment",
    (name) => {
      const env = withChanges(conventional(name), (e) => {
        e.flags = { mode: "managed", directory: `flags/${name}` };
      });
      expect(problemsOf(env)).toEqual([]);
    },
  );

  it("fails validation for a bad flag file, naming the environment, file, line, path and what is allowed", () => {
    const directory = "__tests__/fixtures/flags-wrong-namespace";
    const problems = problemsOf(
      withChanges(stg, (e) => (e.flags = { mode: "managed", directory })),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^stg: flags __tests__\/fixtures\/flags-wrong-namespace\/features\.yml:2:\d+ namespace: .*"prd".*stg/,
      ),
    ]);
  });

  it("rejects a managed folder outside the repository", () => {
    expect(
      problemsOf(
        withChanges(stg, (e) => (e.flags = { mode: "managed", directory: "../elsewhere" })),
      ),
    ).toContainEqual(
      expect.stringMatching(
        /^stg: flags\.directory "\.\.\/elsewhere" is not allowed; use a folder inside this repository/,
      ),
    );
  });

  it("rejects an unknown mode", () => {
    expect(problemsOf(withChanges(stg, (e) => (e.flags = { mode: "git" })))).toContainEqual(
      expect.stringMatching(/^stg: flags\.mode "git" is not allowed; use external .* or managed/),
    );
  });

  it("grants the external pipeline's role, in this account, PutObject on the flag prefix only, and the key through S3", () => {
    const { json } = synthEnvironment(
      withChanges(stg, (e) => (e.flags = { mode: "external", writerRoleName: "flag-pipeline" })),
    );
    const bucket = onlyResource(json, "aws_s3_bucket").name;
    const writer = expect.stringMatching(
      /^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:iam::\$\{var\.account_id\}:role\/flag-pipeline$/,
    );
    const bucketPolicy = JSON.parse(
      onlyResource(json, "aws_s3_bucket_policy").config.policy as string,
    );
    expect(bucketPolicy.Statement).toContainEqual({
      Sid: "FlagPipelineWritesFlagFiles",
      Effect: "Allow",
      Principal: { AWS: writer },
      Action: "s3:PutObject",
      Resource: `${ref("aws_s3_bucket", bucket, "arn")}/*`,
    });
    const keyPolicy = JSON.parse(onlyResource(json, "aws_kms_key").config.policy as string);
    expect(keyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { AWS: writer },
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Condition: { StringEquals: { "kms:ViaService": "s3.us-gov-west-1.amazonaws.com" } },
      }),
    );
    expect(resourcesOf(json, "aws_s3_object")).toHaveLength(0);
  });

  it("rejects a writer given as an ARN instead of a role name", () => {
    const env = withChanges(
      stg,
      (e) =>
        (e.flags = { mode: "external", writerRoleName: "arn:aws-us-gov:iam::222222222222:role/x" }),
    );
    expect(problemsOf(env)).toContainEqual(
      expect.stringMatching(
        /^stg: flags\.writerRoleName ".*" is not allowed; use an IAM role name in the environment's account/,
      ),
    );
  });
});

describe("Flipt-down alarm", () => {
  const topic = "arn:aws-us-gov:sns:us-gov-west-1:123456789012:milmove-alerts";

  it("notifies the environment's SNS topic when set, on alarm and on recovery", () => {
    const { json } = synthEnvironment(withChanges(stg, (e) => (e.alarm = { snsTopicArn: topic })));
    expect(onlyResource(json, "aws_cloudwatch_metric_alarm").config).toMatchObject({
      alarm_actions: [topic],
      ok_actions: [topic],
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
    });
  });

  it("rejects a topic outside the environment's region", () => {
    expect(
      problemsOf(
        withChanges(
          stg,
          (e) =>
            (e.alarm = {
              snsTopicArn: topic.replace("us-gov-west-1", "us-east-1").replace("aws-us-gov", "aws"),
            }),
        ),
      ),
    ).toContainEqual(
      expect.stringMatching(
        /^stg: alarm\.snsTopicArn ".*" is not allowed; use an SNS topic ARN in us-gov-west-1/,
      ),
    );
  });
});
