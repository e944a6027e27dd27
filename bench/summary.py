#!/usr/bin/env python
"""One run, every performance target beside its measured figure (issue 22, item 6).

    .venv/bin/python bench/summary.py                 # the targets' sizes (about an hour)
    .venv/bin/python bench/summary.py --quick         # smaller sizes, to see it work (minutes)
    .venv/bin/python bench/summary.py --parts search import
    .venv/bin/python bench/summary.py --previous /path/to/checkout-of-the-last-release

Each part runs the bench script that owns it (bench/search.py, bench/load.py,
bench/interchange.py, bench/export.py, and Lighthouse for the first load when it is installed)
with `--json`, and this prints one table: target, measured, met. Search figures are printed
beside the raw SQL of the same statements. With `--previous`, the same scripts also run from
that checkout on the same data, and each figure is printed as a ratio to it (noisy figures on a
shared machine mean more as ratios in one run than as absolutes across days).
`--record` appends the table, dated, to the history at the end of docs/performance.md.
Prints figures; asserts nothing.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HISTORY_HEADING = "## History: bench/summary.py runs"


@dataclass(frozen=True)
class Target:
    part: str
    label: str
    key: str  # the figure's name in the part's --json output
    limit: float | None  # None: printed for context (raw SQL, memory), no target
    unit: str
    at_most: bool = True


TARGETS = [
    Target("search", "search p95, SQLite", "search_{n}_sqlite_p95_ms", 25, "ms"),
    Target("search", "  raw SQL p95, SQLite", "search_{n}_sqlite_raw_p95_ms", None, "ms"),
    Target("search", "  p50 ÷ raw SQL p50, SQLite", "search_{n}_sqlite_ratio_p50", 1.3, "×"),
    Target("search", "search p95, PostgreSQL", "search_{n}_postgresql_p95_ms", 25, "ms"),
    Target("search", "  raw SQL p95, PostgreSQL", "search_{n}_postgresql_raw_p95_ms", None, "ms"),
    Target("search", "  p50 ÷ raw SQL, PostgreSQL", "search_{n}_postgresql_ratio_p50", 1.3, "×"),
    Target("search", "ORUK API p95, PostgreSQL", "oruk_api_{n}_postgresql_p95_ms", None, "ms"),
    Target("load", "results page CPU, same search again (app)", "results_page_cpu_ms", None, "ms"),
    Target("load", "  and the database's", "results_page_db_cpu_ms", None, "ms"),
    Target("load", "page CPU, new search (app)", "results_page_cpu_ms_first_search", None, "ms"),
    Target("load", "  and the database's", "results_page_db_cpu_ms_first_search", None, "ms"),
    Target("load", "results page p95, pauses 2–8 s", "results_page_p95_ms_pause_2_8", 200, "ms"),
    Target("load", "  errors", "results_page_errors_pause_2_8", 0, "%"),
    Target("load", "ORUK /services p95, pauses 2–8 s", "api_p95_ms_pause_2_8", 200, "ms"),
    Target("load", "  errors", "api_errors_pause_2_8", 0, "%"),
    Target("import", "import new, SQLite", "import_new_{n}_sqlite_seconds", 60, "s"),
    Target("import", "  raw SQL, SQLite", "import_new_{n}_sqlite_raw_seconds", None, "s"),
    Target("import", "  import ÷ raw SQL, SQLite", "import_new_{n}_sqlite_ratio_raw", None, "×"),
    Target("import", "  peak memory", "import_new_{n}_sqlite_peak_mb", None, "MB"),
    Target("import", "import new, PostgreSQL", "import_new_{n}_postgresql_seconds", 60, "s"),
    Target("import", "  raw SQL, PostgreSQL", "import_new_{n}_postgresql_raw_seconds", None, "s"),
    Target(
        "import", "  import ÷ raw SQL, PostgreSQL", "import_new_{n}_postgresql_ratio_raw", None, "×"
    ),
    Target("import", "  peak memory", "import_new_{n}_postgresql_peak_mb", None, "MB"),
    Target("import", "unchanged, PostgreSQL", "import_unchanged_{n}_postgresql_seconds", 60, "s"),
    Target("import", "updated, PostgreSQL", "import_updated_{n}_postgresql_seconds", 60, "s"),
    Target("export", "export, PostgreSQL", "export_{n}_postgresql_seconds", 120, "s"),
    Target("export", "  peak memory", "export_{n}_postgresql_peak_mb", None, "MB"),
    Target("export", "export, SQLite", "export_{n}_sqlite_seconds", 120, "s"),
    Target("first_load", "start page LCP (mobile, slow 4G)", "start_lcp_ms", 1000, "ms"),
    Target("first_load", "start page CLS", "start_cls", 0.1, ""),
    Target("first_load", "start page SEO score", "start_seo", 100, "", at_most=False),
    Target("first_load", "results page LCP", "results_lcp_ms", 1000, "ms"),
    Target("first_load", "results page CLS", "results_cls", 0.1, ""),
    Target("first_load", "slowest public page's LCP", "slowest_lcp_ms", 1000, "ms"),
    Target("first_load", "largest CLS on a public page", "largest_cls", 0.1, ""),
]  # fmt: skip

SIZES = {  # part: (the target's size, --quick size)
    "search": (200_000, 10_000),
    "load": (200_000, 10_000),
    "import": (100_000, 5_000),
    "export": (200_000, 5_000),
}


def commands(part: str, size: int, quick: bool, out: Path) -> list[list[str]]:
    """The bench scripts a part runs, each writing its figures to `out` as JSON."""
    python = sys.executable
    if part == "search":
        repeat = "5" if quick else "15"
        return [
            [
                python,
                "bench/search.py",
                "--services",
                str(size),
                "--repeat",
                repeat,
                "--json",
                str(out),
            ]
        ]
    if part == "load":
        if quick:
            return [
                [python, "bench/load.py", "--quick", "--services", str(size), "--json", str(out)]
            ]
        return [
            [
                python,
                "bench/load.py",
                "--services",
                str(size),
                "--seconds",
                "120",
                "--steady",
                "--no-wrk",
                "--think",
                "2,8",
                "--json",
                str(out),
            ]
        ]
    if part == "import":
        return [[python, "bench/interchange.py", "--services", str(size), "--json", str(out)]]
    if part == "export":
        return [[python, "bench/export.py", "--services", str(size), "--json", str(out)]]
    if part == "first_load":
        return [[python, "bench/first_load.py", "--json", str(out)]]
    raise ValueError(part)  # fmt: skip


def run_part(checkout: Path, part: str, quick: bool) -> tuple[dict, str]:
    """Run one part from a checkout; return its figures and, if it failed, why."""
    size = SIZES.get(part, (0, 0))[1 if quick else 0]
    figures: dict = {}
    for command in commands(part, size, quick, Path("/dev/null")):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            out = Path(handle.name)
        command[command.index("--json") + 1] = str(out)
        if not (checkout / command[1]).exists():
            return figures, f"{command[1]} is not in {checkout}"
        print(f"\n$ {' '.join(command[1:])}   (in {checkout})", flush=True)
        finished = subprocess.run(command, cwd=checkout)
        if finished.returncode:
            return figures, f"{command[1]} exited {finished.returncode}"
        try:
            figures.update(json.loads(out.read_text() or "{}"))
        except json.JSONDecodeError:
            return figures, f"{command[1]} wrote no figures (does it know --json?)"
        finally:
            out.unlink(missing_ok=True)
    return figures, ""


def shown(value: float, unit: str) -> str:
    number = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{number} {unit}".strip()


def met(target: Target, value: float) -> str:
    if target.limit is None:
        return ""
    ok = value <= target.limit if target.at_most else value >= target.limit
    return "yes" if ok else "no"


def table(figures: dict, failures: dict, previous: dict | None, quick: bool) -> list[str]:
    """One row per target; a key's {n} is the part's size."""
    heading = "| figure | target | measured | met? |"
    rule = "|---|---|---|---|"
    if previous is not None:
        heading = heading[:-1] + " previous release | ratio |"
        rule += "---|---|"
    lines = [heading, rule]
    for target in TARGETS:
        if target.part not in figures:
            continue
        sign = "≤" if target.at_most else "≥"
        wanted = (
            f"{sign} {target.limit:g} {target.unit}".strip() if target.limit is not None else ""
        )
        key = target.key.format(n=SIZES.get(target.part, (0, 0))[1 if quick else 0])
        value = figures[target.part].get(key)
        if value is None:
            why = failures.get(target.part) or "not measured"
            row = f"| {target.label} | {wanted} | {why} | |"
        else:
            verdict = "(smaller size)" if quick and target.limit is not None else met(target, value)
            row = f"| {target.label} | {wanted} | {shown(value, target.unit)} | {verdict} |"
        if previous is not None:
            before = previous.get(target.part, {}).get(key)
            ratio = f"{value / before:.2f}" if value is not None and before else ""
            row += f" {'' if before is None else shown(before, target.unit)} | {ratio} |"
        lines.append(row)
    return lines


def machine() -> str:
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average at the end {load}"
    )


def record(lines: list[str], quick: bool) -> None:
    doc = ROOT / "docs" / "performance.md"
    text = doc.read_text()
    if HISTORY_HEADING not in text:
        text = text.rstrip("\n") + f"\n\n{HISTORY_HEADING}\n"
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    size = "quick (smaller sizes)" if quick else "the targets' sizes"
    block = [f"\n### {stamp}, commit {commit}, {size}", "", machine(), "", *lines, ""]
    doc.write_text(text.rstrip("\n") + "\n" + "\n".join(block))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parts = ["search", "load", "import", "export", "first_load"]
    parser.add_argument("--parts", nargs="+", choices=parts, default=parts)
    parser.add_argument("--quick", action="store_true", help="smaller sizes; no verdicts")
    parser.add_argument("--previous", type=Path, help="a checkout of the release to compare")
    parser.add_argument("--record", action="store_true", help="append to docs/performance.md")
    args = parser.parse_args()
    if "load" in args.parts and not shutil.which("wrk"):
        print("note: wrk is not installed; bench/load.py may refuse (apt-get install wrk)")

    figures, failures, previous = {}, {}, None
    for part in args.parts:
        figures[part], failures[part] = run_part(ROOT, part, args.quick)
    if args.previous:
        previous = {}
        for part in args.parts:
            previous[part], _ = run_part(args.previous.resolve(), part, args.quick)

    lines = table(figures, failures, previous, args.quick)
    print("\n" + machine())
    print("\n".join(lines))
    if args.record:
        record(lines, args.quick)
        print(f"recorded in docs/performance.md under '{HISTORY_HEADING}'")


if __name__ == "__main__":
    main()
