#!/usr/bin/env python3
"""A seeded, deterministic population of Luojiang enterprise-years (JSON Lines)
for the differential test: Clause and the native evaluator must agree on every
line (total, every article's amount, benefits; or both reject the line).

Every record is drawn to sit near the contract's edges (shared/spec/luojiang-contract.md):
  - years 2022..2026 (and a few absurd ones), item dates on and around
    2022-12-31 / 2023-01-01, 2025-12-31 / 2026-01-01 and the year boundaries;
  - 一(一) purchases summing around 300000 and the 3000000 cap, invoices in other years,
    contract dates after invoice dates;
  - 一(二) cloud fees on 20000, 50000, 300000 and one fen either side;
  - every recognition kind at every level, projects drawn from a small pool so
    recognitions share projects, other_awards on those projects with amounts equal
    to / one fen either side of the table's amounts;
  - prior_awards: scenario totals 0 / 250000 / 299999.99 / 300000 / above, every
    design-centre level;
  - fiscal_contribution small enough that 五(一) binds about half the time;
  - money written as integers, decimals, strings, exponent forms; null optional
    fields; unknown fields;
  - about 1.5% bad lines (one defect each, of kinds the contract names) and a few
    blank lines.

Forms on which the two evaluators are known to read the contract differently are
left out on purpose (the differential test is about the measures, the bad-facts
test covers input errors in detail): duplicate keys, money written with
trailing-zero decimals beyond two ("30000.000"), and non-integer-looking years
(2024.0, 2e3).

  generate_population.py [--seed N] [--lines N] [--out FILE]
"""

import argparse
import json
import random
import re
import sys

KINDS = [
    "smart_scenario", "innovation_center_5g", "factory_5g", "smart_factory", "new_model_benchmark",
    "industrial_internet_platform", "promotion_center", "design_center", "lingyan_provider",
]
LEVELS = ["national", "provincial", "municipal"]
# The contract's table (2.4), in yuan, only to aim other_awards amounts at the edges.
TABLE_AMOUNTS = [50000, 100000, 200000, 300000, 500000]
PROJECTS = ["A", "B", "C", "智能排产", "5G 工厂", ""]
SYSTEMS = ["ERP", "SCM", "MES", "CRM", "PLM", "APS", "WCS", "WMS", "OA"]
NAMES = ["泉州市洛江区某鞋服有限公司", "洛江某机械制造厂", "某石材有限公司", "Luojiang \"Quote\" Co.\\Ltd", ""]

RAW = "@RAW@"  # marks a JSON token written verbatim (numbers in chosen spellings, bad tokens)


def raw(token):
    return RAW + token


def render(obj):
    """Compact JSON with the RAW-marked strings spliced in as bare tokens."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return re.sub(r'"' + RAW + r'((?:[^"\\]|\\.)*)"', lambda m: json.loads('"' + m.group(1) + '"'), text)


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def chance(self, p):
        return self.rng.random() < p

    # ---- values

    def money(self, fen):
        """fen written in one of the contract's accepted spellings of money."""
        rng = self.rng
        yuan, cents = divmod(fen, 100)
        plain = str(yuan) if cents == 0 else f"{yuan}.{cents:02d}".rstrip("0")
        style = rng.random()
        if style < 0.45:
            return raw(plain)
        if style < 0.75:
            if cents == 0 and self.chance(0.3):
                return f"{yuan}.00"
            return plain
        if style < 0.9 and cents == 0 and yuan > 0:
            digits = str(yuan).rstrip("0")
            exponent = len(str(yuan)) - len(digits)
            if exponent > 0:
                spelled = digits + ("e" if self.chance(0.5) else "E+") + str(exponent)
                return raw(spelled)
        if style < 0.95 and cents == 0:
            return raw(f"{yuan}.0")
        return raw(plain)

    def date(self, year):
        rng = self.rng
        pick = rng.random()
        if pick < 0.12:
            return rng.choice(["2022-12-31", "2023-01-01", "2025-12-31", "2026-01-01"])
        if pick < 0.22:
            return rng.choice([f"{year}-01-01", f"{year}-12-31", f"{year - 1}-12-31", f"{year + 1}-01-01"])
        if pick < 0.3:
            y = year + rng.choice([-1, 1])
        else:
            y = year
        y = min(max(y, 1), 9999)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28 if month == 2 else 30)
        if month == 2 and self.chance(0.05) and (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
            day = 29
        return f"{y:04d}-{month:02d}-{day:02d}"

    def amount_near(self, centres, spread_fen=1):
        centre = self.rng.choice(centres) * 100
        return max(0, centre + self.rng.choice([-spread_fen, 0, 0, spread_fen]))

    # ---- parts of a record

    def purchases(self, year):
        rng = self.rng
        count = rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4])
        items = []
        for _ in range(count):
            pick = rng.random()
            if pick < 0.3:
                fen = self.amount_near([300000, 100000, 150000, 3000000])
            elif pick < 0.5:
                fen = rng.choice([30000000, 29999999, 10000000, 14999999, 15000001, 300000005, 299999995])
            else:
                fen = rng.randint(0, 400000000)
            item = {
                "software_amount": self.money(fen),
                "contract_date": self.date(year),
                "invoice_date": self.date(year),
            }
            if self.chance(0.8):
                item["system"] = rng.choice(SYSTEMS)
            elif self.chance(0.3):
                item["system"] = None
            items.append(item)
        return items

    def recognitions(self, year):
        rng = self.rng
        count = rng.choice([0, 0, 1, 1, 2, 2, 3, 4, 6])
        items = []
        for _ in range(count):
            item = {"kind": rng.choice(KINDS), "level": rng.choice(LEVELS), "date": self.date(year)}
            if rng.random() < 0.15:
                item["kind"] = "design_center"
            pick = rng.random()
            if pick < 0.55:
                item["project"] = rng.choice(PROJECTS)
            elif pick < 0.6:
                item["project"] = None
            items.append(item)
        # keys in another order now and then: order inside an object does not matter
        if items and self.chance(0.1):
            items[0] = dict(reversed(list(items[0].items())))
        return items

    def other_awards(self):
        rng = self.rng
        items = []
        for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
            if self.chance(0.7):
                fen = self.amount_near(TABLE_AMOUNTS + [25000, 150000, 250000, 0])
            else:
                fen = rng.randint(0, 60000000)
            item = {"project": rng.choice(PROJECTS), "amount": self.money(fen)}
            if self.chance(0.6):
                item["policy"] = "某区级政策"
            items.append(item)
        return items

    def prior_awards(self):
        rng = self.rng
        prior = {}
        if self.chance(0.6):
            prior["smart_scenario_total"] = self.money(
                rng.choice([0, 10000000, 20000000, 25000000, 29999999, 30000000, 30000001, 35000000,
                            rng.randint(0, 40000000)]))
        elif self.chance(0.1):
            prior["smart_scenario_total"] = None
        if self.chance(0.5):
            prior["design_center_level"] = rng.choice(LEVELS)
        elif self.chance(0.1):
            prior["design_center_level"] = None
        return prior

    def fiscal(self):
        rng = self.rng
        pick = rng.random()
        if pick < 0.05:
            return 0
        if pick < 0.35:  # totals this policy commonly reaches, one fen either side
            return self.amount_near([10000, 20000, 25000, 30000, 50000, 60000, 70000, 100000, 150000,
                                     200000, 250000, 300000, 350000, 400000, 500000, 800000])
        if pick < 0.65:
            return rng.randint(1, 60000000)
        if pick < 0.85:
            return rng.randint(1, 300) * 1000000
        return 10 ** rng.randint(9, 11)

    def record(self, index):
        rng = self.rng
        pick = rng.random()
        if pick < 0.04:
            year = 2022
        elif pick < 0.08:
            year = 2026
        elif pick < 0.1:
            year = rng.choice([1999, 2100, 0, -1, 99999])
        else:
            year = rng.choice([2023, 2024, 2025])
        date_year = min(max(year, 2021), 2027)
        facts = {"id": f"P-{index:05d}"}
        if self.chance(0.05):
            facts["id"] = f"洛江-{index:05d}\t\"x\""
        if self.chance(0.6):
            facts["name"] = rng.choice(NAMES)
        elif self.chance(0.1):
            facts["name"] = None
        facts["year"] = raw(str(year))
        facts["industrial"] = self.chance(0.8)
        if self.chance(0.6):
            facts["revenue"] = self.money(
                rng.choice([4000000000, 4000000001, 3999999999, rng.randint(0, 20000000000)]))
        elif self.chance(0.1):
            facts["revenue"] = None
        facts["fiscal_contribution"] = self.money(self.fiscal())
        purchases = self.purchases(date_year)
        if purchases or self.chance(0.2):
            facts["info_systems"] = purchases
        if self.chance(0.65):
            facts["cloud_fee"] = self.money(rng.choice([
                2000000, 2000001, 1999999, 4999999, 5000000, 5000001, 5000003, 30000000, 30000001,
                30000003, 29999995, 0, rng.randint(0, 50000000), rng.randint(0, 8000000)]))
        elif self.chance(0.1):
            facts["cloud_fee"] = None
        recognitions = self.recognitions(date_year)
        if recognitions or self.chance(0.2):
            facts["recognitions"] = recognitions
        if self.chance(0.6):
            facts["prior_awards"] = self.prior_awards()
        awards = self.other_awards()
        if awards or self.chance(0.1):
            facts["other_awards"] = awards
        if self.chance(0.05):
            facts["remark"] = {"note": "unknown fields are ignored", "list": [1, 2.5, None, True]}
        keys = list(facts)
        if self.chance(0.2):
            rng.shuffle(keys)
        return {k: facts[k] for k in keys}

    # ---- bad lines: one defect each, of kinds the contract names

    def bad_line(self, index):
        rng = self.rng
        good = self.record(index)
        good.setdefault("recognitions", [{"kind": "smart_factory", "level": "national", "date": "2024-05-01"}])
        if not good["recognitions"]:
            good["recognitions"] = [{"kind": "smart_factory", "level": "national", "date": "2024-05-01"}]
        defect = rng.choice([
            "year_string", "industrial_string", "missing_fiscal", "missing_id", "unknown_level", "unknown_kind",
            "bad_date", "impossible_date", "three_decimals", "negative", "sixteen_digits", "nan", "truncated",
            "null_required", "not_object", "list_not_list",
        ])
        if defect == "year_string":
            good["year"] = "2024"
        elif defect == "industrial_string":
            good["industrial"] = "true"
        elif defect == "missing_fiscal":
            del good["fiscal_contribution"]
        elif defect == "missing_id":
            del good["id"]
        elif defect == "unknown_level":
            good["recognitions"][0]["level"] = "county"
        elif defect == "unknown_kind":
            good["recognitions"][0]["kind"] = "smart_city"
        elif defect == "bad_date":
            good["recognitions"][0]["date"] = "2024/05/01"
        elif defect == "impossible_date":
            good["recognitions"][0]["date"] = rng.choice(["2023-02-29", "2024-04-31", "2025-00-10"])
        elif defect == "three_decimals":
            good["cloud_fee"] = rng.choice([raw("30000.125"), "30000.125"])
        elif defect == "negative":
            good["fiscal_contribution"] = raw("-1")
        elif defect == "sixteen_digits":
            good["fiscal_contribution"] = rng.choice([raw("1000000000000000"), "1000000000000000"])
        elif defect == "nan":
            good["cloud_fee"] = raw(rng.choice(["NaN", "Infinity"]))
        elif defect == "null_required":
            good["industrial"] = None
        elif defect == "list_not_list":
            good["recognitions"] = {"kind": "smart_factory"}
        text = render(good)
        if defect == "truncated":
            text = text[: rng.randint(1, len(text) - 1)]
        elif defect == "not_object":
            text = rng.choice(["[" + text + "]", '"' + good.get("id", "x") + '"', "42", "null"])
        return text


def generate(seed, lines):
    generator = Generator(seed)
    out = []
    for index in range(1, lines + 1):
        roll = generator.rng.random()
        if roll < 0.005:
            out.append(generator.rng.choice(["", "  ", "\t", " \r"]))
        elif roll < 0.02:
            out.append(generator.bad_line(index))
        else:
            out.append(render(generator.record(index)))
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20231107)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--out", help="output file (default: standard output)")
    args = parser.parse_args()
    text = generate(args.seed, args.lines)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
