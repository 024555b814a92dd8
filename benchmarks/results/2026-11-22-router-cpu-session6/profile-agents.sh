#!/bin/bash
# profile free-routing and router agents in jvm isolation on one workload
set -u
W=${1:-mix-90-10}
OUT=${2:-/tmp/profrun-$W}
rm -rf $OUT; mkdir -p $OUT
cd /work/main
LIB=/tmp/apjar/x/linux-x64/libasyncProfiler.so
java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar io.r2dbcrouting.benchmarks.comparison.ComparisonMain --isolation jvm --contenders free-routing,router --workloads $W --rounds 8 --duration 8 --out $OUT > $OUT/console.txt 2>&1 &
CPID=$!
# wait for the end of warm-up
for i in $(seq 1 120); do grep -q "^Warm-up\|^round 1/" $OUT/console.txt && break; sleep 1; done
sleep 1
FREE=$(pgrep -f "ContenderAgent.*free-routing" | head -1); ROUTER=$(pgrep -f "ContenderAgent.*router" | head -1)
echo "free=$FREE router=$ROUTER" | tee $OUT/pids.txt
for p in $FREE $ROUTER; do jcmd $p JVMTI.agent_load $LIB "\"start,event=itimer,interval=1ms,threads\"" > /dev/null; done
for i in $(seq 1 400); do grep -q "^round 7/" $OUT/console.txt && break; sleep 1; done
jcmd $FREE JVMTI.agent_load $LIB "\"stop,file=$OUT/free.collapsed,collapsed,threads\"" > /dev/null
jcmd $ROUTER JVMTI.agent_load $LIB "\"stop,file=$OUT/router.collapsed,collapsed,threads\"" > /dev/null
wait $CPID
grep "^round" $OUT/console.txt
