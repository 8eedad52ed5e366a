"""Import time of the generated package and the time `make generate` takes.

Import: fresh interpreters, each timing `import qovery_deploy_client` plus every module under
`qovery_deploy_client.api` with `time.perf_counter()`, alternating with bare interpreters
(`python -c pass`) so that the whole process's cost is shown beside the import alone. Measured twice:
in the project's .venv, and in a scratch virtual environment holding only the package (`pip install
./generated[cli]`), as a user installs it; there httpx does not find rich, which it otherwise
imports with click for its command line. One more run under `python -X importtime` splits the import by
top-level package.

Command line: `qovery-deploy --help` as a process, median of the same number of runs, in both
environments (the scratch one installs the `cli` extra); the goal is under 300 ms.

Generate: `make generate` in a scratch copy of the files it reads (openapi.yaml,
generator-config.yml, templates/, client/, Makefile, pyproject.toml) sharing this repository's .venv, so
generated/ here is left alone; the output is compared with generated/.

    .venv/bin/python bench/bench_import.py [--imports 20] [--generates 3]
"""

from __future__ import annotations

import argparse
import filecmp
import os
import pkgutil
import shutil
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import qovery_deploy_client.api
from common import PYTHON, REPO_ROOT, median, section, table

# Bytecode caches are written and used, as on a user's machine (this one may set PYTHONDONTWRITEBYTECODE).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
GENERATE_INPUTS = [
    "openapi.yaml",
    "generator-config.yml",
    "templates",
    "client",
    "Makefile",
    "pyproject.toml",
]


def api_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(qovery_deploy_client.api.__path__, "qovery_deploy_client.api.")
        if not info.ispkg
    ]


def timed_import(python: str, modules: list[str]) -> tuple[float, float]:
    """(seconds inside the interpreter for the imports, seconds of the whole process)."""
    code = (
        "import time; s = time.perf_counter(); import qovery_deploy_client; "
        + "; ".join(f"import {name}" for name in modules)
        + "; print(time.perf_counter() - s)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=True, cwd=tempfile.gettempdir(), env=ENV
    )
    return float(done.stdout), time.perf_counter() - started


def bare_process(python: str) -> float:
    started = time.perf_counter()
    subprocess.run([python, "-c", "pass"], check=True, cwd=tempfile.gettempdir(), env=ENV)
    return time.perf_counter() - started


def measure_imports(python: str, modules: list[str], count: int) -> tuple[float, float, float]:
    """Medians of (import inside the interpreter, import process, bare process), in seconds."""
    timed_import(python, modules)  # the first run writes the .pyc files that are missing
    inside: list[float] = []
    whole: list[float] = []
    bare: list[float] = []
    for number in range(count):
        if number % 2:
            bare.append(bare_process(python))
        measured = timed_import(python, modules)
        inside.append(measured[0])
        whole.append(measured[1])
        if not number % 2:
            bare.append(bare_process(python))
    return median(inside), median(whole), median(bare)


def help_process(python: str, count: int) -> float:
    """Median seconds of `qovery-deploy --help`, a whole process, run by the console script beside `python`."""
    command = [str(Path(python).with_name("qovery-deploy")), "--help"]
    subprocess.run(command, check=True, capture_output=True, cwd=tempfile.gettempdir(), env=ENV)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=tempfile.gettempdir(), env=ENV)
        times.append(time.perf_counter() - started)
    return median(times)


def package_only_venv(folder: Path) -> str:
    """A virtual environment with only the generated package and its dependencies installed."""
    subprocess.run([PYTHON, "-m", "venv", str(folder)], check=True, timeout=300)
    python = str(folder / "bin" / "python")
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"{REPO_ROOT / 'generated'}[cli]",
        ],
        check=True,
        timeout=600,
        capture_output=True,
    )
    return python


def import_breakdown(python: str, modules: list[str]) -> dict[str, float]:
    """Microseconds by top-level package, from `python -X importtime` (self times added up)."""
    code = "import qovery_deploy_client; " + "; ".join(f"import {name}" for name in modules)
    done = subprocess.run(
        [python, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),
        env=ENV,
    )
    totals: dict[str, float] = defaultdict(float)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        totals[name.split(".")[0]] += float(self_us)
    return totals


def make_generate(folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "generate"],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return time.perf_counter() - started


def same_tree(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"])
    if compared.left_only or compared.right_only or compared.diff_files or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(left / name, right / name) for name in compared.common_dirs)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--imports", type=int, default=20, help="fresh interpreters of each kind (default 20)"
    )
    parser.add_argument("--generates", type=int, default=3, help="runs of make generate (default 3)")
    args = parser.parse_args()

    modules = api_modules()
    dev = measure_imports(PYTHON, modules, args.imports)
    dev_help = help_process(PYTHON, args.imports)
    with tempfile.TemporaryDirectory() as scratch:
        alone = package_only_venv(Path(scratch) / "venv")
        clean = measure_imports(alone, modules, args.imports)
        clean_help = help_process(alone, args.imports)
        breakdown = import_breakdown(alone, modules)

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name in GENERATE_INPUTS:
            source = REPO_ROOT / name
            if source.is_dir():
                shutil.copytree(source, folder / name)
            else:
                shutil.copy2(source, folder / name)
        os.symlink(REPO_ROOT / ".venv", folder / ".venv")
        generates = [make_generate(folder) for _ in range(args.generates)]
        identical = same_tree(folder / "generated", REPO_ROOT / "generated")

    section("Import time and make generate", ".venv/bin/python bench/bench_import.py")
    print(
        f"Import of `qovery_deploy_client` and its {len(modules)} api modules: median of {args.imports} fresh "
        f"interpreters (alternating with bare ones for the process times).\n"
    )
    rows = [
        ["import, timed inside the interpreter", f"{clean[0] * 1000:.1f}", f"{dev[0] * 1000:.1f}"],
        ["`python -c 'import ...'` process", f"{clean[1] * 1000:.1f}", f"{dev[1] * 1000:.1f}"],
        ["`python -c pass` process", f"{clean[2] * 1000:.1f}", f"{dev[2] * 1000:.1f}"],
        ["`qovery-deploy --help` process (goal < 300)", f"{clean_help * 1000:.1f}", f"{dev_help * 1000:.1f}"],
    ]
    print(table(["what", "package alone, ms", "project .venv, ms"], rows))
    own = {"qovery_deploy_client"}
    shown = sorted(breakdown.items(), key=lambda item: -item[1])
    top = [(name, us) for name, us in shown if name in own or us >= 1000][:10]
    rest = sum(us for name, us in shown) - sum(us for _, us in top)
    print("\nBy top-level package, package alone (`python -X importtime`, one run, self times added up):\n")
    print(
        table(
            ["package", "ms"],
            [[name, f"{us / 1000:.1f}"] for name, us in top] + [["others", f"{rest / 1000:.1f}"]],
        )
    )
    each = ", ".join(f"{value:.1f}" for value in generates)
    print(f"\n`make generate`: median {median(generates):.1f} s over {args.generates} runs ({each} s).")
    print(f"Its output is identical to generated/: {'yes' if identical else 'NO'}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
