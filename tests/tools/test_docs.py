"""The docs name only what exists: every file path a doc gives, and every `make` target it tells to run."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted(
    [
        ROOT / "README.md",
        ROOT / "bench" / "README.md",
        ROOT / "client" / "README.md",
        ROOT / "templates" / "README.md.jinja",
        *(ROOT / "docs").glob("*.md"),
    ]
)
# A path as docs write one: relative, with a known file ending or a folder's closing `/`.
PATH = re.compile(r"^[\w\-][\w.\-/]*(\.(py|ya?ml|md|toml|json|jinja|lua|txt|in|cfg|sh)|/)$")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
CODE_BLOCK = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
MAKE = re.compile(r"(?:^|[\s`;(])make((?: +[a-z][\w-]*(?:=\S*)?)+)")
# What a run makes, not files of the repository.
MADE_BY_A_RUN = ("reports/", "build/", ".venv/", "bench/.prism/", "node_modules/")
NOT_THE_REPOSITORY = {".git", ".venv", "node_modules", "build", "reports", "__pycache__"}


def code_of(text: str) -> list[str]:
    """The code a doc shows: its code spans and the lines of its code blocks."""
    return CODE_SPAN.findall(text) + [
        line for block in CODE_BLOCK.findall(text) for line in block.splitlines()
    ]


def named_paths(text: str) -> set[str]:
    found = {link for link in LINK.findall(text) if "://" not in link}
    found |= {span.strip() for span in CODE_SPAN.findall(text) if PATH.match(span.strip())}
    return {path for path in found if not path.startswith(MADE_BY_A_RUN)}


@cache
def repository_file_names() -> frozenset[str]:
    return frozenset(
        path.name
        for path in ROOT.rglob("*")
        if not NOT_THE_REPOSITORY.intersection(path.relative_to(ROOT).parts)
    )


def exists(doc: Path, path: str) -> bool:
    if "/" not in path.rstrip("/"):
        # A bare file name, told beside its folder: some file of the repository has that name.
        return path.rstrip("/") in repository_file_names()
    return any((base / path).exists() for base in (ROOT, doc.parent))


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {match.group(1) for match in re.finditer(r"^([a-zA-Z][\w-]*):", text, re.MULTILINE)}


def named_targets(text: str) -> set[str]:
    """The targets of each `make ...` command in a doc's code (its variables, such as TARGET=x, left out)."""
    return {
        word
        for code in code_of(text)
        for match in MAKE.finditer(code)
        for word in match.group(1).split()
        if "=" not in word
    }


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_every_path_a_doc_names_exists(doc: Path) -> None:
    missing = sorted(path for path in named_paths(doc.read_text(encoding="utf-8")) if not exists(doc, path))
    assert not missing, f"{doc.relative_to(ROOT)} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_every_make_target_a_doc_names_is_in_the_makefile(doc: Path) -> None:
    unknown = sorted(named_targets(doc.read_text(encoding="utf-8")) - makefile_targets())
    assert not unknown, f"{doc.relative_to(ROOT)} names make targets the Makefile lacks: {unknown}"


def test_the_checks_catch_a_missing_path_and_an_unknown_target() -> None:
    text = "See `docs/nowhere.md`, [the mock](docs/mock.md) and `/_mock/info`.\n```sh\nmake deploy-everything\n```\n"
    assert named_paths(text) == {"docs/nowhere.md", "docs/mock.md"}
    assert not exists(ROOT / "README.md", "docs/nowhere.md") and exists(ROOT / "README.md", "docs/mock.md")
    assert not exists(ROOT / "README.md", "no_such_module.py")
    assert named_targets(text + "run `make contract TARGET=http` or `make typecheck lint`") == {
        "deploy-everything",
        "contract",
        "typecheck",
        "lint",
    }
    assert "deploy-everything" not in makefile_targets() and "contract" in makefile_targets()
