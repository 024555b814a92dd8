#!/bin/bash
# TCP segments (in+out, loopback: both ends) per operation for free-routing vs router agents, jvm isolation, mix
W=${1:-mix-90-10}
OUT=/tmp/segs-$W; rm -rf $OUT; mkdir -p $OUT
cd /work/main
( while true; do echo "$(date +%s.%N) $(awk '/^Tcp:/{getline; print $11, $12; exit}' /proc/net/snmp)"; sleep 0.25; done ) > $OUT/snmp.txt &
SP=$!
java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar io.r2dbcrouting.benchmarks.comparison.ComparisonMain --isolation jvm --contenders free-routing,router --workloads $W --rounds 5 --duration 8 --out $OUT/run 2>&1 | while IFS= read -r line; do echo "$(date +%s.%N) $line"; done > $OUT/console.txt
kill $SP
python3 - $OUT <<'PY'
import sys,bisect
d=sys.argv[1]
snmp=[(float(a),int(b),int(c)) for a,b,c in (l.split() for l in open(d+'/snmp.txt') if len(l.split())==3)]
ts=[s[0] for s in snmp]
def at(t):
    i=bisect.bisect_left(ts,t); i=min(i,len(ts)-1); return snmp[i]
for l in open(d+'/console.txt'):
    p=l.split()
    if len(p)>5 and p[1]=='round':
        end=float(p[0]); a=at(end-7); b=at(end-1)
        segs=(b[1]-a[1])+(b[2]-a[2]); dt=b[0]-a[0]
        ops=float(p[5])
        print('%s %-13s %6.0f ops/s  %7.0f segs/s  %5.2f segs/op' % (p[2], p[4], ops, segs/dt, segs/dt/ops))
PY
