#!/usr/bin/env python3
"""Context switches per CPU-millisecond of each comparison agent, from agent-sampler.py's samples.

    python3 agent-samples-summary.py agent-samples-004411.txt.gz

Only 0.25 s intervals in which exactly one agent used more than 0.4 cores are counted (its own runs), and only after
the first 75 s (the agents' common warm-up and round 1)."""
import collections
import gzip
import sys

opener = gzip.open if sys.argv[1].endswith('.gz') else open
series = collections.defaultdict(dict)
for line in opener(sys.argv[1], 'rt'):
    t, contender, cpu, _syscr, _syscw, voluntary, involuntary = line.split()
    series[contender][round(float(t) * 4) / 4] = (float(cpu), int(voluntary), int(involuntary))
times = sorted(set.intersection(*[set(s) for s in series.values()]))
totals = collections.defaultdict(lambda: [0.0, 0, 0, 0.0])
for a, b in zip(times, times[1:]):
    dt = b - a
    if dt > 0.6 or b - times[0] <= 75:
        continue
    busy = [c for c, s in series.items() if (s[b][0] - s[a][0]) / dt > 0.4]
    if len(busy) != 1:
        continue
    s = series[busy[0]]
    total = totals[busy[0]]
    total[0] += s[b][0] - s[a][0]
    total[1] += s[b][1] - s[a][1]
    total[2] += s[b][2] - s[a][2]
    total[3] += dt
for contender, (cpu, voluntary, involuntary, seconds) in sorted(totals.items()):
    print(f"{contender:13} alone for {seconds:5.1f} s, {cpu:5.1f} s of CPU: "
          f"{voluntary / cpu / 1000:.2f} voluntary and {involuntary / cpu / 1000:.2f} involuntary context switches "
          f"per CPU-ms")
