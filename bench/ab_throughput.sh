#!/usr/bin/env bash
# A/B of two client_throughput binaries (say, before and after a change to the client) against
# one DynamoDB Local, alternating A and B for ROUNDS rounds; each run measures ours and the
# server's ceiling (no peers) and prints its medians.
#
#   bench/ab_throughput.sh BINARY_A BINARY_B [ROUNDS=3] [COUNT=2000]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
a="$1" b="$2" rounds="${3:-3}" count="${4:-2000}"
export AWS_EC2_METADATA_DISABLED=true
state_dir="/tmp/flamingock-bench-ab-$$"
endpoint="$("$root/tools/local-dynamodb" start "$state_dir" | tail -n 1)"
trap '"$root/tools/local-dynamodb" stop "$state_dir"' EXIT
for ((round = 1; round <= rounds; round++)); do
  for binary in "$a" "$b"; do
    echo "== round $round: $binary"
    "$binary" --endpoint "$endpoint" --peers no --count "$count" --repetitions 3 | sed -n '/^median/,$p'
  done
done
