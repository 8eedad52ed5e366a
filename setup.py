"""Build step of the qovery_mock package: ship the repository's openapi.yaml inside it.

The spec stays one file at the root of the repository; building the package copies it to
qovery_mock/openapi.yaml in the build, never into the source tree. Everything else is in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SPEC = "openapi.yaml"


class BuildWithSpec(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            target = Path(self.build_lib) / "qovery_mock" / SPEC
            self.copy_file(str(ROOT / SPEC), str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = super().get_outputs(include_bytecode)
        if not self.editable_mode:
            outputs.append(str(Path(self.build_lib) / "qovery_mock" / SPEC))
        return outputs


setup(cmdclass={"build_py": BuildWithSpec})
