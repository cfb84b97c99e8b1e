#!/usr/bin/env bash
# The emulator test (scripts/emulator/emulator_test.py, docs/adoption.md): the stacks planned,
# applied and destroyed by the real AWS provider against moto on 127.0.0.1. Same provider set-up
# as `npm run validate` (scripts/terraform-workdir.sh). Needs terraform, node and a Python with
# moto 5 and boto3: pip install "moto[server]==5.*".
#
# Usage: npm run test:emulator            (skips, saying why, without terraform or moto)
#        EMULATOR_REQUIRED=1 ...          (CI: a skipped run is a failure; also when CI is set)
set -euo pipefail
cd "$(dirname "$0")/../.."

tool=test:emulator
required="${EMULATOR_REQUIRED:-0}"
[ -z "${CI:-}" ] || required=1
required_by="EMULATOR_REQUIRED=1 (or CI)"
# shellcheck source=scripts/terraform-workdir.sh
. scripts/terraform-workdir.sh

command -v terraform >/dev/null 2>&1 || skip "terraform is not installed; nothing was applied to the emulator."
python="${EMULATOR_PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || skip "no $python on PATH (set EMULATOR_PYTHON); nothing was applied to the emulator."
"$python" -c 'import moto, boto3, sys; sys.exit(0 if moto.__version__.startswith("5.") else 1)' 2>/dev/null ||
  skip "$python has no moto 5 with boto3 (pip install \"moto[server]==5.*\"); nothing was applied to the emulator."

work="$PWD/.emulator-test"
rm -rf "$work"
mkdir -p "$work"
tf_setup_cli_config
# The mirrored provider where there is a mirror, else the version the stacks pin (from the registry).
version="${mirrored_version:-$(node -p 'require("@cdktf/provider-aws/package.json").cdktf.provider.version')}"
export TF_CLI_CONFIG_FILE EMULATOR_WORK="$work" EMULATOR_PROVIDER_VERSION="$version"
# exec: a signal to this script reaches the test, which stops what it started.
exec "$python" scripts/emulator/emulator_test.py
