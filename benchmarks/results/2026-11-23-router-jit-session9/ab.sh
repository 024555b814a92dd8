#!/bin/bash
cd /work/main
for i in 1 2; do
  for v in A B; do
    if [ $v = A ]; then J=java; else J=/tmp/s9/java-inline; fi
    flock /tmp/r2r-bench.lock env JAVA=$J scripts/run-comparison.sh --no-build --no-jmh --no-pgpool \
      --contenders free-routing,router,spring --workloads point-read --rounds 8 --out /tmp/s9/$v$i </dev/null > /tmp/s9/$v$i.console 2>&1
  done
done
