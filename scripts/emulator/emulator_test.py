#!/usr/bin/env python3
"""The emulator test: the project's stacks applied with the real Terraform AWS provider against
moto (an AWS emulator) on 127.0.0.1, in three scenarios (docs/adoption.md follows it step by step):

  adoption             an account that still runs the 2023 Flipt under the stack's names: every
                       object adopted; plan, apply, re-plan, the plan without `adopt`, destroy
  namespace-elsewhere  the namespace belongs to other infrastructure; the app's groups restrict
                       egress (clientEgress): destroy leaves the namespace as it was
  fresh                nothing of Flipt exists: apply, re-plan, destroy leaves the environment only

Usage: scripts/emulator/run.sh (npm run test:emulator), which sets up the provider mirror the way
scripts/terraform-workdir.sh does and exports TF_CLI_CONFIG_FILE, EMULATOR_WORK and
EMULATOR_PROVIDER_VERSION. `EMULATOR_SCENARIOS=fresh,adoption` runs some scenarios only.

Only 127.0.0.1 is ever contacted: moto runs in this process (a thread) on a free port, every
provider endpoint points at it, and terraform gets a proxy on a closed local port, so a call to
any other host fails instead of leaving the machine. Whatever happens, the terraform process
group this script started and the moto server are stopped (try/finally, SIGTERM/SIGINT/SIGHUP).

Where moto differs from AWS, the test corrects it here, before anything is seeded, so that it
reports what AWS would do (each correction is listed in MOTO_CORRECTIONS, printed at the start,
and in docs/adoption.md).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[2]
ACCOUNT = "123456789012"  # moto's default account; the stack's account_id variable
REGION = "us-gov-west-1"
ENV = "stg"
SUFFIX = f"flipt-{ENV}"
NAMESPACE = f"svc-{ENV}.local"
CLUSTER = f"app-{ENV}"
FLAG_BUCKET = f"transcom-gov-milmove-{ENV}-flipt-{REGION}"
LOGS_BUCKET = f"transcom-gov-milmove-{ENV}-aws-logs"
CLIENT_GROUPS = {"app": f"ecs-app-{ENV}", "app-client-tls": f"ecs-app-client-tls-{ENV}"}
FLIPT_PORT = 8080

# ---------------------------------------------------------------------------------------------
# moto, corrected to answer as AWS does where the stacks depend on it
# ---------------------------------------------------------------------------------------------

MOTO_CORRECTIONS = [
    "Cloud Map ids: moto makes ns-<20> and srv-<8> characters; AWS (and the stack's validation) "
    "ns-/srv- and 16: ids are generated in AWS's shape.",
    "A private DNS namespace's hosted zone: moto names it '<name>-hz', does not associate it with "
    "the VPC, returns its id as '/hostedzone/<id>', gives it no LinkedService and keeps it when the "
    "namespace is deleted; AWS creates zone <name> associated with the VPC, returns the bare id, "
    "links the zone to the namespace (servicediscovery.amazonaws.com, the namespace ARN) and "
    "deletes the zone with the namespace: the test's moto does the same.",
    "A private DNS namespace in a VPC that already has one: moto refuses any second namespace in "
    "the VPC; AWS only one of the same name: the test's moto refuses the same name only.",
    "ECS services: moto does not store enableECSManagedTags and availabilityZoneRebalancing given "
    "to CreateService (UpdateService it does), so every re-plan would change them: the test's moto "
    "stores them.",
    "Security group rules that reference a group: moto drops their description in "
    "DescribeSecurityGroupRules (it returns only a CIDR rule's), so every re-plan would rewrite it: "
    "the test's moto returns it, as AWS does.",
    "Duplicate rules: moto compares a referenced group's description too, so it accepts a second "
    "rule for the same group and port that differs only in description; AWS refuses it "
    "(InvalidPermission.Duplicate): the test's moto compares as AWS does.",
    "KMS CreateKey without KeyUsage: moto stores none (DescribeKey omits it, and an imported key "
    "would plan a replacement); AWS defaults it to ENCRYPT_DECRYPT: the test's moto does too.",
    "ECS services never run tasks in moto (runningCount 0, so wait_for_steady_state would wait "
    "forever): MOTO_ECS_SERVICE_RUNNING=1 makes a service report its one task running, as a "
    "healthy Flipt deployment would.",
]


def correct_moto() -> None:
    """Applies MOTO_CORRECTIONS to moto's classes (moto runs in this process)."""
    import string

    from moto.ec2.models.security_groups import SecurityGroupRule
    from moto.ecs.responses import EC2ContainerServiceResponse as ECSResponse
    from moto.kms.models import Key
    from moto.moto_api._internal import mock_random
    from moto.route53 import route53_backends
    from moto.servicediscovery import models as sd
    from moto.servicediscovery.exceptions import ConflictingDomainExists
    from moto.utilities.utils import get_partition

    def aws_id(prefix: str) -> str:
        alphabet = string.ascii_lowercase + string.digits
        return f"{prefix}-" + "".join(mock_random.choice(alphabet) for _ in range(16))

    for cls, prefix, kind in ((sd.Namespace, "ns", "namespace"), (sd.Service, "srv", "service")):
        original_init = cls.__init__

        def init(self: Any, *args: Any, _orig=original_init, _prefix=prefix, _kind=kind, **kwargs: Any) -> None:
            _orig(self, *args, **kwargs)
            self.id = aws_id(_prefix)
            self.arn = self.arn.rsplit("/", 1)[0] + f"/{self.id}"

        cls.__init__ = init

    def create_private_dns_namespace(
        self: Any, name: str, creator_request_id: str, description: str, vpc: str,
        tags: list[dict[str, str]], properties: dict[str, Any],
    ) -> str:
        for namespace in self.namespaces.values():
            if namespace.vpc == vpc and namespace.name == name:
                raise ConflictingDomainExists(vpc)
        route53 = route53_backends[self.account_id][get_partition(self.region_name)]
        zone = route53.create_hosted_zone(
            name, private_zone=True, vpcid=vpc, vpcregion=self.region_name,
            comment=f"hosted zone for private dns namespace {name}",
        )
        dns_properties = dict((properties or {}).get("DnsProperties", {}))
        dns_properties["HostedZoneId"] = zone.resource_id
        namespace = sd.Namespace(
            account_id=self.account_id, region=self.region_name, name=name, ns_type="DNS_PRIVATE",
            creator_request_id=creator_request_id, description=description,
            dns_properties=dns_properties, http_properties={}, vpc=vpc,
        )
        # Route 53 names the namespace as the zone's owner (GetHostedZone's LinkedService).
        zone.linked_service = {"ServicePrincipal": "servicediscovery.amazonaws.com", "Description": namespace.arn}
        self.namespaces[namespace.id] = namespace
        if tags:
            self.tagger.tag_resource(namespace.arn, tags)
        return self._create_operation("CREATE_NAMESPACE", targets={"NAMESPACE": namespace.id})

    original_delete = sd.ServiceDiscoveryBackend.delete_namespace

    def delete_namespace(self: Any, namespace_id: str) -> str:
        namespace = self.namespaces.get(namespace_id)
        operation = original_delete(self, namespace_id)
        zone_id = (namespace.dns_properties or {}).get("HostedZoneId") if namespace else None
        if zone_id:
            route53 = route53_backends[self.account_id][get_partition(self.region_name)]
            route53.delete_hosted_zone(zone_id)
        return operation

    original_create_service = ECSResponse.create_service

    def create_service(self: Any) -> Any:
        result = original_create_service(self)
        service = self.ecs_backend.services[
            f"{self._get_param('cluster', 'default').split('/')[-1]}:{self._get_param('serviceName')}"
        ]
        service.enable_ecs_managed_tags = bool(self._get_param("enableECSManagedTags", False))
        service.availability_zone_rebalancing = self._get_param("availabilityZoneRebalancing") or "DISABLED"
        return result

    ECSResponse.create_service = create_service
    SecurityGroupRule.description = property(
        lambda rule: rule.ip_range.get("Description") or (rule.source_group or {}).get("Description")
    )
    original_eq = SecurityGroupRule.__eq__

    def same_rule(rule: Any, other: Any) -> bool:
        def without_description(r: Any) -> Any:
            bare = copy.copy(r)
            bare.source_group = {k: v for k, v in (r.source_group or {}).items() if k != "Description"}
            return bare

        return original_eq(without_description(rule), without_description(other))

    SecurityGroupRule.__eq__ = same_rule
    original_key_init = Key.__init__

    def key_init(self: Any, policy: Any, key_usage: Any, *args: Any, **kwargs: Any) -> None:
        original_key_init(self, policy, key_usage or "ENCRYPT_DECRYPT", *args, **kwargs)

    Key.__init__ = key_init
    sd.ServiceDiscoveryBackend.create_private_dns_namespace = create_private_dns_namespace
    sd.ServiceDiscoveryBackend.delete_namespace = delete_namespace
    os.environ["MOTO_ECS_SERVICE_RUNNING"] = "1"


class Emulator:
    """moto on 127.0.0.1, a free port, in this process; `stop()` ends it."""

    def __init__(self) -> None:
        import logging

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        assert host == "127.0.0.1", host
        self.url = f"http://127.0.0.1:{port}"

    def reset(self) -> None:
        import urllib.request

        urllib.request.urlopen(urllib.request.Request(f"{self.url}/moto-api/reset", method="POST"))

    def client(self, service: str) -> Any:
        import boto3

        return boto3.client(
            service, region_name=REGION, endpoint_url=self.url,
            aws_access_key_id="testing", aws_secret_access_key="testing",
        )

    def stop(self) -> None:
        self.server.stop()


# ---------------------------------------------------------------------------------------------
# Terraform, in the test's work folder only
# ---------------------------------------------------------------------------------------------


class Failure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


class Terraform:
    """terraform in one scenario's folder; the process group it starts is ended on any failure."""

    def __init__(self, work: Path, emulator_url: str) -> None:
        self.work = work
        closed = free_port()  # nothing listens there: any non-local call fails at once
        home = work / "home"
        home.mkdir(exist_ok=True)
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": str(home),
            "TF_CLI_CONFIG_FILE": os.environ["TF_CLI_CONFIG_FILE"],
            "TF_IN_AUTOMATION": "1",
            "CHECKPOINT_DISABLE": "1",
            "TF_VAR_account_id": ACCOUNT,
            "HTTP_PROXY": f"http://127.0.0.1:{closed}",
            "HTTPS_PROXY": f"http://127.0.0.1:{closed}",
            "NO_PROXY": "127.0.0.1",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": str(home / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
        }
        self.emulator_url = emulator_url

    def run(self, folder: Path, *args: str, ok_codes: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
        log = folder / "terraform.log"
        with open(log, "a") as out:
            out.write(f"\n$ terraform {' '.join(args)}\n")
            out.flush()
            process = subprocess.Popen(
                ["terraform", f"-chdir={folder}", *args], env=self.env, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, start_new_session=True,
            )
            try:
                output, _ = process.communicate(timeout=300)
            except BaseException:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                raise
            out.write(output)
        if process.returncode not in ok_codes:
            tail = "\n".join("    " + line for line in output.splitlines()[-40:])
            raise Failure(f"terraform {args[0]} exited {process.returncode} in {folder.name}:\n{tail}")
        return subprocess.CompletedProcess(args, process.returncode, output, "")

    def prepare(self, folder: Path, stack_json: Path, shared: Path | None) -> None:
        """The synthesized stack, and an override pointing it at the emulator with local state."""
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(stack_json, folder / "cdk.tf.json")
        stack = json.loads(stack_json.read_text())
        endpoints = stack["provider"]["aws"][0]["endpoints"][0]
        override: dict[str, Any] = {
            "terraform": {"backend": {"local": {"path": "terraform.tfstate"}}},
            "provider": {
                "aws": [
                    {
                        # Every endpoint the stack sets (all its APIs, FIPS hosts) goes to moto.
                        "endpoints": [{key: self.emulator_url for key in endpoints}],
                        "access_key": "testing",
                        "secret_key": "testing",
                        "skip_credentials_validation": True,
                        "skip_metadata_api_check": True,
                        "s3_use_path_style": True,
                    }
                ]
            },
        }
        version = os.environ.get("EMULATOR_PROVIDER_VERSION")
        if version:
            override["terraform"]["required_providers"] = {"aws": {"source": "hashicorp/aws", "version": version}}
        (folder / "zz_override.tf.json").write_text(json.dumps(override, indent=2))
        if shared is not None:
            # One provider install for every scenario, as tf_init_shared does.
            (folder / ".terraform").mkdir(exist_ok=True)
            link = folder / ".terraform" / "providers"
            if not link.exists():
                link.symlink_to(shared / ".terraform" / "providers")
            shutil.copy(shared / ".terraform.lock.hcl", folder / ".terraform.lock.hcl")
        self.run(folder, "init", "-input=false", "-no-color")

    def plan(self, folder: Path, *extra: str) -> dict[str, Any]:
        """A saved plan, shown as JSON, with the counts Terraform prints."""
        self.run(folder, "plan", "-input=false", "-no-color", "-out=tfplan", *extra)
        shown = self.run(folder, "show", "-json", "-no-color", "tfplan")
        return json.loads(shown.stdout)

    def apply(self, folder: Path) -> None:
        self.run(folder, "apply", "-input=false", "-no-color", "-auto-approve", "tfplan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def plan_counts(plan: dict[str, Any]) -> dict[str, Any]:
    """Counts as `terraform plan` prints them; a replacement counts as one add and one destroy."""
    counts = {"import": 0, "add": 0, "change": 0, "destroy": 0}
    replaced, destroyed, changed = [], [], []
    for rc in plan.get("resource_changes", []):
        if rc.get("mode") != "managed":
            continue
        change = rc["change"]
        actions = change["actions"]
        if change.get("importing"):
            counts["import"] += 1
        if "create" in actions:
            counts["add"] += 1
        if "delete" in actions:
            counts["destroy"] += 1
            (replaced if "create" in actions else destroyed).append(rc["address"])
        if actions == ["update"]:
            counts["change"] += 1
            before, after = change.get("before") or {}, change.get("after") or {}
            keys = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k) and k not in change.get("after_unknown", {}))
            changed.append(f"{rc['address']} ({', '.join(keys) or 'computed'})")
    return {**counts, "replaced": replaced, "destroyed": destroyed, "changed": changed}


def describe(counts: dict[str, Any]) -> str:
    return f"{counts['import']} to import, {counts['add']} to add, {counts['change']} to change, {counts['destroy']} to destroy"


# ---------------------------------------------------------------------------------------------
# What the account holds: seeds and the inventory compared before and after
# ---------------------------------------------------------------------------------------------


def seed_environment(aws: Emulator) -> dict[str, Any]:
    """MilMove's environment, which the stack only looks up: VPC, private subnets, cluster,
    the Flipt image in ECR, the app's security groups (egress restricted to HTTPS, so that
    clientEgress matters) and the access-log bucket."""
    ec2, ecs, ecr, s3 = (aws.client(s) for s in ("ec2", "ecs", "ecr", "s3"))
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16", TagSpecifications=[tags("vpc", f"app-{ENV}")])["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{i}.0/24", AvailabilityZone=f"{REGION}{az}",
                          TagSpecifications=[tags("subnet", f"app-{ENV}-{kind}-{az}")])["Subnet"]["SubnetId"]
        for i, (kind, az) in enumerate([("private", "a"), ("private", "b"), ("public", "a")])
    ]
    ecs.create_cluster(clusterName=CLUSTER)
    ecr.create_repository(repositoryName="flipt")
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1,
                           "digest": "sha256:" + "0" * 64}, "layers": []}
    for tag in ("v1.26.1", "v1.61.1"):
        ecr.put_image(repositoryName="flipt", imageManifest=json.dumps({**manifest, "tag": tag}), imageTag=tag)
    clients = {}
    for service, group in CLIENT_GROUPS.items():
        sg = ec2.create_security_group(GroupName=group, Description=f"MilMove {service} {ENV}", VpcId=vpc)["GroupId"]
        ec2.revoke_security_group_egress(GroupId=sg, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS out"}]}])
        clients[service] = sg
    s3.create_bucket(Bucket=LOGS_BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    # As S3 requires of a server-access-log target (AWS and moto alike).
    s3.put_bucket_policy(Bucket=LOGS_BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "S3ServerAccessLogs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject", "Resource": f"arn:aws-us-gov:s3:::{LOGS_BUCKET}/*",
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}]}))
    return {"vpc": vpc, "subnets": subnets[:2], "clients": clients}


def tags(resource: str, name: str) -> dict[str, Any]:
    return {"ResourceType": resource, "Tags": [{"Key": "Name", "Value": name}]}


def seed_namespace(aws: Emulator, vpc: str) -> str:
    sd = aws.client("servicediscovery")
    operation = sd.create_private_dns_namespace(Name=NAMESPACE, Vpc=vpc, Description="MilMove stg (2023)")
    return sd.get_operation(OperationId=operation["OperationId"])["Operation"]["Targets"]["NAMESPACE"]


def seed_discovery_service(aws: Emulator, namespace_id: str, name: str) -> dict[str, str]:
    service = aws.client("servicediscovery").create_service(
        # As Terraform created it in 2023 (dns_config.namespace_id), so GetService returns it there.
        Name=name,
        DnsConfig={"NamespaceId": namespace_id, "RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}]},
        HealthCheckCustomConfig={"FailureThreshold": 1},
    )["Service"]
    return {"id": service["Id"], "arn": service["Arn"]}


def seed_2023_flipt(aws: Emulator, base: dict[str, Any]) -> dict[str, Any]:
    """The 2023 Flipt under the stack's names, as MilMove's old configuration left it."""
    ec2, ecs, iam, kms, logs, s3 = (aws.client(s) for s in ("ec2", "ecs", "iam", "kms", "logs", "s3"))
    namespace_id = seed_namespace(aws, base["vpc"])
    discovery = seed_discovery_service(aws, namespace_id, "flipt")
    key = kms.create_key(Description="flipt stg (2023)")["KeyMetadata"]
    kms.create_alias(AliasName=f"alias/{SUFFIX}", TargetKeyId=key["KeyId"])
    s3.create_bucket(Bucket=FLAG_BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_object(Bucket=FLAG_BUCKET, Key="features.yml", Body=b"namespace: default\nflags: []\n")
    logs.create_log_group(logGroupName=f"ecs-tasks-{SUFFIX}", kmsKeyId=key["Arn"])
    logs.put_retention_policy(logGroupName=f"ecs-tasks-{SUFFIX}", retentionInDays=90)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    roles = {}
    for role in (f"ecs-task-role-{SUFFIX}", f"ecs-task-execution-role-{SUFFIX}"):
        roles[role] = iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        iam.put_role_policy(RoleName=role, PolicyName="flipt-2023", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        managed = iam.create_policy(PolicyName=f"{role}-2023", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}))
        iam.attach_role_policy(RoleName=role, PolicyArn=managed["Policy"]["Arn"])
    sg = ec2.create_security_group(GroupName=f"ecs-{SUFFIX}", Description=f"flipt {ENV} (2023)", VpcId=base["vpc"])["GroupId"]
    # The app's 8080 rule, exactly as the stack declares it (AWS refuses a second identical one).
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": FLIPT_PORT, "ToPort": FLIPT_PORT,
        "UserIdGroupPairs": [{"GroupId": base["clients"]["app"]}]}])
    task = ecs.register_task_definition(
        family=SUFFIX, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        executionRoleArn=roles[f"ecs-task-execution-role-{SUFFIX}"], taskRoleArn=roles[f"ecs-task-role-{SUFFIX}"],
        containerDefinitions=[{"name": SUFFIX, "image": "flipt:v1.26.1", "essential": True,
                               "portMappings": [{"containerPort": FLIPT_PORT}]}],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(
        cluster=CLUSTER, serviceName="flipt", taskDefinition=task, desiredCount=1, launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": base["subnets"], "securityGroups": [sg], "assignPublicIp": "DISABLED"}},
        serviceRegistries=[{"registryArn": discovery["arn"]}],
    )
    return {"namespaceId": namespace_id, "discoveryServiceId": discovery["id"], "securityGroupId": sg, "kmsKeyId": key["KeyId"]}


def seed_foreign_namespace(aws: Emulator, base: dict[str, Any]) -> dict[str, Any]:
    """svc-stg.local as other MilMove infrastructure owns it, with that infrastructure's service."""
    namespace_id = seed_namespace(aws, base["vpc"])
    seed_discovery_service(aws, namespace_id, "app")
    return {"foreignNamespaceId": namespace_id}


def inventory(aws: Emulator) -> dict[str, Any]:
    """What the account holds, in a comparable form (ids of rules and operations left out)."""
    ec2, ecs, ecr, iam, kms, logs, s3, sd, r53, cw = (aws.client(s) for s in (
        "ec2", "ecs", "ecr", "iam", "kms", "logs", "s3", "servicediscovery", "route53", "cloudwatch"))
    groups = {}
    for g in ec2.describe_security_groups()["SecurityGroups"]:
        rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [g["GroupId"]]}])["SecurityGroupRules"]
        groups[g["GroupName"]] = {"description": g["Description"], "rules": sorted(
            json.dumps({k: v for k, v in r.items() if k not in ("SecurityGroupRuleId", "SecurityGroupRuleArn", "Tags")}, sort_keys=True)
            for r in rules)}
    namespaces = {}
    for ns in sd.list_namespaces()["Namespaces"]:
        services = sd.list_services(Filters=[{"Name": "NAMESPACE_ID", "Values": [ns["Id"]]}])["Services"]
        namespaces[ns["Id"]] = {"name": ns["Name"], "services": sorted(s["Name"] for s in services)}
    roles = {}
    for role in iam.list_roles()["Roles"]:
        name = role["RoleName"]
        roles[name] = {"inline": sorted(iam.list_role_policies(RoleName=name)["PolicyNames"]),
                       "attached": sorted(p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"])}
    services = {}
    for cluster in ecs.list_clusters()["clusterArns"]:
        arns = ecs.list_services(cluster=cluster)["serviceArns"]
        for s in ecs.describe_services(cluster=cluster, services=arns)["services"] if arns else []:
            if s["status"] == "ACTIVE":
                services[s["serviceName"]] = [r["registryArn"] for r in s.get("serviceRegistries", [])]
    keys = {}
    for k in kms.list_keys()["Keys"]:
        keys[k["KeyId"]] = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"]
    return {
        "vpcs": sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")),
        "subnets": sorted(s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if not s.get("DefaultForAz")),
        "security_groups": {k: v for k, v in groups.items() if k != "default"},
        "clusters": sorted(ecs.list_clusters()["clusterArns"]),
        "ecs_services": services,
        "task_definitions": sorted(ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"]),
        "ecr": sorted(r["repositoryName"] for r in ecr.describe_repositories()["repositories"]),
        "namespaces": namespaces,
        "hosted_zones": sorted(z["Name"] for z in r53.list_hosted_zones()["HostedZones"]),
        "roles": {k: v for k, v in roles.items() if not k.startswith("AWSServiceRole")},
        "buckets": sorted(b["Name"] for b in s3.list_buckets()["Buckets"]),
        "log_groups": sorted(g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]),
        "kms_keys": keys,
        "kms_aliases": sorted(a["AliasName"] for a in kms.list_aliases()["Aliases"] if not a["AliasName"].startswith("alias/aws/")),
        "alarms": sorted(a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]),
    }


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [f"{key}: before {json.dumps(before[key], sort_keys=True)}\n     after  {json.dumps(after[key], sort_keys=True)}"
            for key in before if before[key] != after[key]]


# ---------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------


class Scenario:
    """One stack's life against a freshly seeded account."""

    def __init__(self, name: str, aws: Emulator, tf: Terraform, work: Path, shared: Path | None) -> None:
        self.name, self.aws, self.tf, self.shared = name, aws, tf, shared
        self.root = work / name
        self.folder = self.root / "terraform"
        self.root.mkdir(parents=True, exist_ok=True)
        self.report: list[str] = []

    def say(self, line: str) -> None:
        print(f"test:emulator: {self.name}: {line}", flush=True)
        self.report.append(line)

    def synth(self, ids: dict[str, Any]) -> Path:
        (self.root / "ids.json").write_text(json.dumps(ids))
        out = self.root / "synth.out"
        subprocess.run(["node", str(REPO / "scripts/run-ts.js"), str(REPO / "scripts/emulator/synth.ts"),
                        str(out), self.name, str(self.root / "ids.json")], check=True, cwd=REPO)
        return out / "stacks"

    def plan(self, step: str) -> dict[str, Any]:
        counts = plan_counts(self.tf.plan(self.folder))
        self.say(f"{step}: {describe(counts)}")
        for address in counts["replaced"]:
            self.say(f"  replaced: {address}")
        for address in counts["destroyed"]:
            self.say(f"  destroyed: {address}")
        for line in counts["changed"]:
            self.say(f"  changed: {line}")
        return counts

    def expect_counts(self, counts: dict[str, Any], **expected: int) -> None:
        got = {k: counts[k] for k in expected}
        check(got == expected, f"{self.name}: plan counts {got}, expected {expected}")
        check(not counts["replaced"], f"{self.name}: the plan replaces {counts['replaced']}")

    def expect_no_op(self, counts: dict[str, Any], step: str) -> None:
        check(
            (counts["import"], counts["add"], counts["change"], counts["destroy"]) == (0, 0, 0, 0),
            f"{self.name}: {step} is not a no-op: {describe(counts)}; {counts['changed'] or counts['replaced'] or counts['destroyed']}",
        )

    def destroy(self, *, refused: bool = False) -> None:
        args = ("destroy", "-input=false", "-no-color", "-auto-approve")
        if refused:
            result = self.tf.run(self.folder, *args, ok_codes=(1,))
            check("Instance cannot be destroyed" in result.stdout,
                  f"{self.name}: destroy failed, but not on prevent_destroy:\n{result.stdout[-2000:]}")
            self.say("destroy: refused (prevent_destroy on the adopted objects); nothing deleted")
        else:
            self.tf.run(self.folder, *args)
            self.say("destroy: done")

    def after_apply_common(self) -> dict[str, Any]:
        """One namespace svc-stg.local with one `flipt`, and the ECS service registered in it."""
        now = inventory(self.aws)
        named = [ns for ns in now["namespaces"].values() if ns["name"] == NAMESPACE]
        check(len(named) == 1, f"{self.name}: {len(named)} namespaces named {NAMESPACE}: {now['namespaces']}")
        check(named[0]["services"].count("flipt") == 1, f"{self.name}: services in {NAMESPACE}: {named[0]['services']}")
        sd = self.aws.client("servicediscovery")
        namespace_id = next(i for i, ns in now["namespaces"].items() if ns["name"] == NAMESPACE)
        flipt = [s for s in sd.list_services(Filters=[{"Name": "NAMESPACE_ID", "Values": [namespace_id]}])["Services"]
                 if s["Name"] == "flipt"][0]
        check(now["ecs_services"].get("flipt") == [flipt["Arn"]],
              f"{self.name}: the ECS service's registries {now['ecs_services'].get('flipt')}, expected [{flipt['Arn']}]")
        self.say(f"after apply: one {NAMESPACE}, one flipt discovery service, ECS service registered in {flipt['Id']}")
        return now

    def compare_after_destroy(self, expected: dict[str, Any], what: str) -> None:
        after = inventory(self.aws)
        pending = [k for k, state in after["kms_keys"].items() if state == "PendingDeletion"]
        after["kms_keys"] = {k: s for k, s in after["kms_keys"].items() if s != "PendingDeletion"}
        wanted = dict(expected, kms_keys={k: s for k, s in expected["kms_keys"].items() if k not in pending})
        diff = differences(wanted, after)
        check(not diff, f"{self.name}: after destroy the account is not {what}:\n  " + "\n  ".join(diff))
        self.say(f"after destroy: the account is {what} ({len(pending)} KMS key(s) pending deletion, as AWS schedules them)")


def scenario_fresh(s: Scenario) -> None:
    base = seed_environment(s.aws)
    environment = inventory(s.aws)
    stacks = s.synth({})
    s.tf.prepare(s.folder, stacks / "fresh/cdk.tf.json", s.shared)
    s.expect_counts(s.plan("first plan"), **{"import": 0, "change": 0, "destroy": 0})
    s.tf.apply(s.folder)
    s.after_apply_common()
    s.expect_no_op(s.plan("re-plan"), "the re-plan")
    s.destroy()
    s.compare_after_destroy(environment, "the seeded environment only")
    del base


def scenario_adoption(s: Scenario) -> None:
    base = seed_environment(s.aws)
    ids = seed_2023_flipt(s.aws, base)
    stacks = s.synth(ids)
    s.tf.prepare(s.folder, stacks / "adoption/cdk.tf.json", s.shared)
    # The ten objects under `adopt` are imported; none is replaced or destroyed.
    s.expect_counts(s.plan("first plan"), **{"import": 10, "destroy": 0})
    s.tf.apply(s.folder)
    now = s.after_apply_common()
    # What the stack manages after adoption is exactly what it declares: the 2023 grants and the
    # allow-all egress are gone, the app's 8080 rule is there (once), nothing else.
    roles = now["roles"]
    for role, policy in ((f"ecs-task-role-{SUFFIX}", "read-flag-files"),
                         (f"ecs-task-execution-role-{SUFFIX}", "pull-image-write-logs")):
        check(roles[role] == {"inline": [policy], "attached": []},
              f"adoption: {role} keeps {roles[role]}, expected only its inline policy {policy}")
    group = now["security_groups"][f"ecs-{SUFFIX}"]
    rules = [json.loads(r) for r in group["rules"]]
    egress = sorted((r["IpProtocol"], r["FromPort"], r.get("CidrIpv4")) for r in rules if r["IsEgress"])
    check(egress == [("tcp", 443, "0.0.0.0/0")], f"adoption: Flipt's group egress is {egress}, expected HTTPS only")
    sources = sorted(r["ReferencedGroupInfo"]["GroupId"] for r in rules if not r["IsEgress"] and r["FromPort"] == FLIPT_PORT)
    check(sources == sorted(base["clients"].values()), f"adoption: 8080 admitted from {sources}, expected the app's groups")
    check(group["description"] == f"flipt {ENV} (2023)", f"adoption: the adopted group's description became {group['description']!r}")
    s.say("after apply: only the stack's role policies, HTTPS-only egress, 8080 from the app's groups; the group kept its 2023 description")
    s.expect_no_op(s.plan("re-plan"), "the re-plan")
    # The README: after the first apply, `adopt` may be removed.
    shutil.copy(stacks / "adoption-adopt-removed/cdk.tf.json", s.folder / "cdk.tf.json")
    removed = s.plan("plan with adopt removed")
    check(not removed["replaced"] and not removed["destroyed"],
          f"adoption: removing adopt replaces {removed['replaced']} and destroys {removed['destroyed']}")
    shutil.copy(stacks / "adoption/cdk.tf.json", s.folder / "cdk.tf.json")
    s.destroy(refused=True)
    diff = differences(now, inventory(s.aws))
    check(not diff, "adoption: the refused destroy changed the account:\n  " + "\n  ".join(diff))
    s.say("after the refused destroy: the account is as after apply")


def scenario_namespace_elsewhere(s: Scenario) -> None:
    base = seed_environment(s.aws)
    seed_foreign_namespace(s.aws, base)
    before = inventory(s.aws)
    stacks = s.synth({})
    s.tf.prepare(s.folder, stacks / "namespace-elsewhere/cdk.tf.json", s.shared)
    s.expect_counts(s.plan("first plan"), **{"import": 0, "change": 0, "destroy": 0})
    s.tf.apply(s.folder)
    now = s.after_apply_common()
    flipt_group = s.aws.client("ec2").describe_security_groups(
        Filters=[{"Name": "group-name", "Values": [f"ecs-{SUFFIX}"]}])["SecurityGroups"][0]["GroupId"]
    for service, group in CLIENT_GROUPS.items():
        rules = [json.loads(r) for r in now["security_groups"][group]["rules"]]
        to_flipt = [r for r in rules if r["IsEgress"] and (r.get("ReferencedGroupInfo") or {}).get("GroupId") == flipt_group]
        check(len(to_flipt) == 1 and to_flipt[0]["FromPort"] == FLIPT_PORT,
              f"namespace-elsewhere: {group} egress to Flipt: {to_flipt}")
    s.say("after apply: each client group has one egress rule to Flipt's group on 8080")
    s.expect_no_op(s.plan("re-plan"), "the re-plan")
    s.destroy()
    s.compare_after_destroy(before, "as before: the namespace and its other service untouched, the client egress rules gone")


SCENARIOS: dict[str, Callable[[Scenario], None]] = {
    "adoption": scenario_adoption,
    "namespace-elsewhere": scenario_namespace_elsewhere,
    "fresh": scenario_fresh,
}


def main() -> int:
    started = time.time()
    work = Path(os.environ.get("EMULATOR_WORK", REPO / ".emulator-test")).resolve()
    selected = [n for n in os.environ.get("EMULATOR_SCENARIOS", ",".join(SCENARIOS)).split(",") if n]
    unknown = [n for n in selected if n not in SCENARIOS]
    if unknown:
        print(f"test:emulator: unknown scenarios {unknown}; known: {list(SCENARIOS)}", file=sys.stderr)
        return 2

    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(f"test:emulator: stopped by signal {signum}")

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, stop)

    correct_moto()
    print("test:emulator: moto corrections (where moto differs from AWS):")
    for line in MOTO_CORRECTIONS:
        print(f"  - {line}")
    aws = Emulator()
    print(f"test:emulator: moto on {aws.url}")
    failures = []
    try:
        tf = Terraform(work, aws.url)
        shared: Path | None = None
        for name in selected:
            t0 = time.time()
            aws.reset()
            scenario = Scenario(name, aws, tf, work, shared)
            try:
                SCENARIOS[name](scenario)
                print(f"test:emulator: {name}: passed ({time.time() - t0:.0f} s)", flush=True)
            except Failure as failure:
                failures.append(name)
                print(f"test:emulator: {name}: FAILED ({time.time() - t0:.0f} s): {failure}", file=sys.stderr, flush=True)
            if shared is None and (scenario.folder / ".terraform.lock.hcl").exists():
                shared = scenario.folder
    finally:
        aws.stop()
        print("test:emulator: moto stopped", flush=True)
    print(f"test:emulator: {len(selected)} scenarios, {len(failures)} failed, in {time.time() - started:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
