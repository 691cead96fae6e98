#!/usr/bin/env python3
"""The witnesses `clause diff` reports are real: each one is evaluated again with
both versions through `clause eval`, and every article must come out as the
report says: the articles it lists with their old and new results, and every
other article (and the total) the same under both versions.

It runs over every golden case whose cmd is a `clause diff` (tests/golden/cases/
diff_*), asking for JSON and for several witnesses per article, so the check
covers each kind of change the golden cases do.

  check_witnesses.py --clause build/clause --cases tests/golden/cases
"""

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path


def run(clause, arguments, cwd):
    completed = subprocess.run([str(clause)] + arguments, cwd=cwd, capture_output=True, text=True, timeout=120)
    return completed.returncode, completed.stdout, completed.stderr


def results_by_article(result):
    """Each article's amount; absent articles pay nothing ('—' in the report)."""
    amounts = {measure["article"]: measure["amount"] for measure in result["measures"]}
    amounts["total"] = result["total"]
    return amounts


def evaluate(clause, policy, facts_json, cwd):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as facts:
        facts.write(facts_json + "\n")
        path = facts.name
    try:
        status, out, err = run(clause, ["eval", policy, path, "--format", "jsonl", "--lang", "en"], cwd)
    finally:
        Path(path).unlink()
    if status != 0:
        raise AssertionError(f"clause eval {policy} failed ({status}): {err or out}")
    return json.loads(out.splitlines()[0])


def shown(value):
    return "0.00" if value in ("—", "not granted") else value


def check_case(clause, case):
    arguments = shlex.split((case / "cmd").read_text(encoding="utf-8"))
    policies = [argument for argument in arguments[1:] if argument.endswith(".clause")]
    old_policy, new_policy = policies[0], policies[1]
    status, out, err = run(clause, ["diff", old_policy, new_policy, "--format", "json", "--witnesses", "5"], case)
    if status not in (0, 1):
        return [f"clause diff exited {status}: {err}"]
    report = json.loads(out)
    problems = []
    witnesses = report["witnesses"]["list"] if report["witnesses"] else []
    if report["rule_changes_found"] and not witnesses:
        problems.append("rule changes but no witness")
    for witness in witnesses:
        facts = json.dumps(witness["facts"], ensure_ascii=False)
        old_result = evaluate(clause, old_policy, facts, case)
        new_result = evaluate(clause, new_policy, facts, case)
        old = results_by_article(old_result)
        new = results_by_article(new_result)
        reported = {difference["article"]: difference for difference in witness["differences"]}
        # A benefit is reported as granted or not; the results list benefits by name.
        benefit_reported = any(d["old"] in ("granted", "not granted") or d["new"] in ("granted", "not granted")
                               for d in witness["differences"])
        if benefit_reported != (old_result["benefits"] != new_result["benefits"]):
            problems.append(f"{witness['id']}: benefits {old_result['benefits']} → {new_result['benefits']}, "
                            f"but the report {'does' if benefit_reported else 'does not'} show a benefit changing")
        for article in sorted(set(old) | set(new)):
            old_amount = old.get(article, "0.00")
            new_amount = new.get(article, "0.00")
            if article in reported:
                expected = reported[article]
                if (shown(expected["old"]), shown(expected["new"])) != (old_amount, new_amount):
                    problems.append(f"{witness['id']} {article}: reported {expected['old']} → {expected['new']}, "
                                    f"eval gives {old_amount} → {new_amount}")
            elif old_amount != new_amount:
                problems.append(f"{witness['id']} {article}: not reported, but eval gives {old_amount} → {new_amount}")
        if not reported:
            problems.append(f"{witness['id']}: a witness with no difference")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clause", required=True, type=Path)
    parser.add_argument("--cases", required=True, type=Path)
    options = parser.parse_args()
    clause = options.clause.resolve()
    cases = sorted(case for case in options.cases.resolve().iterdir()
                   if case.name.startswith("diff_") and (case / "cmd").is_file())
    failed = checked = 0
    for case in cases:
        problems = check_case(clause, case)
        checked += 1
        if problems:
            failed += 1
            print(f"FAIL {case.name}")
            for problem in problems:
                print("  " + problem)
        else:
            print(f"PASS {case.name}")
    print(f"{checked - failed} passed, {failed} failed")
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
