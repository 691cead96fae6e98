#!/usr/bin/env python3
"""Every error message the parser and the facts reader can produce has a golden case.

The messages are read from the sources, not listed by hand, so a message added
without a case fails this check:

  dsl/parser.cpp                 the syntax errors (E0001, the `error_message<Rule>`
                                 table), what the error "found", the nesting limit
                                 (E0002), the errors raised while lowering the parse
                                 tree (E0003 ... E0008) and their hints (`= ...`);
  interpreter/cli/cli_support.cpp  the errors reading a policy file (size limit,
                                 a directory, a file that cannot be read);
  interpreter/facts_reader.cpp   every `fail(...)`, `fail_syntax(...)` and
                                 `FactsError{...}` of the facts reader.

Each message becomes a template: its string literals kept, everything computed
(a `{}` of fmt::format, a name, a value excerpt) a wildcard; a string constant
such as `expected` or `what` is resolved to its literal(s). A template is
covered when it matches, in the place such a message is rendered, some line of
a golden case's expected.out (tests/golden/cases/*/expected.out; a line of JSON
is also read as JSON, so escaped quotes compare as written):

  syntax error     `error[E0001]: <message>, found ...`
  other diagnostic `error[E0003]: <message>` (the code of the call)
  hint             `  = <message>`
  file error       `<path>: <message>`
  facts error      `$<path>: <message>` (in eval's {"line":..,"error":..}, explain, test)

A message no golden case can show is listed in EXCEPTIONS below with the reason:
either another test shows it (then that test's file must contain the text, so the
exception cannot go stale silently) or it cannot be reached from the command line.
An exception for a message that a golden case covers, or that no longer exists,
is an error too.

Before it judges coverage the script tests itself: it adds one new message of
each kind to the sources' text and checks that each is found and reported as
uncovered.

  check_message_coverage.py --root . [--cases tests/golden/cases] [--list]
"""

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

PARSER = "dsl/parser.cpp"
SOURCE_FILES = "interpreter/cli/cli_support.cpp"
FACTS_READER = "interpreter/facts_reader.cpp"

WILDCARD = "\0"  # stands for a computed part of a message while templates are built

# Messages no golden case shows, and why. "covered_by": another test that shows
# the message; it must contain "text". Without covered_by: not reachable from
# the command line, the reason says why.
EXCEPTIONS = {
    "the file is * bytes; a policy file may have at most * bytes (4 MiB)": {
        "reason": "a policy over 4 MiB is too big to keep as a golden case; written on the fly by the limits test",
        "covered_by": "tests/robustness/check_limits.py",
        "text": "a policy file may have at most 4194304 bytes (4 MiB)",
    },
    "the line is * bytes long; a record may have at most * bytes (1 MiB)": {
        "reason": "a facts line over 1 MiB is too big to keep as a golden case; written on the fly by the limits test",
        "covered_by": "tests/robustness/check_limits.py",
        "text": "the line is 1048612 bytes long",
    },
    "syntax error": {
        "reason": "unreachable: the static_assert in control<Rule>::raise refuses to compile a rule that can "
                  "raise without its own message",
    },
    "the policy declares no facts to read": {
        "reason": "unreachable from the CLI: a policy without facts is refused with E0506 before a facts reader "
                  "is made; it guards the FactsReader API",
    },
    "a fact of type * cannot be read from JSON": {
        "reason": "unreachable from the CLI: a fact of an unknown type is refused with E0102 before a facts "
                  "reader is made; it guards the FactsReader API",
    },
}


@dataclass
class Message:
    template: str  # literal text, WILDCARD for each computed part
    kind: str  # syntax, found, diagnostic, hint, file, facts
    code: str = ""  # the diagnostic code, for kind diagnostic
    sites: list = field(default_factory=list)  # "dsl/parser.cpp:42"

    def shown(self):
        return self.template.replace(WILDCARD, "*")

    def pattern(self):
        parts = [re.escape(part) for part in self.template.split(WILDCARD)]
        body = ".*?".join(parts)
        # A resolved constant with alternatives is spliced in as (?:a|b).
        body = body.replace(re.escape("\1("), "(?:").replace(re.escape(")\1"), ")").replace(re.escape("\1|\1"), "|")
        if self.kind == "syntax":
            return re.compile(r"error\[E0001\]: " + body + r", found ")
        if self.kind == "found":
            return re.compile(r"error\[E0001\]: .*, found " + body + "$")
        if self.kind == "diagnostic":
            return re.compile(r"error\[" + re.escape(self.code) + r"\]: " + body + "$")
        if self.kind == "hint":
            return re.compile(r"^\s+= " + body + "$")
        if self.kind == "file":
            return re.compile(r"\S: " + body + "$")
        return re.compile(r"(?:^|\s)\$\S*: " + body + "$")


# ---- Reading C++ source text ---------------------------------------------------

STRING_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def unescape(literal_body):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), literal_body)


def matching_close(text, open_at):
    """Index of the bracket closing the one at text[open_at], skipping strings."""
    pairs = {"(": ")", "{": "}"}
    stack = []
    i = open_at
    while i < len(text):
        c = text[i]
        if c == '"':
            m = STRING_LITERAL.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == "'":  # a character literal: '"' must not open a string
            m = re.compile(r"'(?:[^'\\]|\\.)'").match(text, i)
            if m:
                i = m.end()
                continue
        if c in pairs:
            stack.append(pairs[c])
        elif stack and c == stack[-1]:
            stack.pop()
            if not stack:
                return i
        i += 1
    raise ValueError("unbalanced brackets")


def split_top_level(expression, separator):
    """Splits on a separator outside brackets and strings."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(expression):
        c = expression[i]
        if c == '"':
            m = STRING_LITERAL.match(expression, i)
            i = m.end() if m else i + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and expression.startswith(separator, i):
            parts.append(expression[start:i].strip())
            start = i + len(separator)
        i += 1
    parts.append(expression[start:].strip())
    return parts


def adjacent_literals(text):
    """The value of text if it is one or more adjacent string literals, else None."""
    text = text.strip()
    pieces = []
    at = 0
    while at < len(text):
        m = STRING_LITERAL.match(text, at)
        if not m:
            return None
        pieces.append(unescape(m.group(1)))
        at = m.end()
        while at < len(text) and text[at] in " \t\n":
            at += 1
    return "".join(pieces) if pieces else None


def format_template(format_string):
    """fmt::format's text with each {...} a wildcard ({{ and }} are braces)."""
    result = re.sub(r"\{[^{}]*\}", WILDCARD, format_string.replace("{{", "\2").replace("}}", "\3"))
    return result.replace("\2", "{").replace("\3", "}")


def constant_before(text, at, name):
    """The literal(s) a string constant `name` defined above `at` holds: ["to"] or ["a", "b"] for `c ? "a" : "b"`."""
    definitions = list(re.finditer(r"\b" + re.escape(name) + r"\s*=\s*([^;]*);", text[:at]))
    if not definitions:
        return None
    value = definitions[-1].group(1)
    single = adjacent_literals(value)
    if single is not None:
        return [single]
    choice = re.fullmatch(r'[^?]*\?\s*"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"\s*', value)
    if choice:
        return [unescape(choice.group(1)), unescape(choice.group(2))]
    return None


def concatenation_template(text, at, expression):
    """The template of `"a " + name + "b"`: literals kept, constants resolved, the rest wildcards."""
    expression = expression.strip()
    if expression.startswith("fmt::format("):
        arguments = split_top_level(expression[len("fmt::format("):-1], ",")
        literal = adjacent_literals(arguments[0])
        return None if literal is None else format_template(literal)
    pieces = []
    for part in split_top_level(expression, "+"):
        literal = adjacent_literals(part)
        if literal is not None:
            pieces.append(literal)
            continue
        name = re.fullmatch(r"(?:std::string(?:_view)?\()?\s*(\w+)\s*\)?", part)
        values = constant_before(text, at, name.group(1)) if name else None
        if values and len(values) == 1:
            pieces.append(values[0])
        elif values:
            pieces.append("\1(" + "\1|\1".join(values) + ")\1")
        else:
            pieces.append(WILDCARD)
    template = "".join(pieces)
    while WILDCARD * 2 in template:
        template = template.replace(WILDCARD * 2, WILDCARD)
    return template


def line_of(text, at):
    return text.count("\n", 0, at) + 1


# ---- The three sources -----------------------------------------------------------


class Inventory:
    def __init__(self):
        self.messages = {}  # (kind, code, template) -> Message
        self.unreadable = []  # sites whose message could not be read

    def add(self, template, kind, site, code=""):
        key = (kind, code, template)
        self.messages.setdefault(key, Message(template, kind, code)).sites.append(site)


def read_parser(text, name, inventory):
    for m in re.finditer(r"error_message<g::\w+>\s*=\s*((?:\"(?:[^\"\\\n]|\\.)*\"\s*)+);", text):
        inventory.add(adjacent_literals(m.group(1)), "syntax", f"{name}:{line_of(text, m.start())}")
    for m in re.finditer(r"throw nesting_too_deep\(", text):
        close = matching_close(text, m.end() - 1)
        inventory.add(concatenation_template(text, m.start(), split_top_level(text[m.end():close], ",")[0]),
                      "diagnostic", f"{name}:{line_of(text, m.start())}", "E0002")
    for m in re.finditer(r'throw pegtl::parse_error\([^;]*:\s*"((?:[^"\\]|\\.)*)"', text):
        inventory.add(unescape(m.group(1)), "syntax", f"{name}:{line_of(text, m.start())}")
    # describe_found: what a syntax error found, besides a quoted word: what its body
    # returns, and the end of the input its callers name ("the end of the file").
    body = re.search(r"std::string describe_found\([^)]*\)\s*\{(.*?)\n\}", text, re.S)
    if body:
        for m in re.finditer(r'return\s+"((?:[^"\\]|\\.)*)"', body.group(1)):
            inventory.add(unescape(m.group(1)), "found", f"{name}:{line_of(text, body.start(1) + m.start())}")
    for m in re.finditer(r'describe_found\([^;{]*?"((?:[^"\\]|\\.)*)"\)', text):
        inventory.add(unescape(m.group(1)), "found", f"{name}:{line_of(text, m.start())}")
    for m in re.finditer(r"\bdiagnostics_?\.error\(", text):
        site = f"{name}:{line_of(text, m.start())}"
        close = matching_close(text, m.end() - 1)
        arguments = split_top_level(text[m.end():close], ",")
        code = adjacent_literals(arguments[0])
        message = arguments[2] if len(arguments) > 2 else ""
        # The two sites that render an exception's text: a syntax error from the table
        # (with what it found), and E0002 from nesting_too_deep; both read above.
        if (code == "E0001" and message.startswith('fmt::format("{}, found {}"')) or \
           (code == "E0002" and message == "std::string(error.message())"):
            continue
        template = concatenation_template(text, m.start(), message)
        if code is None or template is None or template.strip(WILDCARD) == "":
            inventory.unreadable.append(site)
            continue
        inventory.add(template, "diagnostic", site, code)
        for hint in re.finditer(r'Span\{\},\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+)\}', text[m.end():close]):
            inventory.add(adjacent_literals(hint.group(1)), "hint", site)


def read_source_files(text, name, inventory):
    for m in re.finditer(r"\berror\s*=\s*fmt::format\(", text):
        close = matching_close(text, m.end() - 1)
        template = concatenation_template(text, m.start(), text[m.end() - len("fmt::format("):close + 1])
        # "{}: ..." names the path first: the message is what follows it.
        if template is None or not template.startswith(WILDCARD + ": "):
            inventory.unreadable.append(f"{name}:{line_of(text, m.start())}")
            continue
        inventory.add(template[len(WILDCARD + ": "):], "file", f"{name}:{line_of(text, m.start())}")


def read_facts_reader(text, name, inventory):
    calls = re.compile(r"(?<![\w.])(fail|fail_syntax)\(|FactsError\{|error\.message\s*=\s*fmt::format\(")
    for m in calls.finditer(text):
        site = f"{name}:{line_of(text, m.start())}"
        if re.search(r"\bbool\s+$", text[max(0, m.start() - 20):m.start()]):
            continue  # the definition of fail() or fail_syntax()
        if m.group(0).startswith("error.message"):
            close = matching_close(text, m.end() - 1)
            template = concatenation_template(text, m.start(), text[m.end() - len("fmt::format("):close + 1])
        else:
            close = matching_close(text, m.end() - 1)
            argument = text[m.end():close]
            if m.group(0).startswith("FactsError"):
                argument = split_top_level(argument, ",")[2]
            if m.group(1) == "fail_syntax" and re.fullmatch(r"\s*code\s*", argument):
                continue  # the error_code overload: it passes simdjson's text on, read below
            template = concatenation_template(text, m.start(), argument)
            if m.group(1) == "fail_syntax" and template is not None:
                template = "not valid JSON: " + template
        if template is None or template.strip(WILDCARD) == "":
            inventory.unreadable.append(site)
            continue
        inventory.add(template, "facts", site)


def inventory_of(sources):
    inventory = Inventory()
    read_parser(sources[PARSER], PARSER, inventory)
    read_source_files(sources[SOURCE_FILES], SOURCE_FILES, inventory)
    read_facts_reader(sources[FACTS_READER], FACTS_READER, inventory)
    return inventory


# ---- What the golden cases show ------------------------------------------------------


def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)


def golden_lines(cases):
    """(case name, line) for every line of every expected.out, and every string of its JSON lines."""
    lines = []
    for expected in sorted(cases.glob("*/expected.out")):
        case = expected.parent.name
        for line in expected.read_text(encoding="utf-8", errors="replace").splitlines():
            lines.append((case, line))
            if line.startswith("{") or line.startswith("["):
                try:
                    for text in json_strings(json.loads(line)):
                        lines.extend((case, part) for part in text.splitlines())
                except ValueError:
                    pass
    return lines


def covering_case(message, lines):
    pattern = message.pattern()
    for case, line in lines:
        if pattern.search(line):
            return case
    return None


# ---- The check --------------------------------------------------------------------------


def self_test(sources, lines):
    """Adds one new message of each kind to the sources; each must be found and be uncovered."""
    probes = {
        PARSER: ('template <> inline constexpr const char* error_message<g::probe> = "expected a probe";\n'
                 'void probe() { diagnostics_.error("E0009", span(node), fmt::format("probe {} here", x)); }\n',
                 ["expected a probe", "probe * here"]),
        SOURCE_FILES: ('void probe() { error = fmt::format("{}: probe path {}", path, x); }\n', ["probe path *"]),
        FACTS_READER: ('bool probe() { return fail("probe value, got " + excerpt(written)); }\n'
                       'bool probe2() { return fail_syntax("probe token " + excerpt(token)); }\n',
                       ["probe value, got *", "not valid JSON: probe token *"]),
    }
    problems = []
    for source, (addition, expected) in probes.items():
        changed = dict(sources)
        changed[source] = sources[source] + addition
        found = {m.shown(): m for m in inventory_of(changed).messages.values()}
        for template in expected:
            if template not in found:
                problems.append(f"self-test: a message added to {source} was not found: {template}")
            elif covering_case(found[template], lines):
                problems.append(f"self-test: a message added to {source} counts as covered: {template}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="the repository")
    parser.add_argument("--cases", help="the golden cases (default ROOT/tests/golden/cases)")
    parser.add_argument("--list", action="store_true", help="print every message and the case covering it")
    options = parser.parse_args()
    root = Path(options.root)
    cases = Path(options.cases) if options.cases else root / "tests/golden/cases"

    sources = {name: (root / name).read_text(encoding="utf-8") for name in (PARSER, SOURCE_FILES, FACTS_READER)}
    lines = golden_lines(cases)
    problems = self_test(sources, lines)
    inventory = inventory_of(sources)
    problems += [f"{site}: cannot read the message of this call; write it as string literals, "
                 f"fmt::format(\"...\") or \"...\" + value" for site in inventory.unreadable]

    messages = sorted(inventory.messages.values(), key=lambda m: (m.sites[0].split(":")[0], int(m.sites[0].split(":")[1])))
    counts = {"covered": 0, "exceptions": 0, "uncovered": 0}
    for message in messages:
        case = covering_case(message, lines)
        exception = EXCEPTIONS.get(message.shown())
        if case and exception:
            problems.append(f"{message.sites[0]}: '{message.shown()}' is covered by golden case {case}: "
                            f"remove its entry from EXCEPTIONS")
        elif case:
            counts["covered"] += 1
            status = f"ok     {case}"
        elif exception:
            counts["exceptions"] += 1
            status = "except " + exception["reason"]
            if "covered_by" in exception:
                other = root / exception["covered_by"]
                if not other.exists() or exception["text"] not in other.read_text(encoding="utf-8"):
                    problems.append(f"{message.sites[0]}: '{message.shown()}' is listed as shown by "
                                    f"{exception['covered_by']}, which does not contain '{exception['text']}'")
        else:
            counts["uncovered"] += 1
            status = "NONE"
            problems.append(f"{message.sites[0]}: no golden case shows the {message.kind} message "
                            f"'{message.shown()}': add a case under tests/golden/cases (see docs/robustness.md)")
        if options.list:
            print(f"{status:40.40}  [{message.kind}] {message.shown()}  ({', '.join(message.sites)})")
    shown = {m.shown() for m in messages}
    for template in EXCEPTIONS:
        if template not in shown:
            problems.append(f"EXCEPTIONS lists '{template}', which the sources no longer produce: remove it")

    for problem in problems:
        print("FAIL " + problem)
    by_source = {}
    for message in messages:
        source = message.sites[0].split(":")[0]
        by_source[source] = by_source.get(source, 0) + 1
    print(f"{len(messages)} messages ({', '.join(f'{n} in {s}' for s, n in by_source.items())}): "
          f"{counts['covered']} shown by golden cases, {counts['exceptions']} exceptions, "
          f"{counts['uncovered']} without a case")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
