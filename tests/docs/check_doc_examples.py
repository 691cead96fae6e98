#!/usr/bin/env python3
"""Checks that every Clause example in docs/*.md checks as its fence says.

Each fenced block whose info string starts with `clause` is one example:

    ```clause                  a complete policy file: `clause check` exits 0 and
                               reports no error and no warning (notes are fine)
    ```clause fragment         a piece of a policy: not checked
    ```clause fails E0301      must fail: exit 1, E0301 reported, and every error
                               reported is one of the codes listed
    ```clause warns W0302      exit 0, W0302 reported, and every warning reported
                               is one of the codes listed
    ```clause notes N0301      exit 0 and N0301 reported

Several codes may follow a marker (`fails E0107 E0601`). Each example is written
to a temporary file and checked with the real binary, with `check --lint` when a
code listed is a lint about how the policy is written (W0702-W0705): the lints
about the numbers run in every `check`, so a ```clause example must have none.

One more check: every diagnostic code the parser and checker can report (found
in dsl/ and interpreter/ beside the docs directory) has its `## CODE` section in
docs/diagnostics.md.

Prints a line per example and ends with `N passed, N failed`; exits 1 if any
example failed.

Usage: check_doc_examples.py --clause build/clause --docs docs
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")
CODE = re.compile(r"^[EWN]\d{4}$")
REPORTED = re.compile(r"\b(error|warning|note)\[([EWN]\d{4})\]")
SEVERITY_OF_PREFIX = {"E": "error", "W": "warning", "N": "note"}
MARKERS = {"fails", "warns", "notes"}
STYLE_LINTS = {"W0702", "W0703", "W0704", "W0705"}


class Example:
    def __init__(self, path, line, info, text):
        self.path = path
        self.line = line  # line of the opening fence, 1-based
        self.info = info
        self.text = text

    @property
    def where(self):
        return f"{self.path}:{self.line}"


def examples_in(path, shown_path):
    """Yields the ```clause blocks of one Markdown file."""
    with open(path, encoding="utf-8") as markdown:
        lines = markdown.read().split("\n")
    at = 0
    while at < len(lines):
        opening = FENCE.match(lines[at])
        if not opening:
            at += 1
            continue
        fence = opening.group("fence")
        info = opening.group("info")
        start = at
        body = []
        at += 1
        while at < len(lines):
            closing = FENCE.match(lines[at])
            if closing and closing.group("fence")[0] == fence[0] and len(closing.group("fence")) >= len(fence) \
                    and closing.group("info") == "":
                break
            body.append(lines[at])
            at += 1
        at += 1  # past the closing fence (or the end of the file)
        words = info.split()
        if words and words[0] == "clause":
            yield Example(shown_path, start + 1, words[1:], "\n".join(body) + "\n")


def expectation(words):
    """(mode, expected codes) from the words after `clause`, or raises ValueError."""
    if words == ["fragment"]:
        return "fragment", []
    mode = "passes"
    codes = []
    for word in words:
        if word in MARKERS:
            if word == "fails":
                mode = "fails"
            continue
        if not CODE.match(word):
            raise ValueError(f"unknown word '{word}' after ```clause (expected fragment, fails, warns, notes or a code)")
        codes.append(word)
    if words and words[0] in MARKERS and not codes:
        raise ValueError(f"'{words[0]}' needs at least one diagnostic code")
    if mode == "fails" and not any(code.startswith("E") for code in codes):
        raise ValueError("'fails' needs at least one error code (E....)")
    return mode, codes


def run_example(clause, example, directory, index):
    """Returns None when the example behaves as marked, else why not."""
    mode, codes = expectation(example.info)
    file_name = os.path.join(directory, f"example{index}.clause")
    with open(file_name, "w", encoding="utf-8") as source:
        source.write(example.text)
    try:
        # The lints about how a policy is written (W0702-W0705) are reported by
        # `check --lint` only; those about the numbers by every `check`.
        lint = ["--lint"] if any(code in STYLE_LINTS for code in codes) else []
        run = subprocess.run([clause, "check", *lint, file_name], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "clause check did not finish in 60 seconds"
    output = run.stdout + run.stderr
    reported = REPORTED.findall(output)
    problems = []
    expected_status = 1 if mode == "fails" else 0
    if run.returncode != expected_status:
        problems.append(f"expected exit status {expected_status}, got {run.returncode}")
    for code in codes:
        severity = SEVERITY_OF_PREFIX[code[0]]
        if (severity, code) not in reported:
            problems.append(f"expected {severity}[{code}], which was not reported")
    for severity, code in reported:
        if severity == "error" and code not in codes:
            problems.append(f"unexpected error[{code}]")
        if severity == "warning" and code not in codes:
            problems.append(f"unexpected warning[{code}]")
    if not problems:
        return None
    shown = "\n".join("      " + line for line in output.rstrip("\n").split("\n"))
    return "; ".join(problems) + "\n    clause check said:\n" + shown


SOURCE_CODE = re.compile(r"\b(?:error|warning|note)\(\"([EWN]\d{4})\"")
SECTION = re.compile(r"^## ([EWN]\d{4})\s*$", re.MULTILINE)


def undocumented_codes(docs):
    """(codes reported by the sources but without a section in diagnostics.md,
    number of codes found), or None when there is no source tree to scan."""
    repository = os.path.dirname(os.path.abspath(docs))
    codes = set()
    for folder in ("dsl", "interpreter"):
        for directory, _, files in os.walk(os.path.join(repository, folder)):
            for name in files:
                if name.endswith((".cpp", ".hpp")):
                    with open(os.path.join(directory, name), encoding="utf-8") as source:
                        codes.update(SOURCE_CODE.findall(source.read()))
    if not codes:
        return None
    diagnostics = os.path.join(docs, "diagnostics.md")
    documented = set()
    if os.path.exists(diagnostics):
        with open(diagnostics, encoding="utf-8") as markdown:
            documented = set(SECTION.findall(markdown.read()))
    return sorted(codes - documented), len(codes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clause", required=True, help="the clause binary")
    parser.add_argument("--docs", required=True, help="the docs directory (its *.md files are read)")
    arguments = parser.parse_args()

    clause = os.path.abspath(arguments.clause)
    markdown_files = sorted(name for name in os.listdir(arguments.docs) if name.endswith(".md"))
    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory(prefix="clause-doc-examples-") as directory:
        index = 0
        for name in markdown_files:
            shown_path = os.path.join(os.path.basename(os.path.normpath(arguments.docs)), name)
            for example in examples_in(os.path.join(arguments.docs, name), shown_path):
                index += 1
                label = " ".join(["clause"] + example.info)
                try:
                    if expectation(example.info)[0] == "fragment":
                        skipped += 1
                        print(f"skip  {example.where} ({label})")
                        continue
                    problem = run_example(clause, example, directory, index)
                except ValueError as bad_marker:
                    problem = str(bad_marker)
                if problem is None:
                    passed += 1
                    print(f"ok    {example.where} ({label})")
                else:
                    failed += 1
                    print(f"FAIL  {example.where} ({label}): {problem}")
    if passed + failed == 0:
        print(f"no ```clause examples found in {arguments.docs}")
        failed += 1
    coverage = undocumented_codes(arguments.docs)
    if coverage is not None:
        missing, total = coverage
        where = os.path.join(os.path.basename(os.path.normpath(arguments.docs)), "diagnostics.md")
        if missing:
            failed += 1
            print(f"FAIL  {where}: no section for {', '.join(missing)} (reported by dsl/ or interpreter/)")
        else:
            passed += 1
            print(f"ok    {where} has a section for each of the {total} diagnostic codes")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
