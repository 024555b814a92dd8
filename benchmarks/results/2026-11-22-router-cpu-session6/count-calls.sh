#!/bin/bash
# count calls of a Java method in the free-routing and router agents (jvm isolation), after the warm-up
set -u
W=${1:-point-read}; EV=${2:-io.netty.util.concurrent.SingleThreadEventExecutor.execute}
OUT=${3:-/tmp/count-$W}
rm -rf $OUT; mkdir -p $OUT
cd /work/main
LIB=/tmp/apjar/x/linux-x64/libasyncProfiler.so
java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar io.r2dbcrouting.benchmarks.comparison.ComparisonMain --isolation jvm --contenders free-routing,router --workloads $W --rounds 4 --duration 8 --out $OUT/run > $OUT/console.txt 2>&1 &
CPID=$!
for i in $(seq 1 120); do grep -q "^Warm-up of router" $OUT/console.txt && grep -q "^Warm-up of free" $OUT/console.txt && break; sleep 1; done
FREE=$(pgrep -f "ContenderAgent.*free-routing" | head -1); ROUTER=$(pgrep -f "ContenderAgent.*router" | head -1)
for p in $FREE $ROUTER; do jcmd $p JVMTI.agent_load $LIB "\"start,event=$EV,interval=1\"" > /dev/null; done
for i in $(seq 1 400); do grep -q "^round 4/" $OUT/console.txt && break; sleep 1; done
jcmd $FREE JVMTI.agent_load $LIB "\"stop,file=$OUT/free.collapsed,collapsed\"" > /dev/null
jcmd $ROUTER JVMTI.agent_load $LIB "\"stop,file=$OUT/router.collapsed,collapsed\"" > /dev/null
wait $CPID
grep "^round" $OUT/console.txt
for f in free router; do echo "$f calls: $(awk '{s+=$NF} END{print s}' $OUT/$f.collapsed)"; done
