"""The hand-written modules of the client are in the generated package as they are written."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "client" / "qovery_deploy_client"
PACKAGE = ROOT / "generated" / "qovery_deploy_client"
MODULES = sorted(path.name for path in SOURCE.glob("*.py"))


def test_the_hand_written_modules_are_found() -> None:
    assert {"__init__.py", "client.py", "errors.py", "types.py"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_a_hand_written_module_is_in_the_package_byte_for_byte(name: str) -> None:
    # Neither the generator's templates nor its ruff post-hook may change a hand-written module.
    assert (PACKAGE / name).read_bytes() == (SOURCE / name).read_bytes()
