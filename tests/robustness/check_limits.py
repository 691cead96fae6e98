#!/usr/bin/env python3
"""Limits with clear errors, through the real CLI: inputs too big to keep in the
golden cases (a policy file over 4 MiB, a facts line over 1 MiB) and paths that
are not files. Each must give its message and exit status, and a population run
must still give one output line per non-blank input line.

  check_limits.py --clause build/clause --policy policies/luojiang-2023.clause
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

failures = []


def run(clause, *args):
    return subprocess.run([clause, *args], capture_output=True, text=True, timeout=120)


def expect(name, condition, detail):
    print(("ok   " if condition else "FAIL ") + name)
    if not condition:
        failures.append(name)
        print("     " + detail.replace("\n", "\n     ")[:2000])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clause", required=True)
    parser.add_argument("--policy", required=True)
    options = parser.parse_args()
    clause = options.clause
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)

        huge = folder / "huge.clause"
        huge.write_text("# a comment line, repeated\n" * 170_000)
        result = run(clause, "check", str(huge))
        expect("a policy file over 4 MiB is refused, exit 2",
               result.returncode == 2 and "a policy file may have at most 4194304 bytes (4 MiB)" in result.stdout + result.stderr,
               result.stdout + result.stderr)

        result = run(clause, "check", scratch)
        expect("a directory is not a policy, exit 2",
               result.returncode == 2 and "is a directory, not a file" in result.stdout + result.stderr,
               result.stdout + result.stderr)

        result = run(clause, "check", str(folder / "no-such.clause"))
        expect("a missing policy, exit 2",
               result.returncode == 2 and "cannot read" in result.stdout + result.stderr, result.stdout + result.stderr)

        empty = folder / "empty.clause"
        empty.write_text("")
        result = run(clause, "check", str(empty))
        expect("an empty policy is an error with a position, exit 1",
               result.returncode == 1 and "empty.clause:1:1: error[E0501]" in result.stdout + result.stderr,
               result.stdout + result.stderr)

        facts = folder / "facts.jsonl"
        long_line = '{"id":"long","year":2024,"notes":"' + "x" * (1 << 20) + '"}'
        facts.write_text('{"id":"first","year":2024}\n' + long_line + "\n\n" + '{"id":"last","year":2024}\n')
        result = run(clause, "eval", options.policy, str(facts), "--format", "jsonl")
        lines = result.stdout.splitlines()
        expect("a facts line over 1 MiB is an error for that line; the run goes on, one output line each",
               result.returncode == 1 and len(lines) == 3 and lines[1].startswith('{"line":2,"error":"$: the line is 1048612 bytes long'),
               result.stdout[:500] + result.stderr)

        result = run(clause, "eval", options.policy, scratch)
        expect("a directory is not a facts file, exit 2",
               result.returncode == 2 and "is a directory" in result.stdout + result.stderr, result.stdout + result.stderr)
    print(f"{len(failures)} failed" if failures else "all limits hold")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
