#!/usr/bin/env python3
"""The emulator test: the project's stacks planned, applied and destroyed by Terraform's real AWS
provider against moto (an AWS emulator) on 127.0.0.1. docs/adoption.md follows it step by step.

  adoption             (stg) an account that still runs the 2023 Flipt under the stack's names,
                       the app's groups with their 2023 egress rules to it (clientEgress):
                       every object adopted; plan, apply, re-plan, the plan without `adopt`
                       (a no-op), destroy (refused: prevent_destroy)
  namespace-elsewhere  (exp) the namespace belongs to other infrastructure, the app's groups
                       restrict egress (clientEgress): destroy leaves the account as it was
  fresh                (demo) nothing of Flipt exists: apply, re-plan, destroy leaves the
                       environment's own infrastructure only

Each scenario has its own emulated account (moto keeps accounts apart by access key) and its own
environment (S3 bucket names are global), so the three run at once: most of their time is spent
waiting for the provider to start and for its waits.

Usage: scripts/emulator/run.sh (npm run test:emulator), which sets up the provider mirror as
scripts/terraform-workdir.sh does and exports TF_CLI_CONFIG_FILE, EMULATOR_WORK and
EMULATOR_PROVIDER_VERSION. `EMULATOR_SCENARIOS=fresh,adoption` runs some scenarios only.

Only 127.0.0.1 is contacted: moto runs in this process (threads) on a free port, every provider
endpoint of the stack points at it, and terraform gets a proxy on a closed local port, so a call
to any other host fails instead of leaving the machine. Whatever happens, the terraform process
groups this script started and the moto server are stopped (try/finally, SIGTERM/SIGINT/SIGHUP).

Where moto differs from AWS, the test corrects moto (in this process, before anything is seeded)
so that it reports what AWS would do: MOTO_CORRECTIONS lists each one; they are printed at the
start and repeated in docs/adoption.md.
"""

from __future__ import annotations

import concurrent.futures
import copy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[2]
REGION = "us-gov-west-1"
PARTITION = "aws-us-gov"
FLIPT_PORT = 8080


@dataclass(frozen=True)
class Names:
    """One environment's names, by MilMove's conventions (environments/milmove.ts)."""

    env: str
    account: str

    @property
    def suffix(self) -> str:
        return f"flipt-{self.env}"

    @property
    def namespace(self) -> str:
        return f"svc-{self.env}.local"

    @property
    def cluster(self) -> str:
        return f"app-{self.env}"

    @property
    def flag_bucket(self) -> str:
        return f"transcom-gov-milmove-{self.env}-flipt-{REGION}"

    @property
    def logs_bucket(self) -> str:
        return f"transcom-gov-milmove-{self.env}-aws-logs"

    @property
    def client_groups(self) -> dict[str, str]:
        return {"app": f"ecs-app-{self.env}", "app-client-tls": f"ecs-app-client-tls-{self.env}"}


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
    "ModifySecurityGroupRules on a rule that references a group: moto writes the description "
    "beside a CIDR (the rule's IP range); AWS sets it on the referenced group: the test's moto "
    "does too.",
    "KMS CreateKey without KeyUsage: moto stores none (DescribeKey omits it, and an imported key "
    "would plan a replacement); AWS defaults it to ENCRYPT_DECRYPT: the test's moto does too.",
    "ECS services never run tasks in moto (runningCount 0, so wait_for_steady_state would wait "
    "forever): MOTO_ECS_SERVICE_RUNNING=1 makes a service report its one task running, as a "
    "healthy Flipt deployment would.",
]


def correct_moto() -> None:
    """Applies MOTO_CORRECTIONS to moto's classes (moto runs in this process)."""
    import string

    from moto.ec2.models.security_groups import SecurityGroupBackend, SecurityGroupRule
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

    for cls, prefix in ((sd.Namespace, "ns"), (sd.Service, "srv")):
        original_init = cls.__init__

        def init(self: Any, *args: Any, _orig: Any = original_init, _prefix: str = prefix, **kwargs: Any) -> None:
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
    original_modify = SecurityGroupBackend.modify_security_group_rules

    def modify_security_group_rules(self: Any, group_id: str, rules: dict[str, dict[str, Any]]) -> None:
        original_modify(self, group_id, rules)
        group = self.get_security_group_by_name_or_id(group_id)
        for rule_id in rules:
            rule = group.get_rule(rule_id)
            if rule.source_group and "CidrIp" not in rule.ip_range and "Description" in rule.ip_range:
                rule.source_group["Description"] = rule.ip_range.pop("Description")

    SecurityGroupBackend.modify_security_group_rules = modify_security_group_rules
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
        self.keys: dict[str, tuple[str, str]] = {}

    def open_account(self, account: str) -> None:
        """An access key of a user in `account`: moto answers each request in the key's account."""
        from moto.iam.models import iam_backends

        iam = iam_backends[account][PARTITION]
        iam.create_user(region_name=REGION, user_name="terraform")
        key = iam.create_access_key("terraform")
        self.keys[account] = (key.access_key_id, key.secret_access_key)

    def client(self, service: str, account: str) -> Any:
        import boto3

        key_id, secret = self.keys[account]
        return boto3.client(service, region_name=REGION, endpoint_url=self.url,
                            aws_access_key_id=key_id, aws_secret_access_key=secret)

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


class Processes:
    """The terraform process groups running now, so that a signal or a failure can end them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: set[subprocess.Popen[str]] = set()
        self.stopping = threading.Event()

    def start(self, argv: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
        with self.lock:
            if self.stopping.is_set():
                raise Failure("stopped before terraform could start")
            process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       text=True, start_new_session=True)
            self.running.add(process)
            return process

    def done(self, process: subprocess.Popen[str]) -> None:
        with self.lock:
            self.running.discard(process)

    def stop_all(self) -> None:
        """Ends every running terraform (and its provider) by its process group, TERM then KILL."""
        with self.lock:
            self.stopping.set()
            running = list(self.running)
        for process in running:
            terminate(process)


def terminate(process: subprocess.Popen[str]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


PROCESSES = Processes()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Terraform:
    """terraform in one scenario's folder, with that scenario's account."""

    def __init__(self, folder: Path, emulator: Emulator, names: Names) -> None:
        self.folder = folder
        self.emulator = emulator
        self.names = names
        closed = free_port()  # nothing listens there: a call to any other host fails at once
        home = folder.parent / "home"
        home.mkdir(parents=True, exist_ok=True)
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": str(home),
            "TF_CLI_CONFIG_FILE": os.environ["TF_CLI_CONFIG_FILE"],
            "TF_IN_AUTOMATION": "1",
            "CHECKPOINT_DISABLE": "1",
            "TF_VAR_account_id": names.account,
            "HTTP_PROXY": f"http://127.0.0.1:{closed}",
            "HTTPS_PROXY": f"http://127.0.0.1:{closed}",
            "NO_PROXY": "127.0.0.1",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": str(home / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
        }
        self.seconds: dict[str, float] = {}  # per command, for the summary

    def run(self, *args: str, ok_codes: tuple[int, ...] = (0,)) -> tuple[int, str]:
        started = time.time()
        process = PROCESSES.start(["terraform", f"-chdir={self.folder}", *args], self.env)
        try:
            output, _ = process.communicate(timeout=600)
        except BaseException:
            terminate(process)
            raise
        finally:
            PROCESSES.done(process)
        seconds = time.time() - started
        self.seconds[args[0]] = self.seconds.get(args[0], 0.0) + seconds
        readable = output
        if "-json" in args and args[0] != "show":
            readable = "\n".join(json_messages(output))
        with open(self.folder / "terraform.log", "a") as log:
            log.write(f"\n$ terraform {' '.join(args)}\n{readable}\n[exit {process.returncode}, {seconds:.1f} s]\n")
        if process.returncode not in ok_codes:
            tail = "\n".join("    " + line for line in readable.splitlines()[-40:])
            raise Failure(f"terraform {args[0]} exited {process.returncode}:\n{tail}")
        return process.returncode, output

    def prepare(self, stack_json: Path, providers: Path) -> None:
        """The synthesized stack, and an override pointing it at the emulator with local state."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.use(stack_json)
        stack = json.loads(stack_json.read_text())
        endpoints = stack["provider"]["aws"][0]["endpoints"][0]
        key_id, secret = self.emulator.keys[self.names.account]
        override = {
            "terraform": {
                "backend": {"local": {"path": "terraform.tfstate"}},
                "required_providers": {
                    "aws": {"source": "hashicorp/aws", "version": os.environ["EMULATOR_PROVIDER_VERSION"]}
                },
            },
            "provider": {
                "aws": [
                    {
                        # Every endpoint the stack sets (each API it calls, FIPS hosts) goes to moto.
                        "endpoints": [{key: self.emulator.url for key in endpoints}],
                        "access_key": key_id,
                        "secret_key": secret,
                        "skip_credentials_validation": True,
                        "skip_metadata_api_check": True,
                        # Not skip_requesting_account_id: the stack's allowed_account_ids would then
                        # refuse the empty account id (aws-sdk-go-base VerifyAccountIDAllowed). moto's
                        # STS answers with the scenario's account, so the account guard is exercised.
                        "s3_use_path_style": True,
                    }
                ]
            },
        }
        (self.folder / "zz_override.tf.json").write_text(json.dumps(override, indent=2))
        # One provider install for every scenario, as tf_init_shared does.
        (self.folder / ".terraform").mkdir(exist_ok=True)
        (self.folder / ".terraform" / "providers").symlink_to(providers / ".terraform" / "providers")
        shutil.copy(providers / ".terraform.lock.hcl", self.folder / ".terraform.lock.hcl")
        self.run("init", "-input=false", "-no-color")

    def use(self, stack_json: Path) -> None:
        shutil.copy(stack_json, self.folder / "cdk.tf.json")

    def plan_errors(self) -> list[str]:
        """A plan that must fail: its error messages (summary: detail)."""
        code, output = self.run("plan", "-input=false", "-json", ok_codes=(0, 1))
        check(code == 1, "the plan succeeded")
        return errors_of(output)

    def plan(self) -> dict[str, Any]:
        """A saved plan; the counts as Terraform prints them, and what it replaces or destroys."""
        code, output = self.run("plan", "-input=false", "-json", "-out=tfplan", ok_codes=(0, 1))
        messages = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
        if code != 0:
            errors = errors_of(output) or output.splitlines()[-20:]
            raise Failure("terraform plan failed:\n    " + "\n    ".join(errors))
        counts: dict[str, Any] = {"replaced": [], "destroyed": [], "changed": []}
        for m in messages:
            if m.get("type") == "change_summary":
                c = m["changes"]
                counts.update(
                    {"import": c.get("import", 0), "add": c["add"], "change": c["change"], "destroy": c["remove"]}
                )
            elif m.get("type") == "planned_change":
                action, address = m["change"]["action"], m["change"]["resource"]["addr"]
                if action == "replace":
                    counts["replaced"].append(address)
                elif action == "delete":
                    counts["destroyed"].append(address)
                elif action == "update":
                    counts["changed"].append(address)
        check("add" in counts, "terraform plan -json gave no change summary")
        return counts

    def resource_changes(self) -> list[dict[str, Any]]:
        """The saved plan's managed resource changes (`terraform show -json`)."""
        _, output = self.run("show", "-json", "-no-color", "tfplan")
        return [rc for rc in json.loads(output).get("resource_changes", []) if rc.get("mode") == "managed"]

    def changed_attributes(self) -> list[str]:
        """For a plan that should have been a no-op: each changed resource and its attributes."""
        lines = []
        for rc in self.resource_changes():
            change = rc["change"]
            if change["actions"] == ["no-op"]:
                continue
            before, after = change.get("before") or {}, change.get("after") or {}
            keys = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            lines.append(f"{rc['address']} {'/'.join(change['actions'])}: {', '.join(keys) or 'computed'}")
        return lines

    def apply(self) -> None:
        self.run("apply", "-input=false", "-no-color", "-auto-approve", "tfplan")


def errors_of(output: str) -> list[str]:
    """The error diagnostics of `terraform ... -json` output."""
    messages = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return [f"{m['diagnostic']['summary']}: {m['diagnostic'].get('detail', '')}" for m in messages
            if m.get("type") == "diagnostic" and m["diagnostic"].get("severity") == "error"]


def managed_resources(stack_json: Path) -> int:
    """How many resources the synthesized stack declares."""
    return sum(len(blocks) for blocks in json.loads(stack_json.read_text()).get("resource", {}).values())


def json_messages(output: str) -> list[str]:
    """The human-readable lines of `terraform ... -json` output."""
    lines = []
    for line in output.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            lines.append(line)
            continue
        lines.append(message.get("@message", line))
        if message.get("type") == "diagnostic":
            lines.append("    " + message["diagnostic"].get("detail", ""))
    return lines


def install_providers(work: Path) -> Path:
    """The provider, installed once (from the mirror) for every scenario's folder."""
    folder = work / "providers"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "main.tf.json").write_text(json.dumps({"terraform": {"required_providers": {
        "aws": {"source": "hashicorp/aws", "version": os.environ["EMULATOR_PROVIDER_VERSION"]}}}}))
    env = {"PATH": os.environ["PATH"], "HOME": str(folder), "TF_CLI_CONFIG_FILE": os.environ["TF_CLI_CONFIG_FILE"],
           "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    argv = ["terraform", f"-chdir={folder}", "init", "-backend=false", "-input=false", "-no-color"]
    process = PROCESSES.start(argv, env)
    try:
        output, _ = process.communicate(timeout=600)
    finally:
        PROCESSES.done(process)
    check(process.returncode == 0, f"terraform init could not install the AWS provider:\n{output}")
    return folder


def describe(counts: dict[str, Any]) -> str:
    return (f"{counts['import']} to import, {counts['add']} to add, "
            f"{counts['change']} to change, {counts['destroy']} to destroy")


# ---------------------------------------------------------------------------------------------
# What the account holds: seeds and the inventory compared before and after
# ---------------------------------------------------------------------------------------------


class Account:
    """One scenario's emulated account."""

    def __init__(self, emulator: Emulator, names: Names) -> None:
        emulator.open_account(names.account)
        self.emulator, self.names = emulator, names

    def client(self, service: str) -> Any:
        return self.emulator.client(service, self.names.account)


def seed_environment(aws: Account) -> dict[str, Any]:
    """MilMove's environment, which the stack only looks up: VPC, private subnets (and a public
    one the lookup must skip), cluster, the Flipt image in ECR, the app's security groups (egress
    restricted to HTTPS, so that clientEgress matters) and the access-log bucket."""
    n = aws.names
    ec2, ecs, ecr, s3 = (aws.client(s) for s in ("ec2", "ecs", "ecr", "s3"))
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16", TagSpecifications=[tags("vpc", f"app-{n.env}")])["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{i}.0/24", AvailabilityZone=f"{REGION}{az}",
                          TagSpecifications=[tags("subnet", f"app-{n.env}-{kind}-{az}")])["Subnet"]["SubnetId"]
        for i, (kind, az) in enumerate([("private", "a"), ("private", "b"), ("public", "a")])
    ]
    ecs.create_cluster(clusterName=n.cluster)
    ecr.create_repository(repositoryName="flipt")
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1,
                           "digest": "sha256:" + "0" * 64}, "layers": []}
    for tag in ("v1.26.1", "v1.61.1"):
        ecr.put_image(repositoryName="flipt", imageManifest=json.dumps({**manifest, "tag": tag}), imageTag=tag)
    clients = {}
    for service, group in n.client_groups.items():
        sg = ec2.create_security_group(GroupName=group, Description=f"MilMove {service} {n.env}", VpcId=vpc)["GroupId"]
        everywhere = {"CidrIp": "0.0.0.0/0"}
        ec2.revoke_security_group_egress(GroupId=sg, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [everywhere]}])
        ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "IpRanges": [{**everywhere, "Description": "HTTPS out"}]}])
        clients[service] = sg
    s3.create_bucket(Bucket=n.logs_bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    # As S3 requires of a server-access-log target (AWS and moto alike).
    s3.put_bucket_policy(Bucket=n.logs_bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "S3ServerAccessLogs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject", "Resource": f"arn:{PARTITION}:s3:::{n.logs_bucket}/*",
        "Condition": {"StringEquals": {"aws:SourceAccount": n.account}}}]}))
    return {"vpc": vpc, "subnets": subnets[:2], "clients": clients}


def tags(resource: str, name: str) -> dict[str, Any]:
    return {"ResourceType": resource, "Tags": [{"Key": "Name", "Value": name}]}


def seed_namespace(aws: Account, vpc: str) -> str:
    sd = aws.client("servicediscovery")
    operation = sd.create_private_dns_namespace(Name=aws.names.namespace, Vpc=vpc, Description="MilMove (2023)")
    return sd.get_operation(OperationId=operation["OperationId"])["Operation"]["Targets"]["NAMESPACE"]


def seed_discovery_service(aws: Account, namespace_id: str, name: str) -> dict[str, str]:
    service = aws.client("servicediscovery").create_service(
        # As Terraform created it in 2023 (dns_config.namespace_id), so GetService returns it there.
        Name=name,
        DnsConfig={"NamespaceId": namespace_id, "RoutingPolicy": "MULTIVALUE",
                   "DnsRecords": [{"Type": "A", "TTL": 60}]},
        HealthCheckCustomConfig={"FailureThreshold": 1},
    )["Service"]
    return {"id": service["Id"], "arn": service["Arn"]}


def seed_2023_flipt(aws: Account, base: dict[str, Any]) -> dict[str, Any]:
    """The 2023 Flipt under the stack's names, as MilMove's old configuration left it: a 2023
    inline policy and an attached managed policy on each role, a group with its own description,
    allow-all egress and the app's 8080 rule, an egress rule to it on each of the app's groups,
    Flipt v1.26.1 running in the ECS service."""
    n = aws.names
    ec2, ecs, iam, kms, logs, s3 = (aws.client(s) for s in ("ec2", "ecs", "iam", "kms", "logs", "s3"))
    namespace_id = seed_namespace(aws, base["vpc"])
    discovery = seed_discovery_service(aws, namespace_id, "flipt")
    key = kms.create_key(Description=f"flipt {n.env} (2023)")["KeyMetadata"]
    kms.create_alias(AliasName=f"alias/{n.suffix}", TargetKeyId=key["KeyId"])
    s3.create_bucket(Bucket=n.flag_bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_object(Bucket=n.flag_bucket, Key="features.yml", Body=f"namespace: {n.env}\nflags: []\n".encode())
    logs.create_log_group(logGroupName=f"ecs-tasks-{n.suffix}", kmsKeyId=key["Arn"])
    logs.put_retention_policy(logGroupName=f"ecs-tasks-{n.suffix}", retentionInDays=90)
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    roles = {}
    for role in (f"ecs-task-role-{n.suffix}", f"ecs-task-execution-role-{n.suffix}"):
        roles[role] = iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        iam.put_role_policy(RoleName=role, PolicyName="flipt-2023", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        managed = iam.create_policy(PolicyName=f"{role}-2023", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}))
        iam.attach_role_policy(RoleName=role, PolicyArn=managed["Policy"]["Arn"])
    sg = ec2.create_security_group(
        GroupName=f"ecs-{n.suffix}", Description=f"flipt {n.env} (2023)", VpcId=base["vpc"])["GroupId"]
    # The app's 8080 rule (no description, as in 2023); allow-all egress is a new group's default.
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": FLIPT_PORT, "ToPort": FLIPT_PORT,
        "UserIdGroupPairs": [{"GroupId": base["clients"]["app"]}]}])
    # The app's groups restrict egress, so 2023 gave each an egress rule to Flipt (no description).
    egress_rule_ids = {}
    for service, client in base["clients"].items():
        [rule] = ec2.authorize_security_group_egress(GroupId=client, IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": FLIPT_PORT, "ToPort": FLIPT_PORT,
            "UserIdGroupPairs": [{"GroupId": sg}]}])["SecurityGroupRules"]
        egress_rule_ids[service] = rule["SecurityGroupRuleId"]
    task = ecs.register_task_definition(
        family=n.suffix, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        executionRoleArn=roles[f"ecs-task-execution-role-{n.suffix}"], taskRoleArn=roles[f"ecs-task-role-{n.suffix}"],
        containerDefinitions=[{"name": n.suffix, "image": "flipt:v1.26.1", "essential": True,
                               "portMappings": [{"containerPort": FLIPT_PORT}]}],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(
        cluster=n.cluster, serviceName="flipt", taskDefinition=task, desiredCount=1, launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {
            "subnets": base["subnets"], "securityGroups": [sg], "assignPublicIp": "DISABLED"}},
        serviceRegistries=[{"registryArn": discovery["arn"]}],
    )
    return {"namespaceId": namespace_id, "discoveryServiceId": discovery["id"],
            "securityGroupId": sg, "kmsKeyId": key["KeyId"], "clientEgressRuleIds": egress_rule_ids}


def seed_foreign_namespace(aws: Account, base: dict[str, Any]) -> str:
    """The namespace as other MilMove infrastructure owns it, with that infrastructure's service."""
    namespace_id = seed_namespace(aws, base["vpc"])
    seed_discovery_service(aws, namespace_id, "app")
    return namespace_id


def inventory(aws: Account) -> dict[str, Any]:
    """What the account holds, in a comparable form (ids of rules and operations left out)."""
    ec2, ecs, ecr, iam, kms, logs, s3, sd, r53, cw = (aws.client(s) for s in (
        "ec2", "ecs", "ecr", "iam", "kms", "logs", "s3", "servicediscovery", "route53", "cloudwatch"))
    groups = {}
    for g in ec2.describe_security_groups()["SecurityGroups"]:
        rules = ec2.describe_security_group_rules(
            Filters=[{"Name": "group-id", "Values": [g["GroupId"]]}])["SecurityGroupRules"]
        groups[g["GroupName"]] = {"description": g["Description"], "rules": sorted(
            json.dumps({k: v for k, v in r.items() if k not in ("SecurityGroupRuleId", "SecurityGroupRuleArn", "Tags")},
                       sort_keys=True)
            for r in rules)}
    namespaces = {}
    for ns in sd.list_namespaces()["Namespaces"]:
        services = sd.list_services(Filters=[{"Name": "NAMESPACE_ID", "Values": [ns["Id"]]}])["Services"]
        namespaces[ns["Id"]] = {"name": ns["Name"], "services": sorted(s["Name"] for s in services)}
    roles = {}
    for role in iam.list_roles()["Roles"]:
        name = role["RoleName"]
        roles[name] = {"inline": sorted(iam.list_role_policies(RoleName=name)["PolicyNames"]),
                       "attached": sorted(p["PolicyName"] for p in
                                          iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"])}
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
        "kms_aliases": sorted(a["AliasName"] for a in kms.list_aliases()["Aliases"]
                              if not a["AliasName"].startswith("alias/aws/")),
        "alarms": sorted(a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]),
    }


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [f"{key}: before {json.dumps(before[key], sort_keys=True)}\n"
            f"     after  {json.dumps(after[key], sort_keys=True)}"
            for key in before if before[key] != after[key]]




# ---------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------


class Scenario:
    """One stack's life in its own freshly seeded account."""

    def __init__(self, name: str, names: Names, emulator: Emulator, work: Path, providers: Path) -> None:
        self.name, self.names, self.providers = name, names, providers
        self.root = work / name
        self.root.mkdir(parents=True, exist_ok=True)
        self.aws = Account(emulator, names)
        self.tf = Terraform(self.root / "terraform", emulator, names)
        self.stacks = self.root / "synth.out" / "stacks"
        self.report: list[str] = []
        self.first_plan = ""

    def say(self, line: str) -> None:
        line = f"test:emulator: {self.name} ({self.names.env}): {line}"
        print(line, flush=True)
        self.report.append(line)

    def synth(self, ids: dict[str, Any], out: str = "synth.out") -> Path:
        """The stacks from the project's code (scripts/emulator/synth.ts), given the seed's ids."""
        (self.root / f"{out}.ids.json").write_text(json.dumps(ids))
        result = subprocess.run(
            ["node", str(REPO / "scripts/run-ts.js"), str(REPO / "scripts/emulator/synth.ts"),
             str(self.root / out), self.name, self.names.env, str(self.root / f"{out}.ids.json")],
            cwd=REPO, capture_output=True, text=True,
        )
        check(result.returncode == 0, f"synthesis failed:\n{result.stdout}{result.stderr}")
        return self.root / out / "stacks"

    def synth_and_init(self, ids: dict[str, Any]) -> None:
        self.synth(ids)
        self.tf.prepare(self.stacks / self.name / "cdk.tf.json", self.providers)

    def plan(self, step: str) -> dict[str, Any]:
        counts = self.tf.plan()
        self.say(f"{step}: {describe(counts)}")
        self.first_plan = self.first_plan or describe(counts)
        for kind in ("replaced", "destroyed"):
            for address in counts[kind]:
                self.say(f"  {kind}: {address}")
        return counts

    def expect_first_plan(
        self, counts: dict[str, Any], *, imports: int, changes: int, stack: str | None = None
    ) -> None:
        """A first plan: the adopted objects imported (`changes` of them updated), every other
        resource of the stack added, nothing replaced or destroyed."""
        resources = managed_resources(self.stacks / (stack or self.name) / "cdk.tf.json")
        expected = {"import": imports, "add": resources - imports, "change": changes, "destroy": 0}
        got = {k: counts[k] for k in expected}
        check(got == expected, f"plan counts {got}, expected {expected} (the stack declares {resources} resources)")
        check(not counts["replaced"], f"the plan replaces {counts['replaced']}")

    def expect_no_op(self, counts: dict[str, Any], step: str) -> None:
        if (counts["import"], counts["add"], counts["change"], counts["destroy"]) != (0, 0, 0, 0):
            changed = "\n    ".join(self.tf.changed_attributes())
            raise Failure(f"{step} is not a no-op ({describe(counts)}):\n    {changed}")

    def expect_one_egress_rule_each(self, now: dict[str, Any], flipt_group: str) -> dict[str, str]:
        """Each client group has one egress rule to Flipt's group, on 8080: its id by service."""
        ec2 = self.aws.client("ec2")
        ids = {}
        for service, group in self.names.client_groups.items():
            rules = [json.loads(r) for r in now["security_groups"][group]["rules"]]
            to_flipt = [r for r in rules
                        if r["IsEgress"] and (r.get("ReferencedGroupInfo") or {}).get("GroupId") == flipt_group]
            check(len(to_flipt) == 1 and to_flipt[0]["FromPort"] == to_flipt[0]["ToPort"] == FLIPT_PORT,
                  f"{group}'s egress to Flipt: {to_flipt}")
            group_id = to_flipt[0]["GroupId"]
            [rule] = [r for r in ec2.describe_security_group_rules(
                Filters=[{"Name": "group-id", "Values": [group_id]}])["SecurityGroupRules"]
                if r["IsEgress"] and (r.get("ReferencedGroupInfo") or {}).get("GroupId") == flipt_group]
            ids[service] = rule["SecurityGroupRuleId"]
        self.say("after apply: each client group has one egress rule to Flipt's group on 8080")
        return ids

    def destroy(self, *, refused: bool = False) -> None:
        args = ("destroy", "-input=false", "-no-color", "-auto-approve")
        if refused:
            _, output = self.tf.run(*args, ok_codes=(1,))
            check("Instance cannot be destroyed" in output,
                  f"destroy failed, but not on prevent_destroy:\n{output[-2000:]}")
            self.say("destroy: refused (prevent_destroy on the adopted objects)")
        else:
            self.tf.run(*args)
            self.say("destroy: done")

    def after_apply_common(self) -> dict[str, Any]:
        """One namespace of the environment with one `flipt`, and the ECS service registered in it."""
        n = self.names
        now = inventory(self.aws)
        named = {i: ns for i, ns in now["namespaces"].items() if ns["name"] == n.namespace}
        check(len(named) == 1, f"{len(named)} namespaces named {n.namespace}: {now['namespaces']}")
        [(namespace_id, namespace)] = named.items()
        check(namespace["services"].count("flipt") == 1, f"services in {n.namespace}: {namespace['services']}")
        sd = self.aws.client("servicediscovery")
        [flipt] = [s for s in sd.list_services(Filters=[{"Name": "NAMESPACE_ID", "Values": [namespace_id]}])["Services"]
                   if s["Name"] == "flipt"]
        check(now["ecs_services"].get("flipt") == [flipt["Arn"]],
              f"the ECS service's registries are {now['ecs_services'].get('flipt')}, expected [{flipt['Arn']}]")
        self.say(f"after apply: one {n.namespace} with one flipt service ({flipt['Id']}), the ECS service's registry")
        return now

    def compare_after_destroy(self, expected: dict[str, Any], what: str) -> None:
        after = inventory(self.aws)
        pending = [k for k, state in after["kms_keys"].items() if state == "PendingDeletion"]
        after["kms_keys"] = {k: s for k, s in after["kms_keys"].items() if s != "PendingDeletion"}
        wanted = dict(expected, kms_keys={k: s for k, s in expected["kms_keys"].items() if k not in pending})
        diff = differences(wanted, after)
        check(not diff, f"after destroy the account is not {what}:\n  " + "\n  ".join(diff))
        self.say(f"after destroy: {what} (and {len(pending)} KMS key pending deletion, as AWS schedules it)")


def scenario_adoption(s: Scenario) -> None:
    n = s.names
    base = seed_environment(s.aws)
    ids = seed_2023_flipt(s.aws, base)
    s.synth_and_init(ids)
    # The ten objects under `adopt` and the app's two egress rules imported; nine of the objects
    # updated (tags at least: the alias has none and already names the key) and both rules (their
    # description, in place); every other resource added; nothing replaced or destroyed.
    s.expect_first_plan(s.plan("first plan"), imports=12, changes=11)
    changes = s.tf.resource_changes()
    updated = [rc["address"] for rc in changes if "update" in rc["change"]["actions"]]
    imported = {rc["address"] for rc in changes if rc["change"].get("importing")}
    not_adopted = [a for a in updated if a not in imported]
    check(not not_adopted, f"the plan updates objects it does not adopt: {not_adopted}")
    # The guide's step: the 2023 rule for the app differs from the stack's only in its description,
    # so the apply would revoke it and add it again (new connections refused in between). Give it
    # the stack's description first; then the plan keeps the rule as it is.
    app = base["clients"]["app"]
    before, after = app_rule(changes, app)
    check(before is not None and after is not None and before["description"] != after["description"],
          f"expected the 2023 8080 rule to differ in its description only: before {before}, after {after}")
    s.aws.client("ec2").update_security_group_rule_descriptions_ingress(
        GroupId=ids["securityGroupId"],
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": FLIPT_PORT, "ToPort": FLIPT_PORT,
                        "UserIdGroupPairs": [{"GroupId": app, "Description": after["description"]}]}])
    s.say(f"the app's 8080 rule given the stack's description ({after['description']!r})")
    s.expect_first_plan(s.plan("plan after the description step"), imports=12, changes=11)
    before, after = app_rule(s.tf.resource_changes(), app)
    check(before is not None and before == after, f"the app's 8080 rule still changes: before {before}, after {after}")
    s.say("  the app's 8080 rule is in the group before and after: the apply neither revokes nor adds it")
    s.tf.apply()
    now = s.after_apply_common()
    # What the stack manages after adoption is exactly what it declares: the 2023 grants and the
    # allow-all egress are gone, the app's 8080 rule is there (once), the description kept.
    for role, policy in ((f"ecs-task-role-{n.suffix}", "read-flag-files"),
                         (f"ecs-task-execution-role-{n.suffix}", "pull-image-write-logs")):
        check(now["roles"][role] == {"inline": [policy], "attached": []},
              f"{role} has {now['roles'][role]}, expected only its inline policy {policy}")
    group = now["security_groups"][f"ecs-{n.suffix}"]
    rules = [json.loads(r) for r in group["rules"]]
    egress = sorted((r["IpProtocol"], r["FromPort"], r.get("CidrIpv4")) for r in rules if r["IsEgress"])
    check(egress == [("tcp", 443, "0.0.0.0/0")], f"Flipt's group egress is {egress}, expected HTTPS only")
    sources = sorted(r["ReferencedGroupInfo"]["GroupId"] for r in rules
                     if not r["IsEgress"] and r["FromPort"] == FLIPT_PORT)
    check(sources == sorted(base["clients"].values()),
          f"8080 is admitted from {sources}, expected the app's two groups")
    check(group["description"] == f"flipt {n.env} (2023)",
          f"the adopted group's description became {group['description']!r}")
    s.say("after apply: each role has only the stack's inline policy, the group only HTTPS out and 8080 "
          "from the app's groups, and its 2023 description")
    egress = s.expect_one_egress_rule_each(now, ids["securityGroupId"])
    check(egress == ids["clientEgressRuleIds"], f"the egress rules to Flipt are {egress}, not the 2023 ones "
          f"{ids['clientEgressRuleIds']}: they were replaced")
    s.say("  the 2023 egress rules themselves (same ids), described in place")
    s.expect_no_op(s.plan("re-plan"), "the re-plan")
    # The guide: after the first apply, `adopt` may be removed; the plan is then a no-op.
    s.tf.use(s.stacks / f"{s.name}-adopt-removed" / "cdk.tf.json")
    s.expect_no_op(s.plan("plan with adopt removed"), "the plan with adopt removed")
    s.tf.use(s.stacks / s.name / "cdk.tf.json")
    s.destroy(refused=True)
    diff = differences(now, inventory(s.aws))
    check(not diff, "the refused destroy changed the account:\n  " + "\n  ".join(diff))
    s.say("after the refused destroy: the account is as after apply")


def app_rule(changes: list[dict[str, Any]], app_group: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Flipt's group's ingress element for the app's group, before and after the plan."""
    [group] = [rc for rc in changes if rc["type"] == "aws_security_group"]

    def find(side: dict[str, Any] | None) -> dict[str, Any] | None:
        found = [r for r in (side or {}).get("ingress") or [] if r.get("security_groups") == [app_group]]
        return found[0] if len(found) == 1 else None

    return find(group["change"].get("before")), find(group["change"].get("after"))


def scenario_namespace_elsewhere(s: Scenario) -> None:
    n = s.names
    base = seed_environment(s.aws)
    namespace_id = seed_foreign_namespace(s.aws, base)
    before = inventory(s.aws)
    s.synth_and_init({"ownedNamespaceId": namespace_id})  # also the `-by-id` variant, for later
    s.expect_first_plan(s.plan("first plan"), imports=0, changes=0)
    s.tf.apply()
    now = s.after_apply_common()
    flipt_group = s.aws.client("ec2").describe_security_groups(
        Filters=[{"Name": "group-name", "Values": [f"ecs-{n.suffix}"]}])["SecurityGroups"][0]["GroupId"]
    s.expect_one_egress_rule_each(now, flipt_group)
    s.expect_no_op(s.plan("re-plan"), "the re-plan")
    s.destroy()
    s.compare_after_destroy(before, "the account is as before: the namespace and its other service "
                                    "untouched, the client egress rules gone")
    # A namespace of the same name in another VPC (another system's): the lookup by name can no
    # longer choose, the namespace given by id can, and the other VPC's id is refused at plan.
    other_vpc = s.aws.client("ec2").create_vpc(CidrBlock="10.43.0.0/16")["Vpc"]["VpcId"]
    other = seed_namespace(s.aws, other_vpc)
    errors = s.tf.plan_errors()
    check(any("too many results" in e for e in errors), f"the lookup by name did not stop on two namespaces: {errors}")
    s.say(f"with a second {n.namespace} in another VPC, the lookup by name stops the plan: {first_line(errors)}")
    s.tf.use(s.stacks / f"{s.name}-by-id" / "cdk.tf.json")
    s.expect_first_plan(s.plan("plan with the namespace given by id"), imports=0, changes=0, stack=f"{s.name}-by-id")
    wrong = s.synth({"ownedNamespaceId": other}, out="synth-other-vpc.out")
    s.tf.use(wrong / f"{s.name}-by-id" / "cdk.tf.json")
    errors = s.tf.plan_errors()
    check(any("is not the namespace of the stack's VPC" in e for e in errors),
          f"the other VPC's namespace was not refused: {errors}")
    s.say(f"the other VPC's namespace given by id stops the plan: {first_line(errors)}")


def first_line(errors: list[str]) -> str:
    return errors[0].splitlines()[0].rstrip(": ")[:240] if errors else "(no error)"


def scenario_fresh(s: Scenario) -> None:
    seed_environment(s.aws)
    environment = inventory(s.aws)
    s.synth_and_init({})
    s.expect_first_plan(s.plan("first plan"), imports=0, changes=0)
    s.tf.apply()
    s.after_apply_common()
    s.expect_no_op(s.plan("re-plan"), "the re-plan")
    s.destroy()
    s.compare_after_destroy(environment, "the account holds the seeded environment only")


# name: (run, environment, account)
SCENARIOS: dict[str, tuple[Callable[[Scenario], None], str, str]] = {
    "adoption": (scenario_adoption, "stg", "111111111111"),
    "namespace-elsewhere": (scenario_namespace_elsewhere, "exp", "222222222222"),
    "fresh": (scenario_fresh, "demo", "333333333333"),
}


GUIDE = REPO / "docs" / "adoption.md"


def check_guide(scenario: Scenario) -> None:
    """The adoption guide quotes each scenario's first plan: it must say what the test planned."""
    guide = GUIDE.read_text()
    quoted = [line for line in guide.splitlines() if line.startswith(f"| `{scenario.name}`")]
    check(len(quoted) == 1 and scenario.first_plan in quoted[0],
          f"{GUIDE.relative_to(REPO)}'s table row for {scenario.name} does not say the first plan "
          f"'{scenario.first_plan}': update the guide")
    if scenario.name == "adoption":
        check(f"Plan: {scenario.first_plan}." in guide,
              f"{GUIDE.relative_to(REPO)}, step 5, does not quote the first plan 'Plan: {scenario.first_plan}.'")


def run_scenario(name: str, emulator: Emulator, work: Path, providers: Path) -> tuple[bool, Scenario]:
    run, env, account = SCENARIOS[name]
    started = time.time()
    scenario = Scenario(name, Names(env, account), emulator, work, providers)
    try:
        run(scenario)
        check_guide(scenario)
        scenario.say(f"passed ({time.time() - started:.0f} s)")
        return True, scenario
    except Failure as failure:
        scenario.say(f"FAILED ({time.time() - started:.0f} s): {failure}")
    except Exception as error:  # a seed or a client call failed: report it as this scenario's failure
        scenario.say(f"FAILED ({time.time() - started:.0f} s): {type(error).__name__}: {error}")
    return False, scenario


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
    import moto

    print(f"test:emulator: moto {moto.__version__}, corrected where it differs from AWS:")
    for line in MOTO_CORRECTIONS:
        print(f"  - {line}")
    emulator = Emulator()
    print(f"test:emulator: moto on {emulator.url}", flush=True)
    results: list[tuple[bool, Scenario]] = []
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=len(selected))
    try:
        providers = install_providers(work)
        futures = [pool.submit(run_scenario, name, emulator, work, providers) for name in selected]
        while not all(f.done() for f in futures):
            concurrent.futures.wait(futures, timeout=1)  # short waits: signals are handled between them
        results = [f.result() for f in futures]
    finally:
        # On a signal or an error the scenarios' threads are still running: end their terraform
        # processes first (and refuse new ones), so that they finish; then the emulator.
        PROCESSES.stop_all()
        pool.shutdown(wait=True, cancel_futures=True)
        emulator.stop()
        print("test:emulator: moto stopped", flush=True)
    print("test:emulator: summary")
    for _, scenario in results:
        for line in scenario.report:
            print(f"  {line}")
        spent = ", ".join(f"{command} {seconds:.0f} s" for command, seconds in scenario.tf.seconds.items())
        print(f"  test:emulator: {scenario.name}: time in terraform: {spent}")
    failed = [s.name for ok, s in results if not ok]
    which = f" ({', '.join(failed)})" if failed else ""
    print(f"test:emulator: {len(selected)} scenarios, {len(failed)} failed{which}, in {time.time() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
