#!/usr/bin/env bash
# The Prometheus example's test (ctest, label example): the metrics it prints after its run and
# its worker's job have the values they should, and it serves the same on /metrics (on a free
# loopback port) until its input ends.
#
#   check_metrics.sh PATH_OF_prometheus_metrics_example
set -euo pipefail
example=$1

# What the run of create-orders and the job of backfill-orders (4 parts of 250 items, no rate
# limit, no item failed) leave. The run applies create-orders; the worker that records the job's
# APPLIED tells the listener of backfill-orders: two changes applied.
expected=(
  'flamingock_runs_total{outcome="success"} 1'
  'flamingock_changes_total{outcome="applied"} 2'
  'flamingock_job_items{change="backfill-orders",kind="scanned"} 1000'
  'flamingock_job_items{change="backfill-orders",kind="written"} 1000'
  'flamingock_job_items{change="backfill-orders",kind="skipped"} 0'
  'flamingock_job_items{change="backfill-orders",kind="failed"} 0'
  'flamingock_job_parts_done{change="backfill-orders",kind="done"} 4'
  'flamingock_job_parts_done{change="backfill-orders",kind="total"} 4'
  'flamingock_job_items_per_second{change="backfill-orders",kind="limit"} 0'
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Fails naming the first expected line missing from file $2, the metrics $1 gave.
check() {
  local line
  for line in "${expected[@]}"; do
    if ! grep -qxF -- "$line" "$2"; then
      echo "missing from $1: $line" >&2
      cat "$2" >&2
      exit 1
    fi
  done
}

coproc EXAMPLE { "$example" 127.0.0.1:0 2>"$work/log"; }
pid=$EXAMPLE_PID
from_example=${EXAMPLE[0]}
to_example=${EXAMPLE[1]}

# What it prints before the line "serving http://127.0.0.1:PORT/metrics; press Enter to stop".
url=
touch "$work/printed"
while IFS= read -r line <&"$from_example"; do
  if [[ $line == "serving "* ]]; then
    url=${line#serving }
    url=${url%%;*}
    break
  fi
  printf '%s\n' "$line" >>"$work/printed"
done
check "the printed metrics" "$work/printed"
if [[ -z $url ]]; then
  echo "the example ended without serving its metrics:" >&2
  cat "$work/log" >&2
  exit 1
fi

curl --silent --show-error --fail --max-time 10 "$url" >"$work/served"
check "$url" "$work/served"

exec {to_example}>&-  # the end of its input stops it, as Enter does
wait "$pid"
