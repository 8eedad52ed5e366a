"""`python -m qovery_mock`: starts in the foreground, prints its URL, a token and the ids."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from qovery_mock.fixtures import DEFAULT_FIXTURES
from qovery_mock.server import bind
from tests.mock.mock_test_support import ROOT, assert_conforms

START_TIMEOUT = 20.0


@contextmanager
def served(*args: str, env: dict[str, str] | None = None, until: str = "Press Ctrl+C") -> Iterator[list[str]]:
    """Run the CLI; yield the lines it printed up to `until` (bounded by a timeout)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "qovery_mock", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        done = threading.Event()

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                lines.append(line.rstrip("\n"))
                if until in line:
                    break
            done.set()

        threading.Thread(target=read, daemon=True).start()
        assert done.wait(START_TIMEOUT), f"no start-up banner; got {lines}"
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        yield lines
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _field(lines: list[str], name: str) -> str:
    for line in lines:
        if line.startswith(f"{name}: "):
            return line.split(": ", 1)[1].strip()
    raise AssertionError(f"{name} not printed in {lines}")


def _group(lines: list[str], group: str) -> list[str]:
    for line in lines:
        match = re.match(rf"\s+{group}: (.*)$", line)
        if match:
            return match.group(1).split()
    raise AssertionError(f"{group} not printed")


def test_the_cli_prints_url_token_and_ids_and_serves() -> None:
    with served("--port", "0") as lines:
        url = _field(lines, "url")
        token = _field(lines, "token")
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        jobs = _group(lines, "jobs")
        for group in ("environments", "databases", "helms", "applications", "containers"):
            assert all(uuid.UUID(item) for item in _group(lines, group))
        with httpx.Client(base_url=url, headers={"Authorization": f"Token {token}"}, timeout=10) as client:
            response = client.post(f"/job/{jobs[0]}/redeploy")
            assert response.status_code == 202
            assert_conforms("redeployJob", response.json())
            assert client.get("/_mock/clock").json()["manual"] is False
            assert client.post("/_mock/clock/advance", json={"seconds": 5}).status_code == 409


def test_port_and_fixtures_from_the_environment(tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_FIXTURES.read_text())
    data["organizations"][0]["tokens"] = ["token-from-a-custom-fixture"]
    fixture = tmp_path / "custom.yaml"
    fixture.write_text(yaml.safe_dump(data))
    with bind() as probe:
        port = probe.getsockname()[1]
    env = {
        "QOVERY_MOCK_PORT": str(port),
        "QOVERY_MOCK_FIXTURES": str(fixture),
        "QOVERY_MOCK_MANUAL_CLOCK": "1",
    }
    with served(env=env) as lines:
        assert _field(lines, "url") == f"http://127.0.0.1:{port}"
        assert _field(lines, "token") == "token-from-a-custom-fixture"
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            advanced = client.post("/_mock/clock/advance", json={"seconds": 5})
            assert advanced.status_code == 200 and advanced.json()["manual"] is True


def test_options_on_the_command_line_and_json_output(tmp_path: Path) -> None:
    data: dict[str, Any] = {
        "organizations": [{"id": str(uuid.uuid4()), "tokens": ["cli-token"], "environments": []}]
    }
    fixture = tmp_path / "tiny.json"
    fixture.write_text(json.dumps(data))
    with served("--port", "0", "--fixtures", str(fixture), "--json", until="{") as lines:
        info = json.loads(lines[-1])
        assert info["token"] == "cli-token"
        assert info["ids"]["jobs"] == []
        with httpx.Client(base_url=info["url"], timeout=10) as client:
            assert client.get("/_mock/info").json()["token"] == "cli-token"


def test_a_bad_fixture_file_stops_the_cli(tmp_path: Path) -> None:
    fixture = tmp_path / "bad.yaml"
    fixture.write_text("organizations: [{id: not-a-uuid, tokens: [t]}]\n")
    result = subprocess.run(
        [sys.executable, "-m", "qovery_mock", "--port", "0", "--fixtures", str(fixture)],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "not a 'uuid'" in result.stderr


@pytest.mark.skipif(
    not (Path(sys.executable).parent / "qovery-mock").exists(), reason="console script not installed"
)
def test_the_console_script_shows_its_help() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "qovery-mock"), "--help"],
        check=False,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0
    assert "--fixtures" in result.stdout and "--port" in result.stdout
