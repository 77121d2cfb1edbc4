#!/usr/bin/env bash
# The demo: builds the project, starts DynamoDB Local, applies the example service's code changes
# and the YAML changes of examples/changes, prints the audit log, runs everything again to show
# that nothing new is applied, shows plan, validate and undo --dry-run, and stops the server.
# Needs what tools/setup installs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# FLAMINGOCK_DEMO_BUILD_DIR reuses an existing build tree (tools/test runs the demo on its own).
build="${FLAMINGOCK_DEMO_BUILD_DIR:-$root/build/demo}"

echo "== building (first time: a few minutes)"
if [[ -z "${FLAMINGOCK_DEMO_BUILD_DIR:-}" ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLAMINGOCK_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target orders_service flamingock_tool >/dev/null

echo "== starting DynamoDB Local"
server="$build/local-dynamodb"
endpoint=$(tools/local-dynamodb start "$server")
trap 'tools/local-dynamodb stop "$server"; echo "== DynamoDB Local stopped"' EXIT
echo "DynamoDB Local at $endpoint"

# What a service reads from its environment, as the AWS CLI does; the keys are DynamoDB Local's.
export AWS_ENDPOINT_URL_DYNAMODB="$endpoint" AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_EC2_METADATA_DISABLED=true
service="$build/examples/orders_service"
cli="$build/src/cli/flamingock"

for round in first second; do
  echo
  echo "== $round run: the service's code changes, then the YAML changes"
  "$service"
  "$cli" run --changes examples/changes
done

echo
echo "== the audit log (flamingock audit list)"
"$cli" audit list
echo
echo "== the service's own CLI: what it has pending (orders_service plan)"
"$service" plan
echo
echo "== what run would apply, and whether the log and the code agree (flamingock plan, validate)"
"$cli" plan --changes examples/changes
# The service's code changes share this log: to the YAML directory they are another service's,
# listed as "not in code (info)", no problem (`--missing fail` would make them problems).
"$cli" validate --changes examples/changes
echo
echo "== what undo would roll back, newest first; nothing is changed (flamingock undo --dry-run)"
"$cli" undo --changes examples/changes --dry-run
echo
echo "== the orders the changes wrote (aws dynamodb scan)"
aws dynamodb scan --endpoint-url "$endpoint" --region us-east-1 --table-name orders --output text \
  --query 'Items[*].[pk.S,total.N,status.S]'
