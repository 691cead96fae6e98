#!/usr/bin/env python3
"""Memory stays flat however long the population, through the real CLI: `eval`
(JSON Lines with the why), `whatif` and `diff --population` each run over a
population and over one four times as long, and the longer run's peak resident
memory must exceed the shorter's by less than 8 MB. (`whatif` when it kept every
record grew by 163 MB between the two, and `diff` when it kept the text by 24 MB.)
It stays flat however many threads, too: `eval` on 64 threads must peak less
than 16 MB above `eval` on 2, a quarter of a MB a thread for its own buffers.
(Two batches of 1,024 lines a thread, with the why, took 102 MB on 64 threads
here, against 22 MB on 2.)

Peak memory, not time: it does not drift with the machine's load. Not run under
the sanitizers, whose allocators keep freed memory on purpose.

  check_flat_memory.py --clause build/clause --policy policies/luojiang-2023.clause \
                       --examples policies/examples/luojiang-2023-examples.jsonl
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SHORT_LINES = 30_000
GROWTH_ALLOWED_MB = 8
THREADS_GROWTH_ALLOWED_MB = 16


def peak_mb(command):
    """Peak resident memory of one run, in MB; the run must exit 0 or 1 (bad lines)."""
    with open(os.devnull, "wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        errors = process.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"failed ({code}): {' '.join(command)}\n{errors}")
    return usage.ru_maxrss / 1024.0


def population(path, examples, lines):
    """`lines` lines cycling through the worked examples, each with an id of its own."""
    records = [line for line in examples.read_text(encoding="utf-8").splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as out:
        for number in range(lines):
            record = records[number % len(records)]
            out.write(record.replace('"id":"', f'"id":"{number}-', 1) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clause", required=True)
    parser.add_argument("--policy", required=True)
    parser.add_argument("--examples", required=True)
    options = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        short, long = folder / "short.jsonl", folder / "long.jsonl"
        population(short, Path(options.examples), SHORT_LINES)
        population(long, Path(options.examples), 4 * SHORT_LINES)
        raised = folder / "raised.clause"
        raised.write_text(Path(options.policy).read_text(encoding="utf-8").replace(
            "param cloud_high_rate = 20%", "param cloud_high_rate = 25%"), encoding="utf-8")
        runs = {
            "eval": lambda facts: [options.clause, "eval", options.policy, str(facts)],
            "whatif": lambda facts: [options.clause, "whatif", options.policy, str(facts),
                                     "--set", "cloud_high_rate=25%"],
            "diff --population": lambda facts: [options.clause, "diff", options.policy, str(raised),
                                                "--population", str(facts)],
        }
        for name, command in runs.items():
            before, after = peak_mb(command(short)), peak_mb(command(long))
            flat = after - before < GROWTH_ALLOWED_MB
            print(f"{'ok  ' if flat else 'FAIL'} {name}: {before:.1f} MB for {SHORT_LINES:,} lines, "
                  f"{after:.1f} MB for {4 * SHORT_LINES:,}")
            if not flat:
                failures.append(name)
        on_threads = {threads: peak_mb(runs["eval"](short) + ["--threads", str(threads)]) for threads in (2, 64)}
        flat = on_threads[64] - on_threads[2] < THREADS_GROWTH_ALLOWED_MB
        print(f"{'ok  ' if flat else 'FAIL'} eval on more threads: {on_threads[2]:.1f} MB on 2 threads, "
              f"{on_threads[64]:.1f} MB on 64")
        if not flat:
            failures.append("eval on 64 threads")
    print(f"{len(failures)} failed" if failures else "memory stays flat")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
