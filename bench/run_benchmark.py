#!/usr/bin/env python3
"""Clause against the hand-written native evaluator, on one population, in one run.

Builds the native baseline from ../shared/bench/native (g++ -O2, simdjson),
generates a seeded Luojiang population (tests/luojiang/generate_population.py)
unless one is given, then runs the contenders in turn, round after round (so
that a machine's drifting load falls on all of them alike), and reports the best
wall time, the throughput, the ratio against native measured in this same run,
and the peak memory (resident set) of each. Output goes to /dev/null for all.

  bench/run_benchmark.py [--lines 1000000] [--population FILE] [--clause build/clause] [--repeat 3]
                         [--earlier OTHER_CLAUSE_BINARY] [--versions]

With --versions, `clause whatif --set cloud_high_rate=25%` and `clause diff
--population` (against a copy with cloud_high_rate 25% and info_cap 20万) are
timed too. Each evaluates every record twice, where native evaluates it once.

"clause reading alone" runs the policy cut after its facts declaration: the
facts read and checked as in a full run, with nothing to evaluate. Set beside
"--summary, one core", it splits a run's time into reading and evaluation.

With --earlier, an earlier build of clause runs the same six clause contenders in the
same rounds: a change's before and after, measured side by side rather than
minutes apart on a machine whose speed drifts.

Timings are figures to read, never pass/fail tests: they drift from machine to
machine, so only the ratios measured side by side mean anything.
"""
import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def build_native(directory):
    binary = os.path.join(directory, "luojiang_native")
    source = os.path.join(SHARED, "bench", "native", "luojiang_native.cpp")
    subprocess.run(["g++", "-O2", "-std=c++17", "-o", binary, source, "-lsimdjson"], check=True)
    return binary


def run_once(command):
    """Wall time of one run and its peak RSS (MB)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: some lines were bad, as expected
        sys.exit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024.0


def measure(command, repeat):
    """Best wall time over `repeat` runs, and the largest peak RSS (MB) seen."""
    runs = [run_once(command) for _ in range(repeat)]
    return min(seconds for seconds, _ in runs), max(peak for _, peak in runs)


def measure_interleaved(commands, repeat, quiet=False):
    """Best wall time and largest peak RSS of each command, taking them in turn
    round after round: on a shared machine whose load drifts over minutes, every
    contender then meets the same drift, and the ratios stay fair."""
    best = [None] * len(commands)
    peaks = [0.0] * len(commands)
    for round_number in range(repeat):
        if not quiet:
            print(f"round {round_number + 1} of {repeat} ...", file=sys.stderr, flush=True)
        for index, command in enumerate(commands):
            seconds, peak = run_once(command)
            best[index] = seconds if best[index] is None else min(best[index], seconds)
            peaks[index] = max(peaks[index], peak)
    return list(zip(best, peaks))


def reading_alone_policy(policy, directory):
    """The policy cut after its `facts { ... }` block: the same facts, read and checked alike, and nothing
    to evaluate. Its run is the reading's share of a full run; the rest is evaluation. (The Luojiang policy
    declares its enums and records before its facts, as this cut needs.)"""
    with open(policy, encoding="utf-8") as f:
        text = f.read()
    start = text.index("\nfacts {")
    end = text.index("\n}", start) + 2
    path = os.path.join(directory, "reading-alone.clause")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:end])
    return path


def changed_parameters_policy(policy, directory):
    """A second version of the policy for `clause diff`: cloud_high_rate 25% and info_cap 20万, the same facts."""
    with open(policy, encoding="utf-8") as f:
        text = f.read()
    for before, after in (("param cloud_high_rate = 20%", "param cloud_high_rate = 25%"),
                          ("param info_cap = 30万", "param info_cap = 20万")):
        if before not in text:
            sys.exit(f"the policy no longer declares `{before}`")
        text = text.replace(before, after)
    path = os.path.join(directory, "changed-parameters.clause")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def count_records(path):
    with open(path, "rb") as f:
        return sum(1 for line in f if line.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1000000)
    parser.add_argument("--population")
    parser.add_argument("--clause", default=os.path.join(ROOT, "build", "clause"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--earlier", help="an earlier clause binary to run in the same rounds")
    parser.add_argument("--versions", action="store_true",
                        help="also time clause whatif and clause diff --population (two versions a record)")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="clause-bench-")
    native = build_native(work)
    population = args.population
    if not population:
        population = os.path.join(work, f"population-{args.lines}.jsonl")
        print(f"generating {args.lines} lines (seed 1) ...", flush=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "tests", "luojiang", "generate_population.py"),
                        "--seed", "1", "--lines", str(args.lines), "--out", population], check=True)
    records = count_records(population)
    policy = os.path.join(ROOT, "policies", "luojiang-2023.clause")

    # "One core" is enforced with taskset where it exists, so a single-thread run
    # cannot borrow the second core (for the kernel's file reading, say).
    one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []

    def clause_contenders(binary, label):
        eval_command = [binary, "eval", policy, population]
        return [
            (f"{label} --format csv, one core", one_core + eval_command + ["--format", "csv", "--threads", "1"]),
            (f"{label} --format csv, two threads", eval_command + ["--format", "csv", "--threads", "2"]),
            (f"{label} --summary, one core", one_core + eval_command + ["--summary", "--threads", "1"]),
            (f"{label} --summary, two threads", eval_command + ["--summary", "--threads", "2"]),
            (f"{label} (with the why), one core", one_core + eval_command + ["--threads", "1"]),
            (f"{label} (with the why), two threads", eval_command + ["--threads", "2"]),
        ] + version_contenders(binary, label)

    changed_policy = changed_parameters_policy(policy, work)

    def version_contenders(binary, label):
        if not args.versions:
            return []
        what_if = [binary, "whatif", policy, population, "--set", "cloud_high_rate=25%"]
        diff = [binary, "diff", policy, changed_policy, "--population", population]
        return [
            (f"{label} whatif, one core", one_core + what_if + ["--threads", "1"]),
            (f"{label} whatif, two threads", what_if + ["--threads", "2"]),
            (f"{label} diff --population, one core", one_core + diff + ["--threads", "1"]),
            (f"{label} diff --population, two threads", diff + ["--threads", "2"]),
        ]

    contenders = [("native, one core", one_core + [native, population])] + clause_contenders(args.clause, "clause")
    reading_alone = [args.clause, "eval", reading_alone_policy(policy, work), population, "--summary", "--threads", "1"]
    contenders.append(("clause reading alone, one core", one_core + reading_alone))
    if args.earlier:
        contenders += clause_contenders(args.earlier, "earlier")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; {records} records "
          f"({os.path.getsize(population) / 1e6:.0f} MB); best of {args.repeat}")
    print(f"{'contender':42} {'seconds':>8} {'records/s':>11} {'time vs native':>15} {'peak MB':>8}")
    results = measure_interleaved([command for _, command in contenders], args.repeat)
    baseline = results[0][0]
    for (name, _), (seconds, peak) in zip(contenders, results):
        print(f"{name:42} {seconds:8.2f} {records / seconds:11.0f} {seconds / baseline:14.2f}x {peak:8.0f}", flush=True)

    # Parsing and checking the policy file itself: clause check, less process start-up
    # (measured as `clause --version`). Start-up is several times the check, so the two
    # are taken in turn, many times: measured one after the other, a drift of the
    # machine between them once made the check look faster than start-up alone.
    (startup, _), (check, _) = measure_interleaved([[args.clause, "--version"], [args.clause, "check", policy]], 40,
                                                   quiet=True)
    print(f"policy parse + check: {max(0.0, check - startup) * 1000:.1f} ms "
          f"(clause check {check * 1000:.1f} ms, process start-up {startup * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
