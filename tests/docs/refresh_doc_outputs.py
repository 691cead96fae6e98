#!/usr/bin/env python3
"""Re-runs the command sessions shown in docs/*.md and rewrites their output.

The docs show real output of `clause`. When a message or an explanation changes,
run this, then review the change with `git diff docs/`:

    tests/docs/refresh_doc_outputs.py --clause build/clause --docs docs
    tests/docs/refresh_doc_outputs.py --clause build/clause --docs docs --check

A session is a fenced block with no info string whose first line starts with
`$ `. Each `$ command` line is run and followed by its output (standard output
and standard error together); `$ echo $?` prints the exit status of the command
before it. Two kinds of commands are run:

  $ build/clause ...             a session with such a command is run from the
                                 repository root (the parent of the docs
                                 directory), every command of it, with
                                 `build/clause` standing for the binary given by
                                 --clause; pipes into it are allowed;
  $ clause check policy.clause   the ```clause example just above the session,
                                 written to policy.clause in a scratch directory
                                 (also `clause check --lint policy.clause`).

Any other session is left alone. With --check nothing is written: the sessions
whose output differs are listed, and the exit status is 1 if there is any.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^(`{3,}|~{3,})\s*([^`]*?)\s*$")


def run(command, cwd, clause):
    """Output and exit status of one shell command."""
    shell_command = re.sub(r"(^|\| )build/clause", lambda match: match.group(1) + clause, command)
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell_command], cwd=cwd, capture_output=True, text=True,
                            timeout=120)
    return result.stdout + result.stderr, result.returncode


def refreshed_session(lines, repository, clause, example):
    """The session's lines with every output replaced by a fresh run, or None when
    the session is not one this script runs."""
    commands = [line[2:] for line in lines if line.startswith("$ ") and line != "$ echo $?"]
    if not commands:
        return None
    if any(re.search(r"(^|\| )build/clause", command) for command in commands):
        scratch = None
        cwd = repository
    elif commands in (["clause check policy.clause"], ["clause check --lint policy.clause"]) and example is not None:
        scratch = tempfile.TemporaryDirectory(prefix="clause-doc-session-")
        cwd = scratch.name
        with open(os.path.join(cwd, "policy.clause"), "w", encoding="utf-8") as policy:
            policy.write(example)
        commands = [clause + commands[0][len("clause"):]]
    else:
        return None
    output = []
    status = 0
    command_index = 0
    for line in lines:
        if not line.startswith("$ "):
            continue
        output.append(line)
        if line == "$ echo $?":
            output.append(str(status))
            continue
        text, status = run(commands[command_index], cwd, clause)
        command_index += 1
        if text:
            output.extend((text[:-1] if text.endswith("\n") else text).split("\n"))
    if scratch is not None:
        scratch.cleanup()
    return output


def refresh_file(path, repository, clause):
    """Returns (new text, names of the sessions that changed)."""
    with open(path, encoding="utf-8") as markdown:
        lines = markdown.read().split("\n")
    result = []
    changed = []
    example = None
    at = 0
    while at < len(lines):
        opening = FENCE.match(lines[at])
        if not opening:
            result.append(lines[at])
            at += 1
            continue
        fence, info = opening.group(1), opening.group(2)
        end = at + 1
        while end < len(lines):
            closing = FENCE.match(lines[end])
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence) and not closing.group(2):
                break
            end += 1
        body = lines[at + 1:end]
        result.append(lines[at])
        if info.split()[:1] == ["clause"]:
            example = "\n".join(body) + "\n"
            result.extend(body)
        elif info == "" and body and body[0].startswith("$ "):
            fresh = refreshed_session(body, repository, clause, example)
            if fresh is not None and fresh != body:
                changed.append(f"{path}:{at + 1}: {body[0]}")
                body = fresh
            result.extend(body)
        else:
            result.extend(body)
        if end < len(lines):
            result.append(lines[end])
        at = end + 1
    return "\n".join(result), changed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clause", required=True, help="the clause binary")
    parser.add_argument("--docs", required=True, help="the docs directory")
    parser.add_argument("--check", action="store_true", help="report stale sessions, write nothing")
    arguments = parser.parse_args()
    clause = os.path.abspath(arguments.clause)
    docs = os.path.abspath(arguments.docs)
    repository = os.path.dirname(docs)
    stale = []
    for name in sorted(os.listdir(docs)):
        if not name.endswith(".md"):
            continue
        path = os.path.join(docs, name)
        text, changed = refresh_file(path, repository, clause)
        stale.extend(changed)
        if changed and not arguments.check:
            with open(path, "w", encoding="utf-8") as markdown:
                markdown.write(text)
    for session in stale:
        print(("stale    " if arguments.check else "updated  ") + os.path.relpath(session, repository))
    print(f"{len(stale)} session(s) {'stale' if arguments.check else 'updated'}")
    return 1 if stale and arguments.check else 0


if __name__ == "__main__":
    sys.exit(main())
