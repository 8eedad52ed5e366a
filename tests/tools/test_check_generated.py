"""check-generated passes on the committed generated/ and fails, naming the file, on any hand edit."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# As the Makefile's GENERATE: the post-hook copies the hand-written modules from QOVERY_CLIENT_SOURCE.
SOURCE = f"QOVERY_CLIENT_SOURCE={ROOT / 'client' / 'qovery_deploy_client'}"
GENERATOR = [
    "env",
    SOURCE,
    str(BIN / "openapi-python-client"),
    "generate",
    "--path",
    str(ROOT / "openapi.yaml"),
    "--config",
    str(ROOT / "generator-config.yml"),
    "--custom-template-path",
    str(ROOT / "templates"),
    "--meta",
    "uv",
    "--overwrite",
]


def check(generated: Path, generator: list[str] = GENERATOR) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        str(ROOT / "scripts" / "check_generated.py"),
        "--generated",
        str(generated),
        "--",
    ]
    env = {"PATH": f"{BIN}:/usr/bin:/bin"}
    return subprocess.run([*command, *generator], capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("pristine") / "generated"
    shutil.copytree(ROOT / "generated", copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return copy


@pytest.fixture
def generated(pristine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(pristine, tmp_path / "generated"))


def test_the_committed_client_is_what_the_spec_makes(generated: Path) -> None:
    run = check(generated)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "matches the spec" in run.stdout


def test_one_changed_byte_fails_and_names_the_file(generated: Path) -> None:
    target = generated / "qovery_deploy_client" / "models" / "status.py"
    content = bytearray(target.read_bytes())
    content[len(content) // 2] ^= 0x01
    target.write_bytes(bytes(content))
    run = check(generated)
    assert run.returncode == 1
    assert "differs: qovery_deploy_client/models/status.py" in run.stdout


def test_an_added_and_a_removed_file_fail_and_are_named(generated: Path) -> None:
    (generated / "qovery_deploy_client" / "api" / "job_actions" / "redeploy_job.py").unlink()
    (generated / "qovery_deploy_client" / "extra.py").write_text("HAND_WRITTEN = True\n")
    run = check(generated)
    assert run.returncode == 1
    assert "missing: qovery_deploy_client/api/job_actions/redeploy_job.py" in run.stdout
    assert "not generated (extra): qovery_deploy_client/extra.py" in run.stdout


def test_a_generator_failure_is_not_taken_for_a_match(generated: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\npaths: {}\n")
    command = [
        sys.executable,
        str(ROOT / "scripts" / "check_generated.py"),
        "--generated",
        str(generated),
        "--",
    ]
    generator = [part if part != str(ROOT / "openapi.yaml") else str(broken) for part in GENERATOR]
    run = subprocess.run([*command, *generator], capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert "the generator failed" in run.stderr


def test_without_the_hand_written_modules_the_generator_fails(generated: Path) -> None:
    run = check(generated, [part for part in GENERATOR if part != SOURCE])
    assert run.returncode == 2
    assert "QOVERY_CLIENT_SOURCE" in run.stderr
    assert "the generator failed" in run.stderr
