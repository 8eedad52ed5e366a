"""Show how each custom template departs from the stock template of the installed openapi-python-client.

Usage: python scripts/template_diff.py [--templates DIR] [--summary]
Prints a unified diff per template (a template the generator does not ship counts as all added), then one
summary line per template: the lines it adds and removes.
"""

import argparse
import difflib
import sys
from pathlib import Path

import openapi_python_client

STOCK = Path(openapi_python_client.__file__).parent / "templates"


def divergence(custom: Path, stock: Path, name: str) -> list[str]:
    """The unified diff of one custom template against its stock namesake (empty when there is none)."""
    theirs = stock.read_text(encoding="utf-8").splitlines(keepends=True) if stock.is_file() else []
    ours = custom.read_text(encoding="utf-8").splitlines(keepends=True)
    label = f"stock/{name}" if stock.is_file() else "/dev/null"
    return list(difflib.unified_diff(theirs, ours, fromfile=label, tofile=f"custom/{name}"))


def counts(diff: list[str]) -> tuple[int, int]:
    """Lines added and removed by a unified diff."""
    added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
    return added, removed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=Path, default=Path("templates"))
    parser.add_argument("--summary", action="store_true", help="print the summary lines only")
    args = parser.parse_args(argv)
    rows: list[tuple[str, int, int, bool]] = []
    for custom in sorted(args.templates.rglob("*.jinja")):
        name = custom.relative_to(args.templates).as_posix()
        stock = STOCK / name
        diff = divergence(custom, stock, name)
        if not args.summary:
            sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
        rows.append((name, *counts(diff), stock.is_file()))
    print(
        f"\nTemplates in {args.templates}/ against openapi-python-client {openapi_python_client.__version__}:"
    )
    for name, added, removed, has_stock in rows:
        note = "" if has_stock else "  (no stock template)"
        print(f"  {name:32} +{added:<4} -{removed:<4}{note}")
    total_added = sum(row[1] for row in rows)
    total_removed = sum(row[2] for row in rows)
    print(f"  {'total':32} +{total_added:<4} -{total_removed:<4}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
