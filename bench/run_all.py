"""Run every benchmark in order and print their tables; `--write` also puts them into bench/README.md.

    .venv/bin/python bench/run_all.py [--quick] [--only NAME,...] [--write]

`--quick` skips the fresh-clone measurement (minutes); `--only bench_servers,...` runs only those.
With `--write`, the section of each benchmark that ran replaces its own in bench/README.md, between
the markers `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`, stamped with the date, the
command and the load of the machine; the others are left as they were. The machine description and
the time of the whole run are replaced only by a run of everything; the goals table is rebuilt from
the sections.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import subprocess
import sys
import time
from pathlib import Path

from common import REPO_ROOT, machine, table

BENCH = REPO_ROOT / "bench"
README = BENCH / "README.md"
SCRIPTS = [
    "bench_client",
    "bench_servers",
    "bench_big_body",
    "bench_contract",
    "bench_wait",
    "bench_import",
    "bench_fresh_clone",
]
SLOW = {"bench_fresh_clone"}
TIMEOUT = 1200
GOAL = re.compile(r"^Goal: (.*): (met|missed) \((.*)\)$", re.MULTILINE)
GOALS_ROW = re.compile(
    r"^\| (`make bench` under 10 minutes) \| \*\*(met|missed)\*\* \| (.*) \|$", re.MULTILINE
)
BUDGET = 600


def run(name: str) -> tuple[str, float, int]:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, str(BENCH / f"{name}.py")],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        output, code = done.stdout.strip(), done.returncode
    except subprocess.TimeoutExpired as error:
        output, code = str(error.stdout or "").strip(), -1
    elapsed = time.perf_counter() - started
    if code:
        output += f"\n\n**`bench/{name}.py` exited with status {code}; see its output above.**"
    return output, elapsed, code


def machine_section(described: dict[str, str], total: float, command: str, times: dict[str, float]) -> str:
    rows = [[key, value] for key, value in described.items()]
    with contextlib.suppress(OSError):
        end = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        rows.append(["load average at the end (1, 5, 15 min)", end])
    rows.append(["command", f"`{command}`"])
    rows.append(
        [
            "total time",
            f"{total:.0f} s (" + ", ".join(f"{name} {secs:.0f} s" for name, secs in times.items()) + ")",
        ]
    )
    return "### Machine\n\n" + table(["", ""], rows, align="ll")


def goals_section(outputs: list[str], budget: tuple[str, ...] | None) -> str:
    """The table of every goal line found in the outputs, and the time budget of the whole run."""
    goals = [match.groups() for output in outputs for match in GOAL.finditer(output)]
    if budget is not None:
        goals.append(budget)
    rows = [[goal, f"**{result}**", measured] for goal, result, measured in goals]
    return "### Goals\n\n" + table(["goal", "result", "measured"], rows, "lll")


def section_text(text: str, name: str) -> str:
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    found = re.search(re.escape(start) + r"(.*?)" + re.escape(end), text, re.DOTALL)
    return found.group(1) if found else ""


def replace_section(text: str, name: str, body: str) -> str:
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    block = f"{start}\n{body}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text)
    return text.rstrip("\n") + "\n\n" + block + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="skip the fresh-clone measurement")
    parser.add_argument("--write", action="store_true", help="update the results in bench/README.md")
    parser.add_argument("--only", help="comma-separated benchmarks to run, e.g. bench_servers,bench_client")
    args = parser.parse_args()

    started = time.perf_counter()
    described = machine()
    outputs: dict[str, str] = {}
    times: dict[str, float] = {}
    failed = 0
    chosen = [name.strip().removesuffix(".py") for name in args.only.split(",")] if args.only else SCRIPTS
    unknown = sorted(set(chosen) - set(SCRIPTS))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(SCRIPTS)}")
    complete = not args.quick and set(chosen) == set(SCRIPTS)
    for name in SCRIPTS:
        if name not in chosen or (args.quick and name in SLOW):
            continue
        print(f"-- running bench/{name}.py", file=sys.stderr, flush=True)
        output, elapsed, code = run(name)
        outputs[name], times[name] = output, elapsed
        failed += code != 0
        print(output + f"\n\n_({elapsed:.0f} s)_\n", flush=True)
    total = time.perf_counter() - started
    command = " ".join([".venv/bin/python bench/run_all.py", *sys.argv[1:]])
    header = machine_section(described, total, command, times)
    print(header)
    verdict = "met" if total < BUDGET else "missed"
    budget: tuple[str, ...] | None = (
        ("`make bench` under 10 minutes", verdict, f"{total:.0f} s") if complete else None
    )
    print("\n" + goals_section(list(outputs.values()), budget))

    if args.write:
        text = README.read_text(encoding="utf-8")
        if complete:
            text = replace_section(text, "machine", header)
        else:
            previous = GOALS_ROW.search(text)
            budget = previous.groups() if previous else None
        load = described["load average at the start (1, 5, 15 min)"]
        for name, output in outputs.items():
            stamp = f"_Measured {described['date']} by `{command}` in {times[name]:.0f} s"
            text = replace_section(text, name, f"{output}\n\n{stamp}; load average at the start {load}._")
        sections = [section_text(text, name) for name in SCRIPTS]
        text = replace_section(text, "goals", goals_section(sections, budget))
        README.write_text(text, encoding="utf-8")
        print(f"\nwrote {README.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
