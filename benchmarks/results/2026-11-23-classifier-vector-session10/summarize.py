# Session 10: shares of frames in an async-profiler collapsed file, among samples under StatementClassifier.classify.
import sys, collections, re
root = 'io/r2dbcrouting/internal/StatementClassifier.classify'
self_c, incl = collections.Counter(), collections.Counter()
total = 0
for line in open(sys.argv[1]):
    stack, n = line.rstrip().rsplit(' ', 1)
    frames = [re.sub(r'_\[[a-z0-9]+\]$', '', f) for f in stack.split(';')]
    if root not in frames:
        continue
    n = int(n); total += n
    self_c[frames[-1]] += n
    for f in set(frames[frames.index(root):]):
        incl[f] += n
print(f'samples under {root}: {total}')
for f, n in self_c.most_common(22):
    print(f'self {100*n/total:5.1f}% {f}')
for f, n in incl.most_common(32):
    print(f'incl {100*n/total:5.1f}% {f}')
