#!/bin/bash
# Runs free routing against the router four times, alternately without and with 20 extra no-op operators on free
# routing's point read. $1: a worktree of this commit with extra-operators.patch applied and
# `mvn -B -q -o -DskipTests package` run in it (default /tmp/wt).
cd "${1:-/tmp/wt}"
for n in 0 20 0 20; do
  java -Xms1g -Xmx1g -Dfree.extraOperators=$n -cp benchmarks/target/benchmarks.jar io.r2dbcrouting.benchmarks.comparison.ComparisonMain --isolation jvm --contenders free-routing,router --workloads point-read --rounds 5 --duration 8 --out /tmp/extra-ops-$n-$RANDOM > /tmp/extra-ops-run.txt 2>&1
  echo "== extra operators $n"; grep "^round" /tmp/extra-ops-run.txt | awk '{print $2, $4, $5, $13, $14, $15, $16}'
done
