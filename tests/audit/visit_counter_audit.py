#!/usr/bin/env python3
"""hawk-audit on examples/visit_counter, an application written on libhawk, as a user runs it.

racy.cpp: every `// race(<check>)` line has a finding of that check, made on a thread the
built-in libhawk models start (how "model", multiplicity "many"); every `// race(read)` line
is named by some finding, as its access or as a conflicting one; no finding is elsewhere.
fixed.cpp: exit 0, no finding, no error.
"""
import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

MARK = re.compile(r"//\s*race\(([a-z-]+)\)")


def audit(hawk_audit, build_dir, source):
    run = subprocess.run([hawk_audit, "check", "--format", "json", "-p", build_dir, str(source)],
                         capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        sys.exit(f"{source}: no JSON report (exit {run.returncode})\n{run.stderr}")
    return run.returncode, report


def marks(source):
    out = {}
    for number, text in enumerate(source.read_text().splitlines(), start=1):
        found = MARK.search(text)
        if found:
            out[number] = found.group(1)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hawk-audit", required=True)
    parser.add_argument("-p", dest="build_dir", required=True, help="build dir with compile_commands.json")
    parser.add_argument("--example", required=True, help="examples/visit_counter")
    args = parser.parse_args()
    example = Path(args.example).resolve()
    failures = []

    racy = example / "racy.cpp"
    status, report = audit(args.hawk_audit, args.build_dir, racy)
    expected = marks(racy)
    if not any(check != "read" for check in expected.values()):
        failures.append("racy.cpp: no race(<check>) marks")
    if status != 1:
        failures.append(f"racy.cpp: exit {status}, expected 1 (findings)")
    if report.get("errors"):
        failures.append(f"racy.cpp: errors {report['errors']}")
    findings = [f for f in report.get("findings", []) if Path(f["access"]["file"]).resolve() == racy]
    named = set()  # lines a finding names, as its access or as a conflicting one
    for f in findings:
        line = f["access"]["line"]
        named.add(line)
        named.update(c["line"] for c in f["conflicts"] if Path(c["file"]).resolve() == racy)
        if line not in expected:
            failures.append(f"racy.cpp:{line}: unexpected {f['check']} on {f['location']['name']}")
        thread = f["access"]["thread"]
        if (thread["how"], thread["multiplicity"]) != ("model", "many"):
            failures.append(f"racy.cpp:{line}: thread {thread['how']}/{thread['multiplicity']}, expected model/many")
    for line, check in sorted(expected.items()):
        if check == "read":
            if line not in named:
                failures.append(f"racy.cpp:{line}: the read is in no finding")
        elif not any(f["access"]["line"] == line and f["check"] == check for f in findings):
            got = sorted({f["check"] for f in findings if f["access"]["line"] == line})
            failures.append(f"racy.cpp:{line}: expected {check}, got {got or 'nothing'}")

    fixed = example / "fixed.cpp"
    status, report = audit(args.hawk_audit, args.build_dir, fixed)
    if status != 0 or report.get("findings") or report.get("errors"):
        failures.append(f"fixed.cpp: exit {status}, findings "
                        + json.dumps([(f["access"]["line"], f["check"], f["location"]["name"])
                                      for f in report.get("findings", [])])
                        + f", errors {report.get('errors')}")

    for failure in failures:
        print("FAIL", failure)
    if failures:
        return 1
    print(f"ok: racy.cpp {len(findings)} findings on {len(expected)} marked lines; fixed.cpp clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
