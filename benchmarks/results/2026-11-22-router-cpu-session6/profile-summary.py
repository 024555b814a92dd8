"""Sums async-profiler's collapsed stacks of two agents per 1000 operations: by thread, and the event-loop threads'
samples by the package of their leaf frame. Usage:
    python3 profile-summary.py free.collapsed router.collapsed FREE_OPS ROUTER_OPS
A throw-away analysis, kept so that the figures in README.md can be reproduced; not part of any build."""
import collections
import re
import sys


def load(path):
    threads, packages = collections.Counter(), collections.Counter()
    for line in open(path):
        stack, count = line.rsplit(' ', 1)
        frames = stack.split(';')
        thread = re.sub(r'[-#]?\d+', 'N', frames[0].strip('[]'))
        threads[thread] += int(count)
        if 'epoll' not in thread:
            continue
        leaf = frames[-1]
        match = re.match(r'([a-z]+/[a-z0-9]+(/[a-z0-9]+)?)/', leaf)
        key = 'io/r2dbcrouting' if leaf.startswith('io/r2dbcrouting') else (
            match.group(1) if match else 'native: ' + leaf[:40])
        packages[key] += int(count)
    return threads, packages


free, router = load(sys.argv[1]), load(sys.argv[2])
per_free, per_router = float(sys.argv[3]) / 1000, float(sys.argv[4]) / 1000
for title, index in (('samples per 1000 operations, by thread', 0),
                     ('event-loop samples per 1000 operations, by leaf package', 1)):
    print(f'{title}: free routing, router, difference')
    rows = [(k, free[index][k] / per_free, router[index][k] / per_router) for k in set(free[index]) | set(router[index])]
    print('%8.2f %8.2f %+7.2f  %s' % (sum(r[1] for r in rows), sum(r[2] for r in rows),
                                      sum(r[2] - r[1] for r in rows), 'all'))
    for key, x, y in sorted(rows, key=lambda r: -(r[2] - r[1]))[:14]:
        print('%8.2f %8.2f %+7.2f  %s' % (x, y, y - x, key))
    print()
