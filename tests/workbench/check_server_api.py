#!/usr/bin/env python3
"""The workbench's JSON API through the real executable: starts `clause serve`
on a free port with the Luojiang policy (a temporary copy, since one test saves)
and its worked examples as the population, calls every route, the bad requests
included, and stops the server with SIGTERM. Python's standard library only.

    check_server_api.py --clause build/clause --root .
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}")


class Server:
    def __init__(self, clause, policies, population):
        command = [clause, "serve", *policies, "--population", population, "--port", "0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.match(r"Clause workbench: http://127\.0\.0\.1:(\d+)/$", line.strip())
        if not match:
            self.process.kill()
            raise SystemExit(f"clause serve printed {line!r}, not its address; stderr: {self.process.stderr.read()}")
        self.port = int(match.group(1))

    def request(self, method, path, body=None, raw=None, content_type="application/json"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        connection.request(method, path, body=data, headers={"Content-Type": content_type})
        response = connection.getresponse()
        payload = response.read()
        content_type = response.getheader("Content-Type", "")
        connection.close()
        parsed = json.loads(payload) if content_type.startswith("application/json") and payload else None
        return response.status, content_type, parsed, payload

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None


def check_routes(server, clause, policy_text, policy_copy, examples):
    status, content_type, session, _ = server.request("GET", "/api/session")
    expect(status == 200, "GET /api/session is 200")
    expect(session["versions"][0]["name"] == "luojiang-2023.clause", "the session names the version")
    expect(session["population"]["records"] == 14 and session["population"]["bad_lines"] == 0,
           "the session counts the population")

    status, _, policy, _ = server.request("GET", "/api/policy?name=luojiang-2023.clause")
    expect(status == 200 and policy["text"] == policy_text, "GET /api/policy gives the file's text")

    status, content_type, _, page = server.request("GET", "/")
    expect(status == 200 and content_type.startswith("text/html") and b"<html" in page.lower(), "GET / is the index page")

    broken = policy_text.replace("amount brackets cloud_fee", "amount brackets cloud_fe", 1)
    status, _, checked, _ = server.request("POST", "/api/check", {"text": broken, "name": "luojiang-2023.clause"})
    line = broken[:broken.index("cloud_fe hit")].count("\n") + 1
    column = len(broken[:broken.index("cloud_fe hit")].rsplit("\n", 1)[1]) + 1
    errors = [d for d in checked["diagnostics"] if d["severity"] == "error"]
    expect(status == 200 and checked["errors"] >= 1, "check reports the error")
    expect(errors and (errors[0]["line"], errors[0]["column"]) == (line, column),
           f"the error is at {line}:{column}: {errors[:1]}")
    expect(errors and errors[0]["rendered"].startswith(f"luojiang-2023.clause:{line}:{column}: error["),
           "rendered as clause check prints it")

    status, _, checked, _ = server.request("POST", "/api/check", {"text": policy_text})
    expect(status == 200 and checked["errors"] == 0, "the policy checks clean")
    expect(any(m["article"] == "一(二)" and "云服务" in m["title"] for m in checked["measures"]), "measures are listed")
    expect(any(f["name"] == "cloud_fee" and f["type"] == "money" for f in checked["facts"]), "facts are listed")
    expect(any(p["name"] == "cloud_high_rate" and p["value"] == "20%" for p in checked["params"]), "params are listed")

    status, _, evaluated, _ = server.request("POST", "/api/evaluate", {"text": policy_text, "facts": examples["EX-12"]})
    result = evaluated.get("result", {}) if evaluated else {}
    amounts = {m["article"]: m["amount"] for m in result.get("measures", [])}
    expect(status == 200 and result.get("total") == "70000.00", f"EX-12's total is 70000.00: {result.get('total')}")
    expect(amounts.get("一(一)") == "40000.00" and amounts.get("一(二)") == "12000.00" and amounts.get("二(三)") == "18000.00",
           f"EX-12's amounts: {amounts}")

    status, _, evaluated, _ = server.request("POST", "/api/evaluate", {"text": policy_text, "facts": {"id": "X"}})
    expect(status == 200 and evaluated.get("facts_error", "").startswith("$."), "bad facts give facts_error")

    status, _, whatif, _ = server.request("POST", "/api/whatif", {"text": policy_text, "set": {"cloud_high_rate": "30%"}})
    totals = whatif["impact"]["total"] if whatif and "impact" in whatif else {}
    expect(status == 200 and totals.get("before") != totals.get("after"), f"the what-if changes the budget: {totals}")

    status, _, wrong, _ = server.request("POST", "/api/whatif", {"text": policy_text, "set": {"cloud_high_rate": "8万"}})
    expect(status == 422 and wrong.get("error"), "a wrong unit is 422")

    edited = policy_text.replace("param cloud_cap = 6万", "param cloud_cap = 8万", 1)
    status, _, diff, _ = server.request("POST", "/api/diff", {"old": {"name": "luojiang-2023.clause"}, "new": {"text": edited}})
    expect(status == 200 and diff["rule_changes_found"] and diff["population"] is not None, "diff finds the change, with the population")

    saved_text = policy_text + "\n# saved by the workbench test\n"
    status, _, saved, _ = server.request("POST", "/api/save", {"name": "luojiang-2023.clause", "text": saved_text})
    with open(policy_copy, encoding="utf-8") as file:
        expect(file.read() == saved_text, "the saved file holds the text")
    # The counts are those clause check gives the file saved.
    summary = subprocess.run([clause, "check", policy_copy], capture_output=True, text=True).stdout.splitlines()[-1]
    counts = re.search(r"(\d+) error\(s\), (\d+) warning\(s\)", summary)
    expected = {"saved": True, "errors": int(counts.group(1)), "warnings": int(counts.group(2))}
    expect(status == 200 and saved == expected, f"save: {saved}, clause check: {summary}")


def check_bad_requests(server, policy_copy):
    with open(policy_copy, encoding="utf-8") as file:
        before = file.read()
    cases = [
        ("POST", "/api/check", b'{"text": ', 400),
        ("POST", "/api/check", b"[]", 400),
        ("POST", "/api/check", b'{"text": 1}', 400),
        ("POST", "/api/save", json.dumps({"name": "../x.clause", "text": "x"}).encode(), 403),
        ("POST", "/api/save", json.dumps({"name": "other.clause", "text": "x"}).encode(), 404),
        ("GET", "/api/policy?name=..%2Fx", None, 403),
        ("GET", "/api/nothing", None, 404),
        ("GET", "/pages/nothing.js", None, 404),
        ("GET", "/api/check", None, 405),
        ("PUT", "/api/save", b"{}", 405),
        ("POST", "/api/check", b" " * (9 * 1024 * 1024 + 1), 413),
    ]
    for method, path, body, status_expected in cases:
        status, content_type, parsed, _ = server.request(method, path, raw=body)
        expect(status == status_expected, f"{method} {path} is {status_expected}, not {status}")
        expect(parsed is not None and "error" in parsed, f"{method} {path} says why in JSON")
    # curl -d's content type: httplib parses such a body itself and refuses one over 8 KiB.
    form = json.dumps({"name": "luojiang-2023.clause", "text": "x" * 10000}).encode()
    status, _, parsed, _ = server.request("POST", "/api/save", raw=form, content_type="application/x-www-form-urlencoded")
    expect(status == 413 and "application/json" in parsed.get("error", ""), f"a form-encoded body says what to send: {parsed}")
    with open(policy_copy, encoding="utf-8") as file:
        expect(file.read() == before, "no bad request changed the policy")
    status, _, session, _ = server.request("GET", "/api/session")
    expect(status == 200, "the server still answers after the bad requests")


def check_announced_too_large(server):
    """A body announced over the limit gets its 413 at once, before any of it is sent."""
    for length in ["20000000", "99999999999999999999999"]:
        # The server's own read timeout is 5 s: an answer within 2 s was not waiting for the body.
        with socket.create_connection(("127.0.0.1", server.port), timeout=2) as connection:
            connection.sendall(("POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                f"Content-Length: {length}\r\n\r\n{{").encode())
            answer = b""
            try:
                while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                    chunk = connection.recv(4096)
                    if not chunk:
                        break
                    answer += chunk
            except socket.timeout:
                pass
        expect(answer.startswith(b"HTTP/1.1 413"), f"Content-Length {length} is answered 413 at once, not {answer[:40]!r}")
        expect(b'"error":"the request is too large' in answer, f"the 413 for Content-Length {length} says why")


def check_concurrent_requests(server, policy_text, examples):
    """Requests on several connections at once all get their own right answer."""
    results = []

    def client(index):
        example = examples[f"EX-{index % 14 + 1:02d}"]
        status, _, evaluated, _ = server.request("POST", "/api/evaluate", {"text": policy_text, "facts": example})
        ok = status == 200 and evaluated["result"]["id"] == example["id"]
        status, _, whatif, _ = server.request("POST", "/api/whatif", {"text": policy_text, "set": {"cloud_high_rate": "30%"}})
        results.append(ok and status == 200 and whatif["impact"]["total"]["after"] == "1030000.00")

    threads = [threading.Thread(target=client, args=(index,)) for index in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expect(len(results) == 16 and all(results), f"16 clients at once: {results.count(True)} answered right")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clause", required=True)
    parser.add_argument("--root", required=True, help="the repository")
    arguments = parser.parse_args()
    policy = os.path.join(arguments.root, "policies", "luojiang-2023.clause")
    population = os.path.join(arguments.root, "policies", "examples", "luojiang-2023-examples.jsonl")
    examples = {}
    with open(population, encoding="utf-8") as file:
        for line in file:
            if line.strip():
                record = json.loads(line)
                examples[record["id"]] = record
    with tempfile.TemporaryDirectory() as folder:
        policy_copy = os.path.join(folder, "luojiang-2023.clause")
        shutil.copyfile(policy, policy_copy)
        with open(policy_copy, encoding="utf-8") as file:
            policy_text = file.read()
        server = Server(arguments.clause, [policy_copy], population)
        try:
            check_routes(server, arguments.clause, policy_text, policy_copy, examples)
            check_bad_requests(server, policy_copy)
            check_announced_too_large(server)
            check_concurrent_requests(server, policy_text, examples)
        finally:
            status = server.stop()
        expect(status == 0, f"clause serve exits 0 on SIGTERM, not {status}")
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("workbench API: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
