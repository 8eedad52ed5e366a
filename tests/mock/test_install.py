"""The mock installed outside the repository: a fresh virtual environment gets the package by pip, a
user's test suite gets the fixtures without a conftest line, and `python -m qovery_mock` serves."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("qovery_mock", "qovery_openapi")
PROJECT_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "openapi.yaml")
PYTEST_PIN = "pytest==9.2.0"
WAIT = 30.0

USER_TESTS = """
import httpx


def test_in_process(qovery_mock):
    job = qovery_mock.ids["jobs"][0]
    assert qovery_mock.client().post(f"/job/{job}/redeploy").status_code == 202
    qovery_mock.clock.advance(60)
    assert qovery_mock.mock.resource(job)["state"] == "DEPLOYED"


def test_over_http(qovery_mock_server):
    with qovery_mock_server.client() as client:
        answer = client.post(f"/helm/{qovery_mock_server.ids['helms'][0]}/redeploy")
    assert answer.status_code == 202
"""


def _clean_env() -> dict[str, str]:
    """This environment without what points back into the repository or changes the mock."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")
        and not name.startswith("QOVERY_MOCK_")
    }


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtual environment outside the repository with the project installed by pip (from a
    copy of its files, so that the build leaves the repository untouched); its python."""
    base = tmp_path_factory.mktemp("installed")
    project = base / "project"
    for package in PACKAGES:
        shutil.copytree(ROOT / package, project / package, ignore=shutil.ignore_patterns("__pycache__"))
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, project / name)
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], base)
    python = venv / "bin" / "python"
    _run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(project),
            PYTEST_PIN,
        ],
        base,
    )
    yield python


def test_the_installed_package_ships_the_spec_and_fixtures(installed: Path) -> None:
    probe = (
        "import json, qovery_mock.packaged as p, qovery_mock.fixtures as f;"
        "print(json.dumps([str(p.spec_file()), str(f.DEFAULT_FIXTURES)]))"
    )
    spec, fixtures = json.loads(_run([str(installed), "-c", probe], installed.parent).stdout)
    site = installed.parent.parent
    assert Path(spec).is_relative_to(site) and Path(fixtures).is_relative_to(site)
    assert Path(spec).read_bytes() == (ROOT / "openapi.yaml").read_bytes()
    assert Path(fixtures).read_bytes() == (ROOT / "qovery_mock" / "fixtures" / "default.yaml").read_bytes()


def test_a_users_suite_gets_the_fixtures_without_a_conftest_line(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(USER_TESTS, encoding="utf-8")
    done = _run([str(installed), "-m", "pytest", "-q", "-p", "no:cacheprovider"], tmp_path)
    assert "2 passed" in done.stdout, done.stdout


def test_python_m_qovery_mock_serves(installed: Path, tmp_path: Path) -> None:
    server = subprocess.Popen(
        [str(installed), "-m", "qovery_mock", "--port", "0", "--json"],
        cwd=tmp_path,
        env=_clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = json.loads(server.stdout.readline())
        assert first["url"].startswith("http://127.0.0.1:")
        info = httpx.get(f"{first['url']}/_mock/info", timeout=WAIT)
        assert info.status_code == 200
        assert info.json()["token"] == first["token"]
        assert Path(info.json()["spec"]).is_relative_to(installed.parent.parent)
        job = first["ids"]["jobs"][0]
        answer = httpx.post(
            f"{first['url']}/job/{job}/redeploy",
            headers={"Authorization": f"Token {first['token']}"},
            timeout=WAIT,
        )
        assert answer.status_code == 202
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(WAIT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(WAIT)
    assert server.returncode == 0, server.stderr.read() if server.stderr else None
