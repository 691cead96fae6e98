#!/usr/bin/env python3
"""Instructions a record, by stage, for clause and the native evaluator (callgrind).

Wall time on a shared or virtual machine moves by ±20% from run to run;
instruction counts do not, so this is how a change to the evaluator is judged
before its wall time is measured with bench/run_benchmark.py.

  bench/count_instructions.py [--lines 20000] [--population FILE] [--clause build/clause]

20,000 lines by default: enough that each of the 2,048 results a run keeps in
flight is reused several times, as in a long run, and start-up weighs little.

Runs each contender under `valgrind --tool=callgrind` on one thread and prints,
per record: the whole run, reading the facts (FactsReader::read_text) and evaluating
them (Evaluator::evaluate_into), each inclusive of what it calls.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from run_benchmark import build_native, count_records  # noqa: E402

STAGES = {
    "reading facts": r"clause::FactsReader::read(_text)?\(",  # read_text since 2026-11-28, read before
    "evaluating": r"clause::Evaluator::evaluate_into\(",
}


def callgrind(command, directory):
    """Total instructions and the inclusive count of each stage."""
    out = os.path.join(directory, "callgrind.out")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + command,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    report = subprocess.run(["callgrind_annotate", "--inclusive=yes", out], capture_output=True, text=True,
                            check=True).stdout
    counts = {"total": 0}
    for line in report.splitlines():
        match = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)", line)
        if not match:
            continue
        value = int(match.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in match.group(2):
            counts["total"] = value
        for stage, pattern in STAGES.items():
            if re.search(pattern, match.group(2)) and stage not in counts:
                counts[stage] = value
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--population")
    parser.add_argument("--clause", default=os.path.join(ROOT, "build", "clause"))
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("needs valgrind (apt-get install valgrind)")

    work = tempfile.mkdtemp(prefix="clause-count-")
    population = args.population
    if not population:
        population = os.path.join(work, f"population-{args.lines}.jsonl")
        subprocess.run([sys.executable, os.path.join(ROOT, "tests", "luojiang", "generate_population.py"),
                        "--seed", "1", "--lines", str(args.lines), "--out", population], check=True)
    records = count_records(population)
    policy = os.path.join(ROOT, "policies", "luojiang-2023.clause")
    # Output goes to standard output, which callgrind() discards.
    eval_command = [args.clause, "eval", policy, population, "--threads", "1"]
    contenders = [
        ("native", [build_native(work), population]),
        ("clause --format csv", eval_command + ["--format", "csv"]),
        ("clause --summary", eval_command + ["--summary"]),
        ("clause (with the why)", eval_command),
    ]
    print(f"{records} records; instructions a record (callgrind, one thread)")
    print(f"{'contender':24} {'whole run':>10} {'reading facts':>14} {'evaluating':>11}")
    for name, command in contenders:
        counts = callgrind(command, work)
        cells = [f"{counts[key] / records:,.0f}" if key in counts else "" for key in ("total", *STAGES)]
        print(f"{name:24} {cells[0]:>10} {cells[1]:>14} {cells[2]:>11}", flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
