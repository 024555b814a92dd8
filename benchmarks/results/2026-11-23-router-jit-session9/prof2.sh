#!/bin/bash
cd /work/main
LIB=/tmp/apjar/x/linux-x64/libasyncProfiler.so
for c in router free-routing spring; do
 exec 9>/tmp/r2r-bench.lock; flock 9
 con=/tmp/s9/p2-$c.console; : > $con
 scripts/run-comparison.sh --no-build --no-jmh --no-pgpool --contenders $c --workloads point-read --rounds 4 --out /tmp/s9/p2-$c </dev/null > $con 2>&1 &
 bg=$!
 until grep -q "^Warm-up:" $con; do sleep 0.5; done
 pid=$(for p in $(pgrep -f "ComparisonMain.*p2-$c"); do [ "$(cat /proc/$p/comm)" = java ] && echo $p; done | head -1)
 jcmd $pid JVMTI.agent_load $LIB "\"start,event=itimer,interval=1ms\"" >/dev/null
 until grep -q "round 3/4" $con; do sleep 0.5; done
 jcmd $pid JVMTI.agent_load $LIB "\"stop,file=/tmp/s9/p2-$c.collapsed,collapsed\"" >/dev/null
 wait $bg
 flock -u 9; exec 9>&-
done
