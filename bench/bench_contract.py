"""The contract suite's speed: cases per second against the mock in process, over HTTP, and Prism.

Runs pytest as the Makefile does, each run in a fresh process with its reports in a scratch folder:

- the full default suite, `pytest contract_tests --target=inprocess` (the goal: under 60 s wall);
- the API-contract part only (`contract_tests/test_api_contract.py`) with `--target=http` (the mock
  served by uvicorn on 127.0.0.1) and with `--target=live` pointed at Prism mocking the same
  openapi.yaml. Prism keeps no state, so the stateful and mock-specific tests do not apply to it.

Cases are those the suite counts in its "contract cases sent, by operation" summary. The API-contract
part's cases per second use the time pytest reports for those tests alone (for the in-process target,
taken from the full run), so that the three targets compare on the same tests.

    .venv/bin/python bench/bench_contract.py [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from common import PYTHON, REPO_ROOT, prism_version, running_prism, section, table

API_CONTRACT_FILE = "contract_tests/test_api_contract.py"
PRISM_TOKEN = "qov_bench_token"
TIMEOUT = 600
SUMMARY_TITLE = "contract cases sent, by operation"


@dataclass
class Outcome:
    wall: float
    returncode: int
    tests: int = 0
    failed: int = 0
    skipped: int = 0
    cases: Counter[str] = field(default_factory=Counter)
    api_seconds: float = 0.0
    api_tests: int = 0
    api_failed: int = 0
    tail: str = ""
    findings: Counter[str] = field(default_factory=Counter)
    durations: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> int:
        return self.tests - self.failed - self.skipped

    @property
    def api_cases(self) -> int:
        return sum(
            count for column, count in self.cases.items() if column.startswith(("positive", "negative"))
        )


def case_counts(output: str) -> Counter[str]:
    """The totals, by column, of the suite's case summary printed at the end of a run."""
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if SUMMARY_TITLE in line), None)
    totals: Counter[str] = Counter()
    if start is None:
        return totals
    columns = re.split(r"\s{2,}", lines[start + 1].strip())[1:]
    for line in lines[start + 3 :]:
        parts = line.split()
        if len(parts) != len(columns) + 1 or not all(part.isdigit() for part in parts[1:]):
            break
        for column, value in zip(columns, parts[1:], strict=True):
            totals[column] += int(value)
    return totals


def read_junit(path: Path, outcome: Outcome) -> None:
    for case in ElementTree.parse(path).iter("testcase"):
        outcome.tests += 1
        module = case.get("classname", "").rsplit(".", 1)[-1]
        outcome.durations[f"{module}::{case.get('name')}"] = float(case.get("time") or 0)
        problems = [child for child in case if child.tag in ("failure", "error")]
        if any(child.tag == "skipped" for child in case):
            outcome.skipped += 1
        elif problems:
            outcome.failed += 1
        if case.get("classname", "").endswith("test_api_contract"):
            outcome.api_seconds += float(case.get("time") or 0)
            outcome.api_tests += 1
            outcome.api_failed += bool(problems)
        for problem in problems:
            text = (problem.get("message") or "") + "\n" + (problem.text or "")
            titles = set(re.findall(r"title='([^']+)'", text)) or {text.strip().splitlines()[0][:120]}
            outcome.findings.update(titles)


def run_pytest(arguments: list[str], scratch: Path, name: str) -> Outcome:
    reports = scratch / name
    junit = scratch / f"{name}.xml"
    env = {key: value for key, value in os.environ.items() if not key.startswith("QOVERY_")}
    command = [PYTHON, "-m", "pytest", *arguments, "-p", "no:cacheprovider", "-q"]
    command += ["--contract-reports", str(reports), f"--junitxml={junit}"]
    started = time.perf_counter()
    done = subprocess.run(
        command, check=False, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    outcome = Outcome(wall=time.perf_counter() - started, returncode=done.returncode)
    outcome.cases = case_counts(done.stdout)
    outcome.tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-8:])
    if junit.exists():
        read_junit(junit, outcome)
    return outcome


def pick(outcomes: list[Outcome]) -> Outcome:
    """The run of median wall time."""
    return sorted(outcomes, key=lambda outcome: outcome.wall)[len(outcomes) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=1, help="runs of each target, alternating (default 1)")
    args = parser.parse_args()

    runs: dict[str, list[Outcome]] = {"inprocess": [], "http": [], "Prism": []}
    with running_prism() as prism_url, tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for number in range(args.rounds):
            order = list(runs) if number % 2 == 0 else list(reversed(runs))
            for name in order:
                if name == "Prism":
                    arguments = [API_CONTRACT_FILE, "--target=live", f"--qovery-api-url={prism_url}"]
                    arguments.append(f"--qovery-api-token={PRISM_TOKEN}")
                elif name == "http":
                    arguments = [API_CONTRACT_FILE, "--target=http"]
                else:
                    arguments = ["contract_tests", "--target=inprocess"]
                runs[name].append(run_pytest(arguments, scratch, f"{name}-{number}"))

    section("Contract suite speed", ".venv/bin/python bench/bench_contract.py")
    print(
        f"{args.rounds} run(s) of each target (the median run is shown). Cases: the suite's own count of "
        f"cases sent. Prism {prism_version()}.\n"
    )
    full = pick(runs["inprocess"])
    cases = sum(full.cases.values())
    row = ["`pytest contract_tests --target=inprocess`", f"{full.passed}/{full.failed}/{full.skipped}", cases]
    row += [f"{full.wall:.1f}", f"{cases / full.wall:.0f}"]
    print("Full default suite:\n")
    print(table(["run", "passed/failed/skipped", "cases", "wall s", "cases/s"], [row]))
    verdict = "met" if full.wall < 60 else "missed"
    print(
        f"\nGoal: full default contract suite (in process) under 60 s wall: {verdict} ({full.wall:.1f} s)\n"
    )

    slowest = sorted(full.durations.items(), key=lambda item: -item[1])[:5]
    print("Its slowest tests:\n")
    print(table(["test", "s"], [[f"`{name}`", f"{seconds:.1f}"] for name, seconds in slowest]))
    print()

    rows = []
    for name, label in (
        ("inprocess", "mock in process"),
        ("http", "mock over HTTP"),
        ("Prism", "Prism (live target)"),
    ):
        outcome = pick(runs[name])
        seconds = outcome.api_seconds
        rate = f"{outcome.api_cases / seconds:.0f}" if seconds else "-"
        passed = outcome.api_tests - outcome.api_failed
        wall = "(in the full run)" if name == "inprocess" else f"{outcome.wall:.1f}"
        row = [label, f"{passed}/{outcome.api_failed}", outcome.api_cases, f"{seconds:.1f}", rate, wall]
        rows.append(row)
    print("API-contract part (`test_api_contract.py`; s: its tests alone, wall: the pytest process):\n")
    print(table(["target", "tests passed/failed", "cases", "s", "cases/s", "wall s"], rows))

    prism = pick(runs["Prism"])
    print(
        f"\nAgainst Prism ({prism.wall:.1f} s wall with pytest's start-up), each failing test stops at its first "
        "failure, so it sends few cases. What the suite found on Prism (failing tests per finding):\n"
    )
    for title, count in prism.findings.most_common() or [("nothing", 0)]:
        print(f"- {title}: {count}")
    for name, outcomes in runs.items():
        if not pick(outcomes).tests:
            print(f"\nThe {name} run ran no test (exit status {pick(outcomes).returncode}):\n")
            print("```\n" + pick(outcomes).tail + "\n```")
    for name in ("inprocess", "http"):
        found = pick(runs[name]).findings
        if found:
            listed = "; ".join(f"{title} ({count})" for title, count in found.most_common())
            print(f"\nFailures on the mock ({name}): {listed}")
    return 1 if any(pick(runs[name]).returncode for name in ("inprocess", "http")) else 0


if __name__ == "__main__":
    raise SystemExit(main())
