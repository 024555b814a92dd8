import sys,collections
def load(fn,cpu):
    c=collections.Counter();n=0
    for line in open(fn):
        s,k=line.rsplit(' ',1);k=int(k);n+=k
        c[s.split(';')[-1]]+=k
    return {k:v/n*cpu for k,v in c.items()}
r=load(sys.argv[1],float(sys.argv[2])); f=load(sys.argv[3],float(sys.argv[4]))
keys=sorted(set(r)|set(f),key=lambda k:-(r.get(k,0)-f.get(k,0)))
for k in keys[:35]: print('%7.3f %7.3f %7.3f  %s'%(r.get(k,0)-f.get(k,0),r.get(k,0),f.get(k,0),k[:150]))
