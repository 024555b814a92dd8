#!/usr/bin/env python3
"""Pools the rounds of several comparison runs: router ÷ each other contender, round by round, then the mean and the
standard error over all rounds, and the mean client CPU per operation of each contender.

    scripts/pool-comparisons.py benchmarks/results/2026-11-22-153029 benchmarks/results/2026-11-22-153938 ...

Each argument is a results directory written by scripts/run-comparison.sh (it reads its comparison.csv). Only rounds
in which both contenders ran the workload are paired. This is how the README's pooled ratios are computed.
"""
import csv
import statistics
import sys
from pathlib import Path


def main(directories):
    if not directories:
        sys.exit(__doc__)
    ratios = {}
    cpu = {}
    for directory in directories:
        rows = list(csv.DictReader(open(Path(directory) / "comparison.csv", newline="")))
        by_key = {(row["round"], row["workload"], row["contender"]): row for row in rows}
        for (round_, workload, contender), router in by_key.items():
            if contender != "router":
                continue
            for (other_round, other_workload, other), row in by_key.items():
                if other == "router" or other_round != round_ or other_workload != workload:
                    continue
                for metric, column in (("throughput", "throughput_ops_s"), ("p99", "p99_ms")):
                    try:
                        value = float(router[column]) / float(row[column])
                    except (ValueError, ZeroDivisionError):
                        continue
                    ratios.setdefault((metric, workload, other), []).append(value)
        for row in rows:
            try:
                value = float(row["client_cpu_us_per_op"])
            except ValueError:
                continue
            cpu.setdefault((row["workload"], row["contender"]), []).append(value)
    print("metric      workload          router ÷        rounds  mean ± standard error  (lowest–highest)")
    for (metric, workload, other), values in sorted(ratios.items()):
        error = statistics.stdev(values) / len(values) ** 0.5 if len(values) > 1 else float("nan")
        print(f"{metric:11s} {workload:17s} {other:15s} {len(values):6d}  {statistics.mean(values):.3f} ± {error:.3f}"
              f"          ({min(values):.2f}–{max(values):.2f})")
    print()
    print("client CPU per operation (µs), mean over rounds")
    for (workload, contender), values in sorted(cpu.items()):
        print(f"{workload:17s} {contender:15s} {statistics.mean(values):7.1f}  ({len(values)} rounds)")


if __name__ == "__main__":
    main(sys.argv[1:])
