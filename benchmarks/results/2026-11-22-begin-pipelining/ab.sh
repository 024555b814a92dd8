#!/usr/bin/env bash
# A/B: the comparison's mix, free routing and the router, with the jar before and after BEGIN pipelining, alternating
set -u
OUT=${1:-/tmp/s7r/ab}
mkdir -p $OUT
cd /work/main
for pair in 1 2; do
  for v in before after; do
    d=$OUT/$pair-$v
    rm -rf $d; mkdir -p $d
    flock /tmp/r2r-bench.lock java -Xms1g -Xmx1g -cp /tmp/s7r/benchmarks-$v.jar io.r2dbcrouting.benchmarks.comparison.ComparisonMain \
      --contenders free-routing,router --workloads point-read,mix-90-10 --rounds 5 --duration 6 --out $d > $d/console.txt 2>&1
    echo "$pair $v rc=$?"
  done
done
