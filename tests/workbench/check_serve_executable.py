#!/usr/bin/env python3
"""`clause serve` runs `clause-workbench`, built beside `clause`, so that only the
server links cpp-httplib and what it brings (OpenSSL, zlib, Brotli), whose loading
would slow the start of every other command. Checks, through the real executables:

- `clause` does not load them, and `clause-workbench` does;
- `clause serve` still checks its own options, and shows them in its help;
- a policy or population named like an option reaches the workbench as one;
- `clause` copied without `clause-workbench` beside it says so, exit 1.

    check_serve_executable.py --clause build/clause

(check_server_api.py drives the server itself through `clause serve`.)
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

failures = []
SERVER_LIBRARIES = ("libcpp-httplib", "libssl", "libcrypto", "libbrotli", "libz.")


def expect(condition, what):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}")


def needed_libraries(executable):
    """The shared libraries the executable names (DT_NEEDED), as readelf lists them."""
    listing = subprocess.run(["readelf", "-d", executable], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", listing)


class Outcome:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run(command):
    """Every command here ends at once; one that serves instead is stopped, and fails its check."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        return Outcome(done.returncode, done.stdout, done.stderr)
    except subprocess.TimeoutExpired as timeout:
        return Outcome(None, str(timeout.stdout), f"still running after 30 s: {timeout}")


def check_libraries(clause, workbench):
    in_clause = needed_libraries(clause)
    expect(in_clause, f"readelf lists the libraries clause needs: {in_clause}")
    loaded = [name for name in in_clause if name.startswith(SERVER_LIBRARIES)]
    expect(not loaded, f"clause does not need the server's libraries, but needs {loaded}")
    in_workbench = needed_libraries(workbench)
    expect(any(name.startswith("libcpp-httplib") for name in in_workbench),
           f"clause-workbench needs cpp-httplib: {in_workbench}")


def check_options(clause):
    shown = run([clause, "serve", "--help"])
    expect(shown.returncode == 0 and "--population" in shown.stdout and "--port" in shown.stdout,
           f"clause serve --help shows the options: {shown.returncode} {shown.stdout!r}")
    bad_port = run([clause, "serve", "--port", "70000"])
    expect(bad_port.returncode == 2 and "70000" in bad_port.stderr,
           f"clause serve --port 70000 is a usage error of clause: {bad_port.returncode} {bad_port.stderr!r}")


def check_dashed_names(clause):
    # A policy or a population named like an option must reach the workbench as
    # such (and be found missing), not be taken for an option on the way.
    result = run([clause, "serve", "--port", "0", "--", "--missing.clause"])
    expect(result.returncode == 2 and "--missing.clause: not a policy file that can be read" in result.stderr,
           f"a policy named like an option reaches the workbench as a policy: {result.returncode} {result.stderr!r}")
    result = run([clause, "serve", "--port", "0", "--population=--port"])
    expect(result.returncode == 2 and "--port: the population cannot be read" in result.stderr,
           f"a population named like an option reaches the workbench as one: {result.returncode} {result.stderr!r}")


def check_missing_workbench(clause):
    with tempfile.TemporaryDirectory() as folder:
        alone = os.path.join(folder, "clause")
        shutil.copy(clause, alone)
        result = run([alone, "serve", "--port", "0"])
        expected = os.path.join(os.path.realpath(folder), "clause-workbench")
        expect(result.returncode == 1 and "cannot start the workbench" in result.stderr and expected in result.stderr,
               f"clause without clause-workbench beside it says where it looked: {result.returncode} {result.stderr!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clause", required=True)
    arguments = parser.parse_args()
    workbench = os.path.join(os.path.dirname(os.path.abspath(arguments.clause)), "clause-workbench")
    expect(os.access(workbench, os.X_OK), f"clause-workbench is built beside clause: {workbench}")
    if failures:
        return 1
    check_libraries(arguments.clause, workbench)
    check_options(arguments.clause)
    check_dashed_names(arguments.clause)
    check_missing_workbench(arguments.clause)
    print(f"{len(failures)} failures" if failures else "clause serve runs clause-workbench: all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
