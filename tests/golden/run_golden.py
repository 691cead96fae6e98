#!/usr/bin/env python3
"""Golden tests for the clause CLI: each case runs the real binary and compares
its whole output and exit code with the expectations stored beside it.

A case is a directory tests/golden/cases/<name>/ holding
  cmd            one line: the arguments after `clause` (split like a shell would),
  <inputs>       the policy, facts, ... that cmd names,
  stdin          (optional) what the run reads on standard input (cmd names it `-`);
                 without it, standard input is empty,
  expected.out   stdout and stderr of the run, combined, byte for byte,
  expected.exit  the exit code,
  known_bug      (optional) one line naming a bug of the tools this case shows:
                 expected.out holds the right output, the run does not produce it
                 yet. Reported as XFAIL, not counted as a failure; once the run
                 matches, the case FAILs until known_bug is removed.
The run's working directory is the case directory, so file names in the output
are relative and stable.

Conventions (after Carbon's toolchain tests and Catala's test suite):
  - a case named fail_* must exit non-zero, a diff_* case 0 or 1 (the verdict of
    `clause diff`, like diff(1)), every other case must exit 0;
  - every diagnostic code the parser and checker can emit ("E0201", "W0302",
    "N0301", found by reading dsl/ and interpreter/) must appear in the output
    of at least one case; the check is reported as one more line.

  run_golden.py --clause build/clause --cases tests/golden/cases [NAME...]
  run_golden.py ... --update     rewrite the expectations (not of known_bug cases);
                                 review them in git diff
"""

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

TIMEOUT_SECONDS = 60
CODE_PATTERN = re.compile(r'\b(?:error|warning|note)\("([EWN]\d{4})"')
RENDERED_CODE = re.compile(r"\b(?:error|warning|note)\[([EWN]\d{4})\]")


def run_case(clause: Path, case: Path):
    """Runs the case's command; returns (combined output bytes, exit code)."""
    command_line = (case / "cmd").read_text(encoding="utf-8").strip()
    arguments = shlex.split(command_line)
    environment = dict(os.environ)
    environment["NO_COLOR"] = "1"
    environment["LC_ALL"] = "C.UTF-8"
    environment.pop("CLICOLOR_FORCE", None)
    stdin_file = case / "stdin"
    try:
        completed = subprocess.run(
            [str(clause)] + arguments,
            cwd=case,
            input=stdin_file.read_bytes() if stdin_file.exists() else b"",
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=environment,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired as timeout:
        output = timeout.output or b""
        return output + f"\n[golden: timed out after {TIMEOUT_SECONDS}s]\n".encode(), "timeout"
    return completed.stdout, str(completed.returncode)


def show_diff(expected: bytes, actual: bytes, name: str) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=f"{name}/expected.out",
        tofile=f"{name}/actual",
    )
    text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return text


def emitted_codes(source_root: Path):
    """Every diagnostic code written in the parser and checker sources."""
    codes = set()
    for folder in ("dsl", "interpreter"):
        for path in sorted((source_root / folder).rglob("*.cpp")) + sorted((source_root / folder).rglob("*.hpp")):
            codes.update(CODE_PATTERN.findall(path.read_text(encoding="utf-8", errors="replace")))
    return codes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clause", required=True, type=Path, help="the clause binary")
    parser.add_argument("--cases", required=True, type=Path, help="the directory of cases")
    parser.add_argument("--update", action="store_true", help="rewrite expected.out and expected.exit")
    parser.add_argument("names", nargs="*", help="run only these cases")
    options = parser.parse_args()

    clause = options.clause.resolve()
    cases_root = options.cases.resolve()
    if not clause.is_file():
        print(f"error: no clause binary at {clause}", file=sys.stderr)
        return 2
    cases = sorted(path for path in cases_root.iterdir() if path.is_dir() and (path / "cmd").is_file())
    if options.names:
        unknown = set(options.names) - {case.name for case in cases}
        if unknown:
            print(f"error: no such case(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        cases = [case for case in cases if case.name in options.names]

    passed = failed = known = 0
    codes_seen = set()
    for case in cases:
        output, exit_code = run_case(clause, case)
        expected_out_path = case / "expected.out"
        expected_exit_path = case / "expected.exit"
        known_bug_path = case / "known_bug"
        known_bug = known_bug_path.read_text(encoding="utf-8").strip() if known_bug_path.is_file() else None
        problems = []
        should_fail = case.name.startswith("fail_")
        # `clause diff` exits 1 when it finds rule changes, like diff(1): a finding, not a failure.
        exits_with_finding = case.name.startswith("diff_")
        if options.update and known_bug is None:
            expected_out_path.write_bytes(output)
            expected_exit_path.write_text(exit_code + "\n", encoding="utf-8")
        expected_out = expected_out_path.read_bytes() if expected_out_path.is_file() else b""
        expected_exit = expected_exit_path.read_text(encoding="utf-8").strip() if expected_exit_path.is_file() else "(missing)"
        if should_fail and expected_exit == "0":
            problems.append("a fail_* case must exit non-zero, but it is expected to exit 0")
        if exits_with_finding and expected_exit not in ("0", "1"):
            problems.append(f"a diff_* case exits 0 (no rule change) or 1 (rule changes); this one is expected to exit {expected_exit}")
        if not should_fail and not exits_with_finding and expected_exit != "0":
            problems.append(f"only fail_* cases may exit non-zero; this one is expected to exit {expected_exit} (rename it or fix it)")
        if not expected_out_path.is_file():
            problems.append("expected.out is missing (run with --update)")
        if exit_code != expected_exit:
            problems.append(f"exit code {exit_code}, expected {expected_exit}")
        if output != expected_out:
            problems.append(show_diff(expected_out, output, case.name))
        codes_seen.update(RENDERED_CODE.findall(expected_out.decode("utf-8", "replace")))
        if known_bug is not None:
            if problems:
                known += 1
                print(f"XFAIL {case.name} (known bug: {known_bug})")
            else:
                failed += 1
                print(f"FAIL {case.name}")
                print("  the run now matches expected.out: the bug is fixed, remove known_bug")
            continue
        if problems:
            failed += 1
            print(f"FAIL {case.name}")
            for problem in problems:
                print("  " + problem.replace("\n", "\n  ").rstrip(" "))
        else:
            passed += 1
            print(f"PASS {case.name}")

    # Every diagnostic the tools can emit is pinned by at least one failing case.
    source_root = Path(__file__).resolve().parents[2]
    if not options.names and (source_root / "dsl").is_dir():
        missing = sorted(emitted_codes(source_root) - codes_seen)
        if missing:
            failed += 1
            print("FAIL every diagnostic code is shown by a case")
            print(f"  no case shows: {', '.join(missing)}")
        else:
            passed += 1
            print("PASS every diagnostic code is shown by a case")

    if known:
        print(f"({known} known bug(s), see the XFAIL lines)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
