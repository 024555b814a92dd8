"""Event-loop samples per 1000 operations of two agents' collapsed stacks, by leaf frame, largest router - free first.
Usage: python3 leaf-diff.py free.collapsed router.collapsed comparison.csv LAST_PROFILED_ROUND
A throw-away analysis, kept so the figures in README.md can be reproduced; not part of any build."""
import collections
import csv
import sys

free_path, router_path, csv_path, last = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ops = collections.Counter()
for row in csv.DictReader(open(csv_path)):
    if int(row['round']) <= last:
        ops[row['contender']] += int(row['operations'])


def leaves(path):
    counts, total = collections.Counter(), 0
    for line in open(path):
        stack, n = line.rsplit(' ', 1)
        frames = stack.split(';')
        if 'epoll' in frames[0]:
            counts[frames[-1]] += int(n)
            total += int(n)
    return counts, total


(free, free_total), (router, router_total) = leaves(free_path), leaves(router_path)
per_free, per_router = ops['free-routing'] / 1000, ops['router'] / 1000
print(f'operations in rounds 1-{last}: free routing {ops["free-routing"]}, router {ops["router"]}')
print(f'event-loop samples per 1000 operations: free routing {free_total / per_free:.2f}, router {router_total / per_router:.2f}')
rows = sorted(((router[f] / per_router - free[f] / per_free, free[f] / per_free, router[f] / per_router, f)
               for f in set(free) | set(router)), reverse=True)
for d, a, b, f in rows[:25]:
    print(f'{d:+6.2f}  free {a:6.2f}  router {b:6.2f}  {f[:100]}')
