#!/usr/bin/env python3
"""Checks the VS Code extension in editors/vscode/: its JSON files parse, every
regular expression of the TextMate grammar compiles, and sample Clause lines get
the scopes a reader expects (keywords, 万/元/% literals, dates, article labels,
strings, comments, quotes of the law).

Python's `re` stands in for Oniguruma, the engine VS Code uses: the grammar keeps
to the features both share (classes, alternation, fixed-width lookbehind).

Usage: check_vscode_grammar.py --extension editors/vscode
"""

import argparse
import json
import os
import re
import sys


def regexes(node, where="$"):
    """(path, pattern) of every match/begin/end in the grammar."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("match", "begin", "end") and isinstance(value, str):
                yield f"{where}.{key}", value
            else:
                yield from regexes(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from regexes(value, f"{where}[{index}]")


def scope_at(grammar, line, text):
    """The scope names the grammar's top-level rules give `text` within `line`:
    a tiny tokenizer that, like TextMate, takes the earliest match at each point."""
    rules = [grammar["repository"][include["include"][1:]] for include in grammar["patterns"]]
    flat = []
    for rule in rules:
        # A rule of alternatives is its patterns; a begin/end rule's patterns are what lies inside it.
        flat.extend(rule["patterns"] if "match" not in rule and "begin" not in rule else [rule])
    at = 0
    found = []
    while at < len(line):
        best = None
        for rule in flat:
            pattern = rule.get("match") or rule.get("begin")
            match = re.compile(pattern).search(line, at)
            if match and match.end() > match.start() and (best is None or match.start() < best[0].start()):
                best = (match, rule)
        if best is None:
            break
        match, rule = best
        if "begin" in rule:
            end = re.compile(rule["end"]).search(line, match.end())
            stop = end.end() if end else len(line)
            found.append((line[match.start():stop], rule.get("name")))
            at = stop
            continue
        if rule.get("name"):
            found.append((match.group(0), rule["name"]))
        for number, capture in rule.get("captures", {}).items():
            if match.group(int(number)) is not None:
                found.append((match.group(int(number)), capture["name"]))
        at = match.end()
    return [scope for piece, scope in found if piece == text]


SAMPLES = [
    ('measure 一(二) "鼓励企业使用云服务" {', "measure", "keyword.declaration.clause"),
    ('measure 一(二) "鼓励企业使用云服务" {', "一(二)", "entity.name.section.article.clause"),
    ('measure 一(二) "鼓励企业使用云服务" {', '"鼓励企业使用云服务"', "string.quoted.double.clause"),
    ("total cap 五(一) \"年度补助总额\" {", "五(一)", "entity.name.section.article.clause"),
    ("  allocate 一(二), 一(一)", "一(一)", "entity.name.section.article.clause"),
    ("param info_cap = 30万     \"上限\"", "30", "constant.numeric.clause"),
    ("param info_cap = 30万     \"上限\"", "万", "keyword.other.unit.clause"),
    ("param b = 2.5万元", "万元", "keyword.other.unit.clause"),
    ("param rate = 12.5%", "%", "keyword.other.unit.clause"),
    ("  issued 2023-11-07", "2023-11-07", "constant.numeric.date.clause"),
    ("  when industrial and revenue > 4000万", "when", "keyword.other.clause"),
    ("  when industrial and revenue > 4000万", "and", "keyword.operator.word.clause"),
    ("  amount brackets cloud_fee hit highest {", "brackets", "keyword.other.clause"),
    ("    otherwise: 0               # 2万 and below: nothing", "# 2万 and below: nothing", "comment.line.number-sign.clause"),
    ("  > 对年度服务费超 2 万元的企业 # 不是注释", " 对年度服务费超 2 万元的企业 # 不是注释", "markup.quote.clause"),
    ("let s = sum(counting, p -> p.amount)", "sum", "support.function.builtin.clause"),
    ("  spend: money = 0", "money", "support.type.clause"),
    ("  best: level? = none", "none", "constant.language.clause"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--extension", required=True, help="the editors/vscode directory")
    arguments = parser.parse_args()
    failures = 0
    documents = {}
    for name in ("package.json", "language-configuration.json", "syntaxes/clause.tmLanguage.json"):
        path = os.path.join(arguments.extension, name)
        try:
            with open(path, encoding="utf-8") as source:
                documents[name] = json.load(source)
            print(f"ok    {name} is valid JSON")
        except (OSError, ValueError) as error:
            print(f"FAIL  {name}: {error}")
            failures += 1
    grammar = documents.get("syntaxes/clause.tmLanguage.json")
    if grammar is None:
        return 1
    contributed = documents.get("package.json", {}).get("contributes", {}).get("grammars", [{}])[0]
    if contributed.get("scopeName") != grammar.get("scopeName"):
        print("FAIL  package.json contributes a grammar with another scopeName than the grammar's")
        failures += 1
    for where, pattern in regexes(grammar):
        try:
            re.compile(pattern)
        except re.error as error:
            print(f"FAIL  {where}: {pattern!r} does not compile: {error}")
            failures += 1
    passed = 0
    for line, text, scope in SAMPLES:
        scopes = scope_at(grammar, line, text)
        if scope in scopes:
            print(f"ok    {text!r} in {line!r} is {scope}")
            passed += 1
        else:
            print(f"FAIL  {text!r} in {line!r}: expected {scope}, got {scopes or 'no scope'}")
            failures += 1
    print(f"{passed} of {len(SAMPLES)} samples scoped as expected, {failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
