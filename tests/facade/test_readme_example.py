"""The package README opens with a five-line example: redeploy, wait, print the outcome. It runs, on the mock."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import qovery_deploy_client

from tests.facade.facade_support import MockTime

if TYPE_CHECKING:
    from qovery_mock.pytest_plugin import InProcessMock


README = Path(__file__).resolve().parents[2] / "generated" / "README.md"
JOB = "faea0b17-6f1b-4152-a793-cf00184d0022"  # the mock's job with a CRON event


def first_example() -> str:
    found = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert found, "the package README has no Python example"
    return found.group(1)


def test_the_first_example_is_five_lines_that_redeploy_wait_and_print() -> None:
    lines = first_example().rstrip("\n").split("\n")

    assert len(lines) == 5
    assert ".redeploy(" in lines[3] and ".wait(" in lines[4] and "print(" in lines[4]


def test_the_first_example_runs_and_prints_the_outcome(
    qovery_mock: InProcessMock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = qovery_deploy_client.Qovery

    def on_the_mock(**options: Any) -> qovery_deploy_client.Qovery:
        # The example's Qovery() reads QOVERY_API_TOKEN and QOVERY_API_URL; here it gets the mock's.
        assert not options
        return real(
            base_url=qovery_mock.base_url,
            token=qovery_mock.token,
            clock=MockTime(qovery_mock.clock),
            httpx_args={"transport": qovery_mock.transport},
        )

    monkeypatch.setattr(qovery_deploy_client, "Qovery", on_the_mock)
    code = re.sub(r'"[0-9a-f-]{36}"', f'"{JOB}"', first_example())

    exec(compile(code, str(README), "exec"), {"__name__": "readme_example"})  # noqa: S102

    printed = capsys.readouterr().out
    assert f"of job {JOB}" in printed and "ended in DEPLOYED (succeeded)" in printed
    assert qovery_mock.mock.resource(JOB)["last_request"]["force_event"] == "CRON"
