"""Fail, naming the files, when generated/ differs from what the generator makes of the spec now.

Usage: python scripts/check_generated.py [--generated DIR] -- GENERATOR COMMAND...
The generator command is run with `--output-path` set to a temporary folder, and that folder is
compared with generated/ byte for byte.
"""

import argparse
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache", ".pytest_cache"}


def tree(root: Path) -> set[str]:
    """Every file below root, as a path relative to it, leaving out caches and build leftovers."""
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file()
        and not IGNORED.intersection(path.relative_to(root).parts)
        and not any(part.endswith(".egg-info") for part in path.relative_to(root).parts)
    }


def differences(expected: Path, actual: Path) -> list[str]:
    """One line per file that is missing, extra, or changed in actual compared with expected."""
    want, have = tree(expected), tree(actual)
    lines = [f"missing: {name}" for name in sorted(want - have)]
    lines += [f"not generated (extra): {name}" for name in sorted(have - want)]
    lines += [
        f"differs: {name}"
        for name in sorted(want & have)
        if not filecmp.cmp(expected / name, actual / name, shallow=False)
    ]
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=Path, default=Path("generated"))
    parser.add_argument("command", nargs="+", help="the generator command, without --output-path")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "generated"
        run = subprocess.run(
            [*args.command, "--output-path", str(fresh)], check=False, capture_output=True, text=True
        )
        if run.returncode != 0:
            print(run.stdout + run.stderr, file=sys.stderr)
            print("check-generated: the generator failed", file=sys.stderr)
            return 2
        found = differences(fresh, args.generated)
    if found:
        print(f"check-generated: {args.generated}/ is not what `make generate` makes of the spec now:")
        print("\n".join(f"  {line}" for line in found))
        print("Run `make generate` and commit the result; never edit generated/ by hand.")
        return 1
    print(f"check-generated: {args.generated}/ matches the spec, the config and the templates.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
