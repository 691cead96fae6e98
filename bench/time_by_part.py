#!/usr/bin/env python3
"""Where a policy's evaluation time goes: the policy grown one declaration at a time.

Cuts the policy after its `facts { ... }` block (reading alone), then adds its
later declarations back in file order, one cut after each `let`, `measure`,
`benefit`, `stacking` and `total cap` (parameters, tables, enums and records
cost nothing to evaluate and go with the next of those). Every cut is a whole
policy, checked before it is timed. Runs `clause eval CUT POP --summary
--threads 1` for every cut in turn, round after round, pinned to one processor,
and prints the fastest time of each cut and what its last declaration added,
in milliseconds and in nanoseconds a record.

  bench/time_by_part.py --population FILE [--policy policies/luojiang-2023.clause]
                        [--clause build/clause] [--rounds 5] [--cpu 1] [--instructions LINES]

With --instructions N, each cut is also run under callgrind on the first N
lines of the population, for instructions a record beside the time.

Timings are figures to read, never pass/fail tests; only differences measured
in the same rounds mean anything.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DECLARATION = re.compile(r"^(policy|enum|record|facts|param|table|let|measure|benefit|stacking|total cap)\b")
COSTED = ("let", "measure", "benefit", "stacking", "total cap")


def declarations(text):
    """The policy's top-level declarations as (keyword, first line, text), comments going with the one before."""
    blocks = []
    for line in text.splitlines(keepends=True):
        match = DECLARATION.match(line)
        if match or not blocks:
            blocks.append([match.group(1) if match else "", line.strip(), line])
        else:
            blocks[-1][2] += line
    return blocks


def cuts(policy_text):
    """(label, policy text) for reading alone and after each costed declaration, in file order."""
    blocks = declarations(policy_text)
    kinds = [kind for kind, _, _ in blocks]
    if "facts" not in kinds:
        sys.exit("the policy declares no facts")
    facts = kinds.index("facts")
    result = [("reading alone (cut after facts)", "".join(text for _, _, text in blocks[: facts + 1]))]
    for end in range(facts + 1, len(blocks)):
        kind, first_line, _ = blocks[end]
        if kind in COSTED:
            label = re.split(r'\s*[="{]', first_line)[0]  # "let counting_purchases", "measure 一(一)"
            result.append((label, "".join(text for _, _, text in blocks[: end + 1])))
    return result


def checks(clause, path):
    return subprocess.run([clause, "check", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def wall_ms(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def instructions_a_record(clause, policy, population, lines, directory):
    sample = os.path.join(directory, "sample.jsonl")
    with open(population, encoding="utf-8") as source, open(sample, "w", encoding="utf-8") as out:
        for number, line in enumerate(source):
            if number >= lines:
                break
            out.write(line)
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", clause, "eval", policy,
                             sample, "--summary", "--threads", "1"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    match = re.search(r"refs:\s+([\d,]+)", result.stderr)
    return int(match.group(1).replace(",", "")) / lines if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--population", required=True)
    parser.add_argument("--policy", default=os.path.join(ROOT, "policies", "luojiang-2023.clause"))
    parser.add_argument("--clause", default=os.path.join(ROOT, "build", "clause"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cpu", default="1")
    parser.add_argument("--instructions", type=int, default=0, metavar="LINES")
    args = parser.parse_args()

    with open(args.policy, encoding="utf-8") as source:
        policy_text = source.read()
    with open(args.population, "rb") as source:
        records = sum(1 for line in source if line.strip())
    with tempfile.TemporaryDirectory() as directory:
        timed = []
        for number, (label, text) in enumerate(cuts(policy_text)):
            path = os.path.join(directory, f"cut{number:02}.clause")
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
            if checks(args.clause, path):
                timed.append((label, path))
            else:
                print(f"(left out, does not check alone: {label})", file=sys.stderr)
        best = {path: float("inf") for _, path in timed}
        for round_number in range(args.rounds):
            print(f"round {round_number + 1} of {args.rounds} ...", file=sys.stderr)
            for _, path in timed:
                command = ["taskset", "-c", args.cpu, args.clause, "eval", path, args.population, "--summary",
                           "--threads", "1"]
                best[path] = min(best[path], wall_ms(command))
        counts = {}
        if args.instructions:
            for _, path in timed:
                counts[path] = instructions_a_record(args.clause, path, args.population, args.instructions, directory)

    print(f"{records} records; fastest of {args.rounds}, processor {args.cpu}")
    header = f"{'the policy up to':<44}{'ms':>8}{'added ms':>10}{'ns a record':>13}"
    if counts:
        header += f"{'instr. a record':>17}{'added':>8}"
    print(header)
    previous_ms = previous_count = None
    for label, path in timed:
        ms = best[path]
        added = "" if previous_ms is None else f"{ms - previous_ms:+.0f}"
        per_record = "" if previous_ms is None else f"{(ms - previous_ms) * 1e6 / records:+.0f}"
        row = f"{label[:43]:<44}{ms:>8.0f}{added:>10}{per_record:>13}"
        if counts:
            count = counts[path]
            added_count = "" if previous_count is None or count is None else f"{count - previous_count:+.0f}"
            row += f"{(count or 0):>17,.0f}{added_count:>8}"
            previous_count = count
        print(row)
        previous_ms = ms


if __name__ == "__main__":
    main()
