#!/usr/bin/env python3
"""The Luojiang policy against its contract (shared/spec/luojiang-contract.md),
through the real CLI. Five groups of checks:

  examples      the contract's 14 worked examples (shared/spec/examples): total,
                every article's amount and the benefits must equal expected.jsonl;
  boundary      boundary/facts.jsonl against boundary/expected.jsonl: both sides of
                every threshold, bracket bound, cap, window date, tie and stacking rule.
                The expectations were worked out by hand from the contract; each facts
                line carries its arithmetic in an ignored "_expect" field. They are
                never rewritten from Clause's output (--update does not touch them);
  bad-facts     bad_facts/facts.jsonl: one defect per line (contract section 1) among
                good and blank lines; each bad line must yield {"line": N, "error": ...}
                naming the line and the field path, good lines must still be evaluated,
                one output line per non-blank input line, exit status 1;
  golden        golden/<case>.json explained by `clause explain` in zh (the policy's
                language) and with --lang en, compared byte for byte with
                golden/<case>.zh.out and golden/<case>.en.out;
  differential  a seeded population (generate_population.py, 5000 lines by default)
                evaluated by Clause and by the hand-written native evaluator
                (shared/bench/native), compared line by line: id, year, total, every
                article's amount and the benefits, or both rejecting the same line.

Data files (all JSON Lines, one object a line):
  boundary/expected.jsonl   the examples' compact shape: {"id", "year", "total",
                            "measures": {article: amount}, "benefits"}, line for line;
  bad_facts/expected.jsonl  one entry per non-blank input line, naming it:
                            {"line": N, "result": {compact result}} for a good line, or
                            {"line": N, "error_path": [accepted paths], "kind": what is wrong,
                             "mentions": [words the message must contain]} for a bad one.

Every Clause result is also checked for the contract's shape (section 3): the ten
articles in document order, amounts and total with exactly two decimals, a why
for every measure, the total equal to the sum of the amounts.

  run_luojiang_tests.py --clause build/clause --policy policies/luojiang-2023.clause --shared ../shared
  run_luojiang_tests.py ... --only golden --update     rewrite the golden explanations
                                                       (review them in git diff)
  run_luojiang_tests.py ... --only differential --lines 50000 --seed 7

Prints one line per group, details of every failure, and ends with `N passed, N failed`.
Exit status 1 if anything failed.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ARTICLES = ["一(一)", "一(二)", "一(三)", "二(一)", "二(二)", "二(三)", "三(一)", "三(二)", "三(三)", "四(一)"]
GROUPS = ["examples", "boundary", "bad-facts", "golden", "differential"]
MONEY_TEXT = re.compile(r"^(0|[1-9][0-9]*)\.[0-9]{2}$")
TIMEOUT_SECONDS = 120
MAX_DETAILS = 20


class Tally:
    """Counts checks; a group prints one summary line and the details of its failures."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def group(self, name, results, note=""):
        """results: list of (check name, list of problems); no problems = passed."""
        failures = [(check, problems) for check, problems in results if problems]
        self.passed += len(results) - len(failures)
        self.failed += len(failures)
        status = "FAIL" if failures else "ok  "
        summary = f"{len(results) - len(failures)}/{len(results)} checks passed"
        print(f"{status} {name}: {summary}{'; ' + note if note else ''}")
        for check, problems in failures[:MAX_DETAILS]:
            print(f"       - {check}")
            for problem in problems[:12]:
                print(f"           {problem}")
        if len(failures) > MAX_DETAILS:
            print(f"       ... and {len(failures) - MAX_DETAILS} more failing checks")
        sys.stdout.flush()


def run(command, cwd=REPO):
    environment = dict(os.environ)
    environment["NO_COLOR"] = "1"
    environment["LC_ALL"] = "C.UTF-8"
    environment.pop("CLICOLOR_FORCE", None)
    completed = subprocess.run(
        [str(part) for part in command], cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=environment, timeout=TIMEOUT_SECONDS)
    return completed.stdout, completed.stderr, completed.returncode


def non_blank_line_numbers(data: bytes):
    """1-based numbers of the lines that are not only white space (LF separates lines;
    a final LF does not start another line; CR, space and tab are white space)."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [n for n, line in enumerate(lines, start=1) if line.strip(b" \t\r")], lines


def output_lines(stdout: bytes):
    """Parsed output lines; a line that is not JSON becomes {"unparsable": text}."""
    parsed = []
    for line in stdout.decode("utf-8", "replace").split("\n"):
        if line == "":
            continue
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            parsed.append({"unparsable": line})
    return parsed


def clause_compact(result):
    """A Clause result line -> (compact result like the examples' expected.jsonl, shape problems)."""
    problems = []
    if not isinstance(result, dict):
        return None, [f"not an object: {result!r}"]
    measures = result.get("measures")
    if not isinstance(measures, list):
        return None, [f"measures is not a list: {measures!r}"]
    articles = [m.get("article") if isinstance(m, dict) else None for m in measures]
    if articles != ARTICLES:
        problems.append(f"articles {articles} are not the ten in document order")
    amounts = {}
    fen_sum = 0
    for measure in measures:
        if not isinstance(measure, dict):
            continue
        article, amount, why = measure.get("article"), measure.get("amount"), measure.get("why")
        if not isinstance(amount, str) or not MONEY_TEXT.match(amount):
            problems.append(f"{article}: amount {amount!r} is not a decimal string with two decimals")
        else:
            fen_sum += int(amount.replace(".", ""))
        if not isinstance(why, list) or not why or not all(isinstance(step, str) and step for step in why):
            problems.append(f"{article}: why {why!r} is not a non-empty list of explanations")
        amounts[article] = amount
    total = result.get("total")
    if not isinstance(total, str) or not MONEY_TEXT.match(total):
        problems.append(f"total {total!r} is not a decimal string with two decimals")
    elif not problems and int(total.replace(".", "")) != fen_sum:
        problems.append(f"total {total} is not the sum of the amounts ({fen_sum / 100:.2f})")
    benefits = result.get("benefits")
    if not isinstance(benefits, list):
        problems.append(f"benefits {benefits!r} is not a list")
    compact = {"id": result.get("id"), "year": result.get("year"), "total": total,
               "measures": amounts, "benefits": benefits}
    return compact, problems


def compare_compact(expected, actual):
    """Differences between two compact results, one string each."""
    differences = []
    for key in ("id", "year", "total"):
        if expected.get(key) != actual.get(key):
            differences.append(f"{key}: expected {expected.get(key)!r}, got {actual.get(key)!r}")
    for article in ARTICLES:
        want, got = expected["measures"].get(article), actual["measures"].get(article)
        if want != got:
            differences.append(f"{article}: expected {want}, got {got}")
    if expected.get("benefits") != actual.get("benefits"):
        differences.append(f"benefits: expected {expected.get('benefits')}, got {actual.get('benefits')}")
    return differences


def why_of(result, article):
    for measure in result.get("measures", []):
        if isinstance(measure, dict) and measure.get("article") == article:
            return measure.get("why")
    return None


# ---------------------------------------------------------------- examples, boundary

def expected_cases(args, facts: Path, expected: Path, name, tally):
    """Evaluates facts.jsonl (all good lines) and compares each result with expected.jsonl."""
    expectations = [json.loads(line) for line in expected.read_text(encoding="utf-8").splitlines() if line.strip()]
    stdout, stderr, status = run([args.clause, "eval", args.policy, facts])
    outputs = output_lines(stdout)
    results = [("exit status 0 (every line is good)",
                [] if status == 0 else [f"exit status {status}; stderr: {stderr.decode(errors='replace')[:300]}"]),
               ("one output line per input line",
                [] if len(outputs) == len(expectations) else [f"{len(outputs)} output lines for {len(expectations)} cases"])]
    for index, want in enumerate(expectations):
        check = f"{want['id']}"
        if index >= len(outputs):
            results.append((check, ["no output line"]))
            continue
        got = outputs[index]
        if "error" in got or "unparsable" in got:
            results.append((check, [f"got {got}"]))
            continue
        compact, problems = clause_compact(got)
        if compact is not None:
            problems += compare_compact(want, compact)
        if problems:
            for article in ARTICLES:
                if compact and want["measures"].get(article) != compact["measures"].get(article):
                    problems.append(f"why of {article}: {why_of(got, article)}")
        results.append((check, problems))
    tally.group(name, results, f"{len(expectations)} cases from {facts.relative_to(facts.parents[1])}")


# ---------------------------------------------------------------- bad facts

def path_pattern(path):
    # the path, not followed by more path: "$.recognitions[0]" must not match "$.recognitions[0].kind"
    return re.compile(re.escape(path) + r"(?![\w.\[])")


def bad_facts(args, tally):
    facts = HERE / "bad_facts" / "facts.jsonl"
    expectations = [json.loads(line) for line in (HERE / "bad_facts" / "expected.jsonl").read_text(encoding="utf-8").splitlines()
                    if line.strip()]
    data = facts.read_bytes()
    numbers, _ = non_blank_line_numbers(data)
    stdout, stderr, status = run([args.clause, "eval", args.policy, facts])
    outputs = output_lines(stdout)
    results = [
        ("expectations cover every non-blank input line",
         [] if [e["line"] for e in expectations] == numbers else
         [f"expected.jsonl names lines {[e['line'] for e in expectations]}, the non-blank lines are {numbers}"]),
        ("exit status 1 (some lines are bad)", [] if status == 1 else [f"exit status {status}"]),
        ("one output line per non-blank input line",
         [] if len(outputs) == len(numbers) else [f"{len(outputs)} output lines for {len(numbers)} non-blank input lines"]),
    ]
    bad_count = 0
    for index, want in enumerate(expectations):
        got = outputs[index] if index < len(outputs) else None
        if "result" in want:
            check = f"line {want['line']}: good line {want['result']['id']} is evaluated"
            if got is None or "error" in got or "unparsable" in got:
                results.append((check, [f"got {got}"]))
                continue
            compact, problems = clause_compact(got)
            if compact is not None:
                problems += compare_compact(want["result"], compact)
            results.append((check, problems))
            continue
        bad_count += 1
        paths = want["error_path"]
        check = f"line {want['line']}: {want['kind']} -> error at {' or '.join(paths)}"
        problems = []
        if got is None:
            results.append((check, ["no output line"]))
            continue
        if "error" not in got:
            compact = clause_compact(got)[0] if "unparsable" not in got else got
            results.append((check, [f"expected an error, got a result: {json.dumps(compact, ensure_ascii=False)}"]))
            continue
        if set(got) != {"line", "error"}:
            problems.append(f"expected an object with exactly line and error, got {got}")
        if got.get("line") != want["line"]:
            problems.append(f"line: expected {want['line']}, got {got.get('line')!r}")
        message = got.get("error")
        if not isinstance(message, str) or not message:
            problems.append(f"error: expected a message, got {message!r}")
        else:
            if not any(path_pattern(path).search(message) for path in paths):
                problems.append(f"the message does not name the field path {' or '.join(paths)}: {message!r}")
            for word in want.get("mentions", []):
                if word.lower() not in message.lower():
                    problems.append(f"the message does not mention {word!r}: {message!r}")
        results.append((check, problems))
    _, all_lines = non_blank_line_numbers(data)
    blank_count = len(all_lines) - len(numbers)
    tally.group("bad-facts", results,
                f"{bad_count} bad lines, {len(expectations) - bad_count} good lines, {blank_count} blank lines")


# ---------------------------------------------------------------- golden explanations

def golden(args, tally):
    policy = Path(args.policy).resolve()
    try:
        policy_argument = policy.relative_to(REPO)  # so the file names in the output are stable
    except ValueError:
        policy_argument = policy
    cases = sorted((HERE / "golden").glob("*.json"))
    results = []
    updated = 0
    for case in cases:
        for language, extra in (("zh", []), ("en", ["--lang", "en"])):
            expected_file = case.with_suffix(f".{language}.out")
            check = f"{expected_file.relative_to(HERE)}"
            stdout, stderr, status = run([args.clause, "explain", *extra, policy_argument, case.relative_to(REPO)])
            problems = []
            if status != 0 or stderr:
                problems.append(f"exit status {status}, stderr: {stderr.decode(errors='replace')[:300]}")
            if args.update and not problems:
                if not expected_file.exists() or expected_file.read_bytes() != stdout:
                    expected_file.write_bytes(stdout)
                    updated += 1
            elif not expected_file.exists():
                problems.append("no golden file (run with --update, then review it)")
            elif expected_file.read_bytes() != stdout:
                import difflib
                diff = difflib.unified_diff(
                    expected_file.read_text(encoding="utf-8").splitlines(), stdout.decode("utf-8", "replace").splitlines(),
                    fromfile=str(expected_file.relative_to(HERE)), tofile="actual", lineterm="")
                problems.extend(list(diff)[:40])
            results.append((check, problems))
    note = f"{len(cases)} cases x zh, en"
    if args.update:
        note += f"; {updated} golden files rewritten"
    tally.group("golden", results, note)


# ---------------------------------------------------------------- differential

def build_native(args):
    """Path of the native evaluator, built once per source version; (None, reason) to skip."""
    if args.native:
        return Path(args.native), None
    source = Path(args.shared) / "bench" / "native" / "luojiang_native.cpp"
    if not source.exists():
        raise FileNotFoundError(f"native evaluator source not found: {source}")
    compiler = shutil.which("g++")
    if compiler is None:
        return None, "g++ is not installed"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / f"clause-luojiang-native-{digest}"
    binary = cache / "luojiang_native"
    if binary.exists() and os.access(binary, os.X_OK):
        return binary, None
    cache.mkdir(parents=True, exist_ok=True)
    staging = cache / f"luojiang_native.{os.getpid()}"
    completed = subprocess.run([compiler, "-O2", "-std=c++17", "-o", staging, source, "-lsimdjson"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    if completed.returncode != 0:
        message = completed.stderr.decode(errors="replace")
        if "simdjson.h" in message or "-lsimdjson" in message:
            return None, "simdjson is not installed (apt-get install libsimdjson-dev)"
        raise RuntimeError(f"building the native evaluator failed:\n{message[:2000]}")
    os.replace(staging, binary)  # atomic: concurrent runs never see half a binary
    return binary, None


def native_compact(result):
    return {"id": result.get("id"), "year": result.get("year"), "total": result.get("total"),
            "measures": result.get("measures") or {}, "benefits": result.get("benefits")}


def differential(args, tally):
    try:
        native, reason = build_native(args)
    except (FileNotFoundError, RuntimeError) as problem:
        tally.group("differential", [("build the native evaluator", [str(problem)])])
        return
    if native is None:
        print(f"SKIP differential: {reason}; Clause was not compared with the native evaluator")
        return
    sys.path.insert(0, str(HERE))
    sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
    import generate_population  # noqa: E402  (beside this script)

    text = generate_population.generate(args.seed, args.lines)
    with tempfile.TemporaryDirectory(prefix="clause-luojiang-") as folder:
        population = Path(folder) / "population.jsonl"
        population.write_text(text, encoding="utf-8", newline="\n")
        data = population.read_bytes()
        numbers, input_lines = non_blank_line_numbers(data)
        clause_out, clause_err, clause_status = run([args.clause, "eval", args.policy, population])
        native_out, native_err, native_status = run([native, population])
    clause_lines, native_lines = output_lines(clause_out), output_lines(native_out)
    results = []
    count_problems = []
    for who, lines in (("clause", clause_lines), ("native", native_lines)):
        if len(lines) != len(numbers):
            count_problems.append(f"{who}: {len(lines)} output lines for {len(numbers)} non-blank input lines")
    results.append(("one output line per non-blank input line, from both", count_problems))
    results.append(("same exit status", [] if clause_status == native_status else
                    [f"clause exited {clause_status}, native {native_status}; "
                     f"clause stderr: {clause_err.decode(errors='replace')[:300]}"]))
    mismatches = []
    shape_problems = []
    errors = 0
    for index, number in enumerate(numbers):
        if index >= len(clause_lines) or index >= len(native_lines):
            break
        ours, theirs = clause_lines[index], native_lines[index]
        source = input_lines[number - 1].decode("utf-8", "replace")
        ours_bad, theirs_bad = "error" in ours or "unparsable" in ours, "error" in theirs or "unparsable" in theirs
        problems = []
        if ours_bad or theirs_bad:
            if ours_bad and theirs_bad:
                errors += 1
                if ours.get("line") != number or theirs.get("line") != number:
                    problems.append(f"error line numbers: clause {ours.get('line')}, native {theirs.get('line')}, input {number}")
            else:
                problems.append(f"clause: {json.dumps(ours, ensure_ascii=False)[:400]}")
                problems.append(f"native: {json.dumps(theirs, ensure_ascii=False)[:400]}")
        else:
            compact, shape = clause_compact(ours)
            if shape:
                shape_problems.append((f"line {number}", shape))
            if compact is not None:
                problems.extend(compare_compact(native_compact(theirs), compact))
        if problems:
            mismatches.append((f"line {number}: {source[:300]}", ["(expected = native, got = clause)"] + problems))
    results.append((f"every line agrees ({len(numbers)} lines, {errors} rejected by both)",
                    [f"{len(mismatches)} lines differ; first ones:"] if mismatches else []))
    results.append(("every Clause result has the contract's shape",
                    [f"{len(shape_problems)} results do not"] if shape_problems else []))
    tally.group("differential", results,
                f"seed {args.seed}, {len(numbers)} lines compared with {native}")
    for check, problems in (mismatches + shape_problems)[:MAX_DETAILS]:
        print(f"       * {check}")
        for problem in problems:
            print(f"           {problem}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clause", required=True, help="the clause binary")
    parser.add_argument("--policy", required=True, help="policies/luojiang-2023.clause")
    parser.add_argument("--shared", required=True, help="the shared folder (spec/examples, bench/native)")
    parser.add_argument("--only", action="append", choices=GROUPS, help="run only this group (repeatable)")
    parser.add_argument("--update", action="store_true", help="rewrite the golden explanations (golden/*.out) only")
    parser.add_argument("--lines", type=int, default=5000, help="differential population size")
    parser.add_argument("--seed", type=int, default=20231107, help="differential population seed")
    parser.add_argument("--native", help="a native evaluator binary already built (skips the build)")
    args = parser.parse_args()
    args.clause = str(Path(args.clause).resolve())
    args.policy = str(Path(args.policy).resolve())
    args.shared = str(Path(args.shared).resolve())
    groups = args.only or GROUPS

    tally = Tally()
    examples = Path(args.shared) / "spec" / "examples"
    if "examples" in groups:
        expected_cases(args, examples / "facts.jsonl", examples / "expected.jsonl", "examples", tally)
    if "boundary" in groups:
        expected_cases(args, HERE / "boundary" / "facts.jsonl", HERE / "boundary" / "expected.jsonl", "boundary", tally)
    if "bad-facts" in groups:
        bad_facts(args, tally)
    if "golden" in groups:
        golden(args, tally)
    if "differential" in groups:
        differential(args, tally)
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
