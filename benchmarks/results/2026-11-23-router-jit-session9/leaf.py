import sys,collections
def cat(f):
    f=f.replace('.','/')
    for p,n in [('io/r2dbcrouting/benchmarks','loadgen'),('io/r2dbcrouting','router'),('reactor/core','reactor-core'),('reactor/pool','pool'),('io/r2dbc/pool','pool'),('io/r2dbc/postgresql','driver'),('reactor/netty','netty'),('io/netty','netty'),('java/','jdk'),('jdk/','jdk'),('sun/','jdk'),('org/springframework','spring')]:
        if f.startswith(p): return n
    if f.endswith('_[k]'): return 'kernel'
    if 'stub' in f or 'Stub' in f: return 'stubs'
    return 'native/vm:'
cpu={'router':float(sys.argv[2]),'free':float(sys.argv[4]),'spring':float(sys.argv[6])}
res={}
for name,fn in [('router',sys.argv[1]),('free',sys.argv[3]),('spring',sys.argv[5])]:
    c=collections.Counter();n=0
    for line in open(fn):
        s,k=line.rsplit(' ',1);k=int(k);n+=k
        c[cat(s.split(';')[-1])]+=k
    res[name]={k:v/n*cpu[name] for k,v in c.items()}
keys=sorted(set().union(*[r.keys() for r in res.values()]),key=lambda k:-res['router'].get(k,0))
print('%-14s %8s %8s %8s %8s'%('leaf','router','free','spring','r-f'))
for k in keys:
    print('%-14s %8.2f %8.2f %8.2f %8.2f'%(k,res['router'].get(k,0),res['free'].get(k,0),res['spring'].get(k,0),res['router'].get(k,0)-res['free'].get(k,0)))
