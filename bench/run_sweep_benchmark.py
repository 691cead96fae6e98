#!/usr/bin/env python3
"""A sweep against separate evaluations, on one population, in one run.

`clause sweep` reads and converts the facts once and evaluates them at every
value; the alternative a user has without it is one `clause eval --summary
--set NAME=VALUE` per value, each reading the whole file again. This script
generates a seeded Luojiang population (tests/luojiang/generate_population.py)
unless one is given, then times both for the same values, checks that they
agree on the total at every value, and prints the ratio.

  bench/run_sweep_benchmark.py [--lines 100000] [--population FILE] [--clause build/clause]
                               [--param cloud_high_rate --from 10% --to 40% --steps 20] [--repeat 1]

Timings are figures to read, never pass/fail tests: only the ratio measured side
by side means anything.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLICY = os.path.join(ROOT, "policies", "luojiang-2023.clause")


def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command):
    """Wall time, processor time (user + system, all threads) and output of one run."""
    cpu_before = cpu_of_children()
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    cpu = cpu_of_children() - cpu_before
    if run.returncode not in (0, 1):  # 1: the population has bad lines on purpose
        sys.exit(f"{' '.join(command)} failed ({run.returncode}): {run.stderr}")
    return elapsed, cpu, run.stdout


def best_of(repeat, command):
    """The best wall time and the best processor time over `repeat` runs."""
    walls, cpus, output = [], [], None
    for _ in range(repeat):
        elapsed, cpu, output = timed(command)
        walls.append(elapsed)
        cpus.append(cpu)
    return min(walls), min(cpus), output


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100000)
    parser.add_argument("--population")
    parser.add_argument("--clause", default=os.path.join(ROOT, "build", "clause"))
    parser.add_argument("--param", default="cloud_high_rate")
    parser.add_argument("--from", dest="start", default="10%")
    parser.add_argument("--to", dest="end", default="40%")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        population = options.population
        if not population:
            population = os.path.join(directory, "population.jsonl")
            subprocess.run([sys.executable, os.path.join(ROOT, "tests", "luojiang", "generate_population.py"),
                            "--lines", str(options.lines), "--out", population], check=True)
        sweep_command = [options.clause, "sweep", POLICY, population, "--param", options.param, "--from", options.start,
                         "--to", options.end, "--steps", str(options.steps), "--format", "json"]
        sweep_time, sweep_cpu, sweep_output = best_of(options.repeat, sweep_command)
        points = json.loads(sweep_output)["points"]

        separate_time = separate_cpu = 0.0
        for point in points:
            value = point["value"]
            elapsed, cpu, output = best_of(options.repeat, [options.clause, "eval", POLICY, population, "--summary", "--format", "json",
                                                       "--set", f"{options.param}={value}"])
            separate_time += elapsed
            separate_cpu += cpu
            total = json.loads(output)["total"]
            if total != point["total"]:
                sys.exit(f"disagreement at {options.param}={value}: sweep {point['total']}, eval {total}")

    lines = sum(1 for _ in open(population)) if options.population else options.lines
    print(f"population: {lines} lines; {options.param} from {options.start} to {options.end}, {len(points)} values")
    print(f"{'':36} {'wall':>8} {'processor':>10}")
    print(f"{'clause sweep (facts read once)':36} {sweep_time:7.2f}s {sweep_cpu:9.2f}s")
    print(f"{f'{len(points)} x clause eval --summary --set':36} {separate_time:7.2f}s {separate_cpu:9.2f}s")
    print(f"sweep is {separate_time / sweep_time:.1f}x faster in wall time, {separate_cpu / sweep_cpu:.1f}x in processor time; "
          "totals agree at every value")


if __name__ == "__main__":
    main()
