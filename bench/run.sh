#!/usr/bin/env bash
# Builds the benchmarks (Release) and runs them in order; each driver starts and stops its own
# DynamoDB Local. Figures go to stdout; bench/RESULTS.md records a run.
#
#   bench/run.sh [BUILD_DIR]        (default: build/bench)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/bench}"
export AWS_EC2_METADATA_DISABLED=true

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DFLAMINGOCK_BUILD_BENCHMARKS=ON -DFLAMINGOCK_BUILD_TESTS=OFF -DFLAMINGOCK_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target request_cpu_bench client_throughput engine_bench lock_wait_bench \
  migration_bench -j2

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(cut -d' ' -f1-3 /proc/loadavg | sed 's/^/load average /')"
echo "== request_cpu_bench"
"$build/bench/request_cpu_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
echo "== client_throughput"
"$build/bench/client_throughput" --count 2000 --repetitions 5
echo "== client_throughput over TLS (stunnel in front of the same server)"
"$build/bench/client_throughput" --tls --count 2000 --repetitions 5
echo "== engine_bench"
"$build/bench/engine_bench" --repetitions 3 --pending 1000 --scaling-changes 100
echo "== lock_wait_bench"
"$build/bench/lock_wait_bench" --waiters 16,64 --hold-s 20 --recorded 200
echo "== migration_bench"
"$build/bench/migration_bench" --count 100000 --peer-count 10000
echo "== migration_bench --fleet"
"$build/bench/migration_bench" --fleet --count 40000 --segments 8
