#!/usr/bin/env python3
"""hawk realworld suite: run hawk-audit over a real codebase and compare with its triage.

    run_realworld.py --hawk-audit BIN --codebase NAME --work DIR [options]

Per codebase: prepares its compilation database (codebases.py), runs
`hawk-audit check -p DB --format json -o DIR/findings.json -j N --source-root ROOT`, reads
the unsuppressed findings and compares them, by id, with the triage file
(tests/realworld/NAME/triage.tsv unless --triage). It fails when

  (a) a finding triaged `real` is no longer reported (a lost real race), or
  (b) a finding is reported that the triage does not have, or has as `untriaged`.

Findings triaged `false` that are no longer reported are fine ("fixed false alarms"). A
real race whose id is gone is not lost when the same pair is still reported: a finding
triaged `real` on the same location has the lost row's file:line as its own access or as
one of its conflicts (the check that names it changed, e.g. a guard is no longer inferred),
or the same check reports a finding at the row's file:line on a location named more
precisely (a field of any object became the one object the access reaches).

Triage files are TSV, one row per finding, a header line first, `#` lines are comments:

    id  check  location  file:line  verdict  reason

`file` is relative to the codebase's source root; `verdict` is real, false or untriaged.
Only `id` is matched; check, location and file:line are there for the reader.

--write-untriaged FILE writes the untriaged findings as rows (verdict `untriaged`) to FILE;
--update rewrites the triage file itself: every row of a current finding is kept (its
file:line refreshed), new findings are added as `untriaged`, rows of `false` findings that
are gone are dropped, rows of `real` findings that are gone are kept (the test keeps
failing until a person removes them). Either way the run still fails on what it found.
"""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import codebases  # noqa: E402

COLUMNS = ["id", "check", "location", "file:line", "verdict", "reason"]
# An access with no lock where it races: unguarded-* when a guard is inferred for the
# location, unprotected-shared-write when none is.
# The checks that report an access of an unsynchronised pair: which one names it depends
# only on the locks held there and the guard inferred for the location.
UNGUARDED_CHECKS = {"unguarded-read", "unguarded-write", "unprotected-shared-write", "inconsistent-guard",
                    "write-under-shared-lock"}
VERDICTS = ("real", "false", "untriaged")


def read_triage(path):
    rows = {}
    order = []
    comments = []
    if not os.path.exists(path):
        return rows, order, comments
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#"):
                comments.append(line[1:].strip())
                continue
            if not line.strip():
                continue
            cells = line.split("\t")
            if cells[0] == "id":
                continue  # header
            if len(cells) < 5:
                raise SystemExit(f"{path}:{n}: expected {len(COLUMNS)} tab-separated columns")
            while len(cells) < len(COLUMNS):
                cells.append("")
            row = dict(zip(COLUMNS, cells[: len(COLUMNS)]))
            if row["verdict"] not in VERDICTS:
                raise SystemExit(f"{path}:{n}: verdict must be one of {', '.join(VERDICTS)}")
            if row["id"] in rows:
                raise SystemExit(f"{path}:{n}: duplicate id {row['id']}")
            rows[row["id"]] = row
            order.append(row["id"])
    return rows, order, comments


def write_triage(path, rows, header_comment=None):
    with open(path, "w", encoding="utf-8") as f:
        if header_comment:
            for line in header_comment:
                f.write(f"# {line}\n")
        f.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            f.write("\t".join(row.get(c, "").replace("\t", " ") for c in COLUMNS) + "\n")


def relative(path, root):
    if not path:
        return ""
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def finding_row(finding, root):
    access = finding.get("access", {})
    return {
        "id": finding["id"],
        "check": finding.get("check", ""),
        "location": finding.get("location", {}).get("name", ""),
        "file:line": f"{relative(access.get('file', ''), root)}:{access.get('line', '')}",
        "verdict": "untriaged",
        "reason": "",
    }


def still_reported(row, real_findings, root):
    """The id of a real finding that reports `row`'s pair under another id, or None: on
    the same location with the row's access on either side, or by the same check at the
    row's access on a location named more precisely (a field of any object that became
    the one object the access reaches, `T::f` -> `g_obj`). Among the checks of an unguarded
    access, which one reports it depends only on whether a guard is inferred for the
    location, so they count as one there."""
    def family(check):
        return "unguarded access" if check in UNGUARDED_CHECKS else check

    for f in real_findings:
        access = f.get("access", {})
        here = f"{relative(access.get('file', ''), root)}:{access.get('line', '')}"
        if family(f.get("check", "")) == family(row["check"]) and here == row["file:line"]:
            return f["id"]
        if f.get("location", {}).get("name", "") != row["location"]:
            continue
        sides = [f.get("access", {})] + f.get("conflicts", [])
        if any(f"{relative(a.get('file', ''), root)}:{a.get('line', '')}" == row["file:line"] for a in sides):
            return f["id"]
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hawk-audit", required=True, help="the hawk-audit binary")
    ap.add_argument("--codebase", required=True, choices=sorted(codebases.CODEBASES))
    ap.add_argument("--work", required=True, help="working directory (database, findings.json)")
    ap.add_argument("--triage", help="triage file (default: tests/realworld/NAME/triage.tsv)")
    ap.add_argument("--cc", default="clang-19")
    ap.add_argument("--cxx", default="clang++-19")
    ap.add_argument("-j", "--jobs", default="2")
    ap.add_argument("--findings", help="use this findings JSON instead of running hawk-audit")
    ap.add_argument("--write-untriaged", metavar="FILE", help="write untriaged findings as triage rows")
    ap.add_argument("--update", action="store_true", help="rewrite the triage file (see above)")
    ap.add_argument("--check-compile", action="store_true",
                    help="also run every unit through the compiler with -fsyntax-only first")
    args = ap.parse_args()

    name = args.codebase
    triage_path = args.triage or os.path.join(HERE, name, "triage.tsv")
    work = os.path.abspath(args.work)
    db, root = codebases.prepare(name, work, args.cc, args.cxx)
    print(f"realworld {name}: database {db}/compile_commands.json, source root {root}")

    if args.check_compile:
        with open(os.path.join(db, "compile_commands.json")) as f:
            entries = json.load(f)
        bad = 0
        for e in entries:
            argv = [a for a in e["arguments"] if a != "-c"] + ["-fsyntax-only", "-w"]
            r = subprocess.run(argv, cwd=e["directory"], capture_output=True, text=True)
            if r.returncode != 0:
                bad += 1
                print(f"  does not compile: {e['file']}\n{r.stderr[:2000]}")
        print(f"  {len(entries) - bad} of {len(entries)} units compile with -fsyntax-only")
        if bad:
            return 1

    out = args.findings or os.path.join(work, "findings.json")
    if not args.findings:
        if os.path.exists(out):
            os.remove(out)
        cmd = [args.hawk_audit, "check", "-p", db, "--format", "json", "-o", out, "-j", str(args.jobs),
               "--source-root", root]
        start = time.monotonic()
        rc = subprocess.run(cmd).returncode
        elapsed = time.monotonic() - start
        print(f"  hawk-audit exit {rc} in {elapsed:.1f} s")
        if rc == 2:
            print("FAIL: hawk-audit reported a usage or configuration error")
            return 1
        if rc not in (0, 1, 3):
            print(f"FAIL: hawk-audit exited {rc}")
            return 1
    if not os.path.exists(out):
        print(f"FAIL: no findings JSON at {out}")
        return 1
    with open(out, encoding="utf-8") as f:
        report = json.load(f)

    errors = report.get("errors", [])
    units = report.get("stats", {}).get("translation_units", 0)
    for e in errors:
        print(f"  unit error: {e.get('file')}: {e.get('message', '').strip()[:500]}")
    failed_units = len({e.get("file") for e in errors})
    if errors and failed_units >= max(units, 1):
        print("FAIL: every unit failed")
        return 1

    findings = [f for f in report.get("findings", []) if not f.get("suppressed")]
    current = {}
    for f in findings:
        current.setdefault(f["id"], f)
    rows, order, comments = read_triage(triage_path)

    real = [i for i in current if rows.get(i, {}).get("verdict") == "real"]
    false = [i for i in current if rows.get(i, {}).get("verdict") == "false"]
    untriaged = [i for i in current if rows.get(i, {}).get("verdict", "untriaged") == "untriaged"]
    gone = [i for i in order if rows[i]["verdict"] == "real" and i not in current]
    moved = {i: still_reported(rows[i], [current[r] for r in real], root) for i in gone}
    moved = {i: by for i, by in moved.items() if by}
    lost = [i for i in gone if i not in moved]
    fixed = [i for i in order if rows[i]["verdict"] == "false" and i not in current]
    precision = f"{len(real) / (len(real) + len(false)):.2f}" if real or false else "n/a"

    stats = report.get("stats", {})
    print(f"  units {units} (errors {len(errors)}), functions {stats.get('functions')}, "
          f"accesses {stats.get('accesses')}, hawk-audit {stats.get('seconds', 0):.1f} s")
    print(f"  findings {len(findings)} (ids {len(current)}): real {len(real)}, false {len(false)}, "
          f"untriaged {len(untriaged)}; precision {precision}")
    if fixed:
        print(f"  fixed false alarms ({len(fixed)}): " + " ".join(fixed))
    if moved:
        print(f"  real races reported under another id ({len(moved)}): " +
              " ".join(f"{i}->{by}" for i, by in moved.items()))
    if lost:
        print(f"  LOST real races ({len(lost)}):")
        for i in lost:
            r = rows[i]
            print(f"    {i} {r['check']} {r['location']} {r['file:line']}: {r['reason']}")
    if untriaged:
        print(f"  NEW / untriaged findings ({len(untriaged)}):")
        for i in untriaged:
            r = finding_row(current[i], root)
            print(f"    {i} {r['check']} {r['location']} {r['file:line']}")

    new_rows = [finding_row(current[i], root) for i in untriaged]
    if args.write_untriaged:
        write_triage(args.write_untriaged, new_rows)
        print(f"  wrote {len(new_rows)} untriaged rows to {args.write_untriaged}")
    if args.update:
        updated = []
        seen = set()
        for i in order:
            r = dict(rows[i])
            if i in current:
                r["file:line"] = finding_row(current[i], root)["file:line"]
            elif r["verdict"] != "real":
                continue
            updated.append(r)
            seen.add(i)
        updated += [r for r in new_rows if r["id"] not in seen]
        write_triage(triage_path, updated, comments)
        print(f"  updated {triage_path}: {len(updated)} rows")

    ok = not lost and not untriaged
    print(f"realworld {name}: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
