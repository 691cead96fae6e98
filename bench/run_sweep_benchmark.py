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
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLICY = os.path.join(ROOT, "policies", "luojiang-2023.clause")


def timed(command):
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if run.returncode not in (0, 1):  # 1: the population has bad lines on purpose
        sys.exit(f"{' '.join(command)} failed ({run.returncode}): {run.stderr}")
    return elapsed, run.stdout


def best_of(repeat, command):
    times, output = [], None
    for _ in range(repeat):
        elapsed, output = timed(command)
        times.append(elapsed)
    return min(times), output


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
        sweep_time, sweep_output = best_of(options.repeat, sweep_command)
        points = json.loads(sweep_output)["points"]

        separate_time = 0.0
        for point in points:
            value = point["value"]
            elapsed, output = best_of(options.repeat, [options.clause, "eval", POLICY, population, "--summary", "--format", "json",
                                                       "--set", f"{options.param}={value}"])
            separate_time += elapsed
            total = json.loads(output)["total"]
            if total != point["total"]:
                sys.exit(f"disagreement at {options.param}={value}: sweep {point['total']}, eval {total}")

    lines = sum(1 for _ in open(population)) if options.population else options.lines
    print(f"population: {lines} lines; {options.param} from {options.start} to {options.end}, {len(points)} values")
    print(f"clause sweep (facts read once):       {sweep_time:8.2f} s")
    print(f"{len(points)} x clause eval --summary --set:  {separate_time:8.2f} s")
    print(f"sweep is {separate_time / sweep_time:.1f}x faster; totals agree at every value")


if __name__ == "__main__":
    main()
