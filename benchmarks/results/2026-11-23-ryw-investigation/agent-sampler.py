#!/usr/bin/env python3
"""Samples each comparison agent's CPU, syscalls and context switches every 0.25 s until killed."""
import os, sys, time
out = open(sys.argv[1], 'w')
clk = os.sysconf('SC_CLK_TCK')
while True:
    now = time.time()
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            cmd = open(f'/proc/{pid}/cmdline', 'rb').read().split(b'\0')
            if b'io.r2dbcrouting.benchmarks.comparison.ContenderAgent' not in cmd:
                continue
            contender = cmd[cmd.index(b'--contender') + 1].decode()
            io = dict(l.split(': ') for l in open(f'/proc/{pid}/io').read().splitlines())
            stat = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
            cpu = (int(stat[11]) + int(stat[12])) / clk
            vol = nonvol = 0
            for t in os.listdir(f'/proc/{pid}/task'):
                for l in open(f'/proc/{pid}/task/{t}/status'):
                    if l.startswith('voluntary_ctxt_switches'):
                        vol += int(l.split()[1])
                    elif l.startswith('nonvoluntary_ctxt_switches'):
                        nonvol += int(l.split()[1])
            out.write(f"{now:.2f} {contender} {cpu:.2f} {io['syscr']} {io['syscw']} {vol} {nonvol}\n")
        except (FileNotFoundError, ProcessLookupError, ValueError, IndexError, KeyError):
            continue
    out.flush()
    time.sleep(0.25)
