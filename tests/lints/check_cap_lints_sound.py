#!/usr/bin/env python3
"""The cap lints never report a cap wrongly: W0707 and W0708 against real evaluations.

Writes random policies with one measure and one cap, or two measures with caps
under a total cap (amounts of constants, the facts, tables, brackets with every
hit policy, tiers, min, max, if, + and -, `when` conditions; `for each` with `where` and `keep highest by`), checks each with
`clause check`, and for every policy that gets W0707 or W0708 evaluates 300
random enterprises (values on both sides of every constant) with the cap and
without it:

  W0707 (never binds)  every amount (or total) is the same with the cap and
                       without it;
  W0708 (always binds) every enterprise paid anything without the cap is paid
                       exactly the cap with it.

Prints how many reports were verified; exits 1 on the first unsound one, with
the policy. The seed makes a run repeatable.

Usage: check_cap_lints_sound.py --clause build/clause [--seed N] [--rounds N]
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from decimal import Decimal

arguments = argparse.ArgumentParser()
arguments.add_argument("--clause", required=True)
arguments.add_argument("--seed", type=int, default=1)
arguments.add_argument("--rounds", type=int, default=100)
options = arguments.parse_args()
CLAUSE = options.clause
ROUNDS = options.rounds
rng = random.Random(options.seed)
CONSTS = [0, 1, 2, 3, 5, 10, 20, 30, 50]

def money():
    return f"{rng.choice(CONSTS[1:])}万"
def rate():
    return f"{rng.choice([5, 10, 20, 50, 100])}%"

def cond(subject_names):
    s = rng.choice(subject_names)
    k = rng.randrange(6)
    if k == 0: return f"{s} >= {money()}"
    if k == 1: return f"{s} > {money()} and {s} <= {money()}"
    if k == 2: return f"{s} in [{money()}, {money()})"
    if k == 3: return f"lvl == national"
    if k == 4: return f"lvl in {{national, provincial}}"
    return f"{money()} <= {s}"

def expr(depth, names):
    k = rng.randrange(10 if depth < 2 else 4)
    if k == 0: return rng.choice([money(), money(), "0元"])
    if k == 1: return f"{rng.choice(names)} * {rate()}"
    if k == 2: return "award[lvl]"
    if k == 3: return f"max(0元, {rng.choice(names)} - {money()})"
    if k == 4:
        s = rng.choice(names)
        a, b = sorted(rng.sample(CONSTS[1:], 2))
        hit = rng.choice(["hit first", "hit highest", "hit sum"])
        return (f"brackets {s} {hit} {{\n    [{a}万, {b}万): {expr(depth+1, names)}\n"
                f"    [{b}万, inf): {expr(depth+1, names)}\n    otherwise: {rng.choice(['0', money()])}\n  }}")
    if k == 5 and rng.random() < 0.3:
        s = rng.choice(names)
        a, b = sorted(rng.sample(CONSTS[1:], 2))
        top = f"    [{b}万, inf): {rate()}\n" if rng.random() < 0.5 else ""
        return f"tiers {s} {{\n    [0, {a}万): {rate()}\n    [{a}万, {b}万): {rate()}\n{top}  }}"
    if k == 5: return f"min({expr(depth+1, names)}, {expr(depth+1, names)})"
    if k == 6: return f"max({expr(depth+1, names)}, {expr(depth+1, names)})"
    if k == 7: return f"if {cond(names)} then {expr(depth+1, names)} else {expr(depth+1, names)}"
    if k == 8: return f"{expr(depth+1, names)} + {expr(depth+1, names)}"
    return f"{expr(depth+1, names)} - {expr(depth+1, names)}"

HEADER = '''policy "f" {
  valid 2024-01-01 to 2024-12-31
  evaluation_year 2024
}
enum level { national provincial municipal }
enum kind { a b }
record item {
  kind: kind
  level: level
  amount: money
}
facts {
  id: text
  x: money
  y: money
  lvl: level
  items: list of item = []
}
table award by level {
  national: %s
  provincial: %s
  municipal: —
}
table award2 by kind × level {
     national  provincial  municipal
  a: %s  %s  —
  b: %s  %s  %s
}
'''

def measure(article):
    m = f'measure {article} "m" {{\n  > t\n'
    for_each = rng.random() < 0.35
    if rng.random() < 0.6: m += f"  when {cond(['x', 'y'])}\n"
    if for_each:
        where = rng.choice(["", " where r.kind == a", " where r.amount >= " + money(), " where r.kind in {a, b} and r.amount > " + money()])
        m += f"  for each r in items{where}\n"
        if rng.random() < 0.4: m += "  keep highest by r.amount\n"
        m += "  amount " + rng.choice(["award2[r.kind, r.level]", f"r.amount * {rate()}", f"min(r.amount, {money()})",
                                       f"brackets r.amount {{\n    [0, {money()}): {money()}\n    otherwise: award2[r.kind, r.level]\n  }}"]) + "\n"
    else:
        m += f"  amount {expr(0, ['x', 'y'])}\n"
    return m


def policy():
    """(policy with the cap, the same without it, the cap's limit, what is compared: "一" or "total")."""
    h = HEADER % (money(), money(), money(), money(), money(), money(), money())
    cap = rng.choice(CONSTS[1:])
    if rng.random() < 0.7:
        body = h + measure("一")
        return body + f"  cap {cap}万\n}}\n", body + "}\n", Decimal(cap * 10000), "一"
    # Two measures with caps of their own, under a total cap.
    body = h
    for article in ("一", "二"):
        body += measure(article) + f"  cap {rng.choice(CONSTS[1:])}万\n}}\n"
    total = f'total cap 五 "总额" {{\n  > t\n  limit {cap}万\n}}\n'
    return body + total, body, Decimal(cap * 10000), "total"


def facts(n):
    out = []
    vals = [Decimal(c * 10000) + d for c in CONSTS for d in (Decimal("-0.01"), 0, Decimal("0.01"))] + [Decimal(rng.randrange(0, 600000)) for _ in range(5)]
    vals = [v for v in vals if v >= 0]
    for i in range(n):
        items = [{"kind": rng.choice("ab"), "level": rng.choice(["national", "provincial", "municipal"]),
                  "amount": str(rng.choice(vals))} for _ in range(rng.randrange(0, 4))]
        out.append(json.dumps({"id": str(i), "x": str(rng.choice(vals)), "y": str(rng.choice(vals)),
                               "lvl": rng.choice(["national", "provincial", "municipal"]), "items": items}))
    return "\n".join(out) + "\n"

def amounts(path, facts_path, compared):
    run = subprocess.run([CLAUSE, "eval", path, facts_path], capture_output=True, text=True)
    res = []
    for line in run.stdout.splitlines():
        r = json.loads(line)
        if "error" in r: res.append(None); continue
        res.append(Decimal(r["total"] if compared == "total" else r["measures"][0]["amount"]))
    return res

checked = {"W0707": 0, "W0708": 0}
on_total = {"W0707": 0, "W0708": 0}
bad = 0
with tempfile.TemporaryDirectory() as d:
    for round_ in range(ROUNDS):
        with_cap, without_cap, limit, compared = policy()
        capped, uncapped = os.path.join(d, "c.clause"), os.path.join(d, "u.clause")
        open(capped, "w").write(with_cap)
        open(uncapped, "w").write(without_cap)
        chk = subprocess.run([CLAUSE, "check", capped], capture_output=True, text=True)
        if chk.returncode != 0:
            continue
        # The cap judged is the last one written: the measure's cap, or the total cap's limit.
        cap_line = with_cap.rstrip("\n").count("\n")  # the line before the closing brace
        codes = set(re.findall(rf"c\.clause:{cap_line}:\d+: warning\[(W070[78])\]", chk.stdout))
        if not codes: continue
        fp = os.path.join(d, "f.jsonl")
        open(fp, "w").write(facts(300))
        a, b = amounts(capped, fp, compared), amounts(uncapped, fp, compared)
        for code in codes:
            checked[code] += 1
            on_total[code] += compared == "total"
            for got, raw in zip(a, b):
                if got is None or raw is None: continue
                if code == "W0707" and got != raw or code == "W0708" and raw > 0 and got != limit:
                    bad += 1
                    print(f"UNSOUND {code}: without the cap {raw}, with it {got}, cap {limit}\n{with_cap}\n{chk.stdout}")
                    break
        if bad:
            break
print(f"{checked['W0707']} W0707 ({on_total['W0707']} on a total cap) and {checked['W0708']} W0708 "
      f"({on_total['W0708']} on a total cap) reports verified, {bad} unsound")
if not checked["W0707"] or not checked["W0708"]:
    print("the random policies reported no W0707 or no W0708: the generator needs more rounds")
    sys.exit(1)
sys.exit(1 if bad else 0)
