#!/bin/bash
# usage: exp.sh VARIANT N
cd /work/wt-exp
printf '#!/bin/sh\nexec java -Dr2r.variant=%s "$@"\n' "$1" > /tmp/s9/java-$1; chmod +x /tmp/s9/java-$1
for i in $(seq 1 $2); do
  flock /tmp/r2r-bench.lock env JAVA=/tmp/s9/java-$1 scripts/run-comparison.sh --no-build --no-jmh --no-pgpool \
      --contenders free-routing,router,router-flip --workloads point-read --rounds 8 --out /tmp/s9/$1-$i </dev/null > /tmp/s9/$1-$i.console 2>&1
done
