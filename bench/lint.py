#!/usr/bin/env python3
"""Compares squawk and schemagate on the same migrations.

    bench/lint.py [--size N] [--runs R] [--no-check] [--no-corpus]

Migration sets: the bundled example (examples/marketplace), a generated
project of N files (bench/generate.py, default 1,000), and the real
projects of ../shared/corpus (SCHEMAGATE_CORPUS overrides; skipped when
absent). For each set it prints:

- findings per rule family for `squawk --assume-in-transaction` (the
  Supabase CLI applies each file in a transaction), `schemagate lint`, and
  `schemagate check --all` (static rules plus traced locks and rewrites and
  the idempotency re-apply, which need a server);
- the time each took (the minimum of R runs);
- for `check`, the trace overhead: `check --all` against `check` without
  analysis, runs interleaved, minimum of R each;
- coverage: for each squawk rule, how many of its findings schemagate
  reports on the same statement (or, for the per-file timeout rule, in the
  same file), and why the rest are not.

Needs squawk on PATH (`pip install squawk-cli`); without it only
schemagate's side is printed. The schemagate binary is
$SCHEMAGATE_BIN, else target/release/schemagate (built when missing).
Standard library only.
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SCHEMAGATE_FAMILIES = {
    "destructive": ["drop-table", "drop-column", "drop-schema", "truncate", "dml-without-where",
                    "alter-column-type", "drop-cascade"],
    "lock": ["index-without-concurrently", "constraint-without-not-valid",
             "not-null-without-default", "set-not-null", "volatile-default", "rename-table",
             "rename-column", "missing-lock-timeout"],
    "supabase": ["rls-disabled", "rls-without-policy", "security-definer-search-path",
                 "auth-uid-per-row", "foreign-key-without-index", "anon-grant-sensitive"],
    "idempotency": ["not-idempotent", "idempotency-reapply"],
    "traced": ["traced-lock", "traced-rewrite"],
}
SQUAWK_FAMILIES = {
    "destructive": ["ban-drop-column", "ban-drop-table", "ban-drop-database", "ban-truncate-cascade",
                    "changing-column-type", "ban-drop-not-null"],
    "lock": ["adding-field-with-default", "adding-foreign-key-constraint",
             "adding-not-nullable-field", "adding-required-field", "constraint-missing-not-valid",
             "disallowed-unique-constraint", "adding-serial-primary-key-field",
             "adding-primary-key-constraint", "require-concurrent-index-creation",
             "require-concurrent-index-deletion", "renaming-column", "renaming-table",
             "require-lock-timeout", "require-statement-timeout", "require-timeout-settings",
             "ban-create-domain-with-constraint", "ban-alter-domain-with-add-constraint"],
    "idempotency": ["prefer-robust-stmts"],
    "transactions": ["transaction-nesting", "ban-uncommitted-transaction",
                     "ban-concurrent-index-creation-in-transaction"],
    "style": ["prefer-bigint-over-int", "prefer-bigint-over-smallint", "prefer-big-int",
              "prefer-identity", "prefer-text-field", "prefer-timestamp-tz", "prefer-timestamptz",
              "ban-char-field"],
}
FAMILY_ORDER = ["destructive", "lock", "supabase", "idempotency", "traced", "transactions",
                "style", "other"]

# squawk rule -> the schemagate rules that cover it, and how closely.
COVERED_BY = {
    "require-concurrent-index-creation": ("statement", ["index-without-concurrently"]),
    "disallowed-unique-constraint": ("statement", ["index-without-concurrently"]),
    "adding-primary-key-constraint": ("statement", ["index-without-concurrently"]),
    "adding-serial-primary-key-field": ("statement", ["volatile-default", "index-without-concurrently"]),
    # squawk also says this of ADD PRIMARY KEY, which cannot be NOT VALID:
    # schemagate reports that as the index build it is.
    "constraint-missing-not-valid": ("statement", ["constraint-without-not-valid", "index-without-concurrently"]),
    "adding-foreign-key-constraint": ("statement", ["constraint-without-not-valid"]),
    "adding-not-nullable-field": ("statement", ["set-not-null"]),
    "adding-required-field": ("statement", ["not-null-without-default"]),
    "adding-field-with-default": ("statement", ["volatile-default"]),
    "changing-column-type": ("statement", ["alter-column-type"]),
    "renaming-column": ("statement", ["rename-column"]),
    "renaming-table": ("statement", ["rename-table"]),
    "ban-drop-column": ("statement", ["drop-column"]),
    "ban-drop-table": ("statement", ["drop-table"]),
    "ban-truncate-cascade": ("statement", ["drop-cascade", "truncate"]),
    "require-lock-timeout": ("file", ["missing-lock-timeout"]),
    "require-timeout-settings": ("file", ["missing-lock-timeout"]),
    "require-concurrent-index-deletion": ("file", ["missing-lock-timeout"]),
}
NOT_COVERED = {
    "require-statement-timeout": "by design: a long statement is reported for what makes it long (traced-rewrite, index-without-concurrently)",
    "require-lock-timeout": "squawk also asks for it before locks that block nothing (CREATE FUNCTION, CREATE VIEW, a new table without foreign keys)",
    "require-timeout-settings": "squawk also asks for it before locks that block nothing",
    "require-concurrent-index-deletion": "a DROP INDEX after SET lock_timeout is safe, and CONCURRENTLY fails in a Supabase migration",
    "prefer-robust-stmts": "by design: idempotency is required only of files marked idempotent (not-idempotent), and proven by re-applying them",
    "ban-drop-database": "DROP DATABASE cannot run in a migration's transaction: check reports migration-failed",
    "ban-drop-not-null": "not covered: dropping NOT NULL breaks no deployed code",
    "transaction-nesting": "check applies the file as the Supabase CLI does; a real failure is migration-failed",
    "ban-uncommitted-transaction": "check applies the file as the Supabase CLI does; a real failure is migration-failed",
    "ban-concurrent-index-creation-in-transaction": "CONCURRENTLY fails in the CLI's transaction: check reports migration-failed",
    "ban-create-domain-with-constraint": "not covered",
    "ban-alter-domain-with-add-constraint": "not covered",
    "ban-drop-view": "not covered: a view holds no data (one dropped and re-created in the same file, as here, breaks nothing)",
    "ban-drop-function": "not covered: a function holds no data",
    "ban-drop-default": "not covered",
    "renaming-object": "not covered: renames of constraints and other non-relations break no queries",
    "identifier-too-long": "not covered",
}
STYLE_NOTE = "style (column types), not migration safety: not covered by design"


def family_of(rule, families):
    for family, rules in families.items():
        if rule in rules:
            return family
    return "other"


def statement_spans(text):
    """(first line, last line) of each `;`-terminated chunk, 1-based, the way
    a statement-level match needs it: quotes, comments and dollar quotes are
    skipped."""
    spans, line, start_line, i, n = [], 1, 1, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    line += text[i] == "\n"
                    i += 1
        elif c in "'\"":
            j = i + 1
            while j < n:
                if text[j] == c and text[j + 1:j + 2] == c:
                    j += 2
                elif text[j] == c:
                    break
                else:
                    j += 1
            line += text.count("\n", i, j)
            i = j + 1
        elif c == "$":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            if j < n and text[j] == "$" and not text[i + 1:i + 2].isdigit():
                tag = text[i:j + 1]
                end = text.find(tag, j + 1)
                end = n if end < 0 else end + len(tag)
                line += text.count("\n", i, end)
                i = end
            else:
                i += 1
        elif c == ";":
            spans.append((start_line, line))
            start_line = line
            i += 1
        else:
            i += 1
    spans.append((start_line, line))
    return spans


def statement_index(spans, line):
    for index, (first, last) in enumerate(spans):
        if first <= line <= last:
            return index
    return len(spans)


def timed(cmd, runs, cwd=None):
    """(best wall time in seconds, stdout of the last run)."""
    best, out = None, ""
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
        out = proc.stdout
    return best, out


def schemagate_binary():
    if os.environ.get("SCHEMAGATE_BIN"):
        return os.environ["SCHEMAGATE_BIN"]
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    binary = target / "release" / "schemagate"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    return str(binary)


class Result:
    def __init__(self):
        self.squawk = []        # (file key, line, rule)
        self.lint = []          # (file key, line, rule)
        self.check = []         # (file key, line, rule)
        self.times = collections.defaultdict(float)
        self.check_plain = None  # (wall, apply ms)
        self.check_all = None
        self.spans = {}         # file key -> statement spans
        self.files = 0
        self.statements = 0


def run_project(result, name, project, args, squawk, binary, with_check):
    """Runs every tool on one project directory; file keys are `name/basename`."""
    files = sorted((project / "supabase" / "migrations").glob("*.sql"))
    result.files += len(files)
    for path in files:
        text = path.read_text(errors="replace")
        result.spans[f"{name}/{path.name}"] = statement_spans(text)
        result.statements += len(result.spans[f"{name}/{path.name}"])
    key = lambda file: f"{name}/{Path(file).name}"
    if squawk:
        elapsed, out = timed([squawk, "--reporter", "json", "--assume-in-transaction",
                              *map(str, files)], args.runs)
        result.times["squawk"] += elapsed
        for finding in json.loads(out or "[]"):
            result.squawk.append((key(finding["file"]), finding["line"] + 1, finding["rule_name"]))
    elapsed, out = timed([binary, "lint", "--format", "json", "--project-dir", str(project)], args.runs)
    result.times["schemagate lint"] += elapsed
    for finding in json.loads(out)["findings"]:
        if finding.get("file"):
            result.lint.append((key(finding["file"]), finding.get("line") or 0, finding["rule"]))
    if not with_check:
        return
    plain, analysed = [], []
    for _ in range(args.runs):
        for flags, sink in (([], plain), (["--all"], analysed)):
            started = time.perf_counter()
            proc = subprocess.run([binary, "check", "--format", "json", "--project-dir", str(project),
                                   *flags], capture_output=True, text=True)
            wall = time.perf_counter() - started
            report = json.loads(proc.stdout)
            apply_ms = sum(m["duration_ms"] for m in report["migrations"])
            sink.append((wall, apply_ms, report))
    result.check_plain = (min(w for w, _, _ in plain), min(a for _, a, _ in plain))
    result.check_all = (min(w for w, _, _ in analysed), min(a for _, a, _ in analysed))
    result.times["schemagate check"] += result.check_plain[0]
    result.times["schemagate check --all"] += result.check_all[0]
    for finding in analysed[-1][2]["findings"]:
        if finding.get("file"):
            result.check.append((key(finding["file"]), finding.get("line") or 0, finding["rule"]))


def per_family(findings, families):
    counts = collections.Counter(family_of(rule, families) for _, _, rule in findings)
    return counts


def coverage(result):
    """squawk rule -> (total, covered, missed examples)."""
    by_statement = collections.defaultdict(set)
    by_file = collections.defaultdict(set)
    for file, line, rule in result.lint + result.check:
        spans = result.spans.get(file, [])
        by_statement[(file, statement_index(spans, line))].add(rule)
        by_file[file].add(rule)
    table = {}
    for file, line, rule in result.squawk:
        total, covered, missed = table.get(rule, (0, 0, []))
        how, rules = COVERED_BY.get(rule, (None, []))
        found = set()
        if how == "statement":
            found = by_statement[(file, statement_index(result.spans.get(file, []), line))]
        elif how == "file":
            found = by_file[file]
        hit = any(r in found for r in rules)
        if not hit and len(missed) < 3:
            missed.append(f"{file}:{line}")
        table[rule] = (total + 1, covered + hit, missed)
    return table


def report(name, result, squawk):
    print(f"\n=== {name}: {result.files} files, ~{result.statements} statements")
    columns = ["squawk", "schemagate lint", "schemagate check --all"] if squawk else \
        ["schemagate lint", "schemagate check --all"]
    counts = {
        "squawk": per_family(result.squawk, SQUAWK_FAMILIES),
        "schemagate lint": per_family(result.lint, SCHEMAGATE_FAMILIES),
        "schemagate check --all": per_family(result.check, SCHEMAGATE_FAMILIES),
    }
    print(f"{'findings per family':<22}" + "".join(f"{c:>24}" for c in columns))
    for family in FAMILY_ORDER:
        row = [counts[c].get(family, 0) for c in columns]
        if any(row):
            print(f"{family:<22}" + "".join(f"{v:>24}" for v in row))
    times = [f"{result.times[c] * 1000:.0f} ms" if c in result.times else "-" for c in columns]
    print(f"{'time (best run)':<22}" + "".join(f"{t:>24}" for t in times))
    if result.check_plain and result.check_all:
        wall_plain, apply_plain = result.check_plain
        wall_all, apply_all = result.check_all
        print(f"check without analysis: {wall_plain * 1000:.0f} ms wall, {apply_plain} ms applying; "
              f"check --all: {wall_all * 1000:.0f} ms wall, {apply_all} ms applying; "
              f"analysis overhead {(wall_all - wall_plain) * 1000:+.0f} ms wall "
              f"({(apply_all - apply_plain) / max(result.statements, 1):+.2f} ms per statement applying)")
    if squawk and result.squawk:
        print("squawk rule                              found  also by schemagate  note")
        for rule, (total, covered, missed) in sorted(coverage(result).items()):
            if covered == total:
                note = ""
            elif rule in SQUAWK_FAMILIES["style"]:
                note = STYLE_NOTE
            else:
                note = NOT_COVERED.get(rule, "missed: " + ", ".join(missed))
            print(f"  {rule:<38} {total:>5} {covered:>19}  {note}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="files in the generated set")
    parser.add_argument("--runs", type=int, default=3, help="runs per timing (the best is kept)")
    parser.add_argument("--no-check", action="store_true", help="skip `schemagate check` (no server)")
    parser.add_argument("--no-corpus", action="store_true", help="skip ../shared/corpus")
    args = parser.parse_args()

    squawk = shutil.which("squawk")
    if squawk:
        version = subprocess.run([squawk, "--version"], capture_output=True, text=True).stdout.strip()
        print(f"{version} (squawk --assume-in-transaction), ", end="")
    else:
        print("squawk not found (pip install squawk-cli): schemagate only; ", end="")
    binary = schemagate_binary()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}, best of {args.runs} runs, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}")

    with tempfile.TemporaryDirectory(prefix="schemagate-bench-") as tmp:
        example = Result()
        run_project(example, "example", REPO / "examples" / "marketplace", args, squawk, binary,
                    not args.no_check)
        report("example (examples/marketplace)", example, squawk)

        generated_dir = Path(tmp) / f"generated-{args.size}"
        subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(args.size),
                        str(generated_dir)], check=True, stdout=subprocess.DEVNULL)
        generated = Result()
        run_project(generated, "generated", generated_dir, args, squawk, binary, not args.no_check)
        report(f"generated ({args.size} files, bench/generate.py)", generated, squawk)

        corpus = Path(os.environ.get("SCHEMAGATE_CORPUS", REPO.parent / "shared" / "corpus"))
        if not args.no_corpus and corpus.is_dir():
            result = Result()
            for entry in sorted(p for p in corpus.iterdir() if (p / "migrations").is_dir()):
                # A project whose supabase/migrations is the corpus entry, read in place.
                project = Path(tmp) / "corpus" / entry.name
                (project / "supabase").mkdir(parents=True)
                (project / "supabase" / "migrations").symlink_to(entry / "migrations")
                run_project(result, entry.name, project, args, squawk, binary, with_check=False)
            report(f"corpus ({corpus}, static rules only)", result, squawk)


if __name__ == "__main__":
    main()
