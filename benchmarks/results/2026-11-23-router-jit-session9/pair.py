import csv,statistics as st,sys
for d in sys.argv[1:]:
    rows=list(csv.DictReader(open(d+"/comparison.csv")))
    by={}
    for r in rows: by.setdefault((r['round'],r['workload']),{})[r['contender']]=r
    out={}
    for (rnd,w),v in sorted(by.items()):
        if int(rnd)<2 or 'free-routing' not in v: continue
        f=v['free-routing']
        for c,r in v.items():
            if c=='free-routing' or not r['throughput_ops_s']: continue
            o=out.setdefault((w,c),([],[]))
            o[0].append(float(r['throughput_ops_s'])/float(f['throughput_ops_s']))
            o[1].append(float(r['client_cpu_us_per_op'])-float(f['client_cpu_us_per_op']))
    for (w,c),(rat,dc) in sorted(out.items()):
        print(d, w, c, "ratio %.3f±%.3f"%(st.mean(rat),st.stdev(rat)/len(rat)**.5), "dCPU mean %.2f±%.2f median %.2f"%(st.mean(dc),st.stdev(dc)/len(dc)**.5,st.median(dc)))
