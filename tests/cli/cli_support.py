"""Running `qovery-deploy` against the mock served on 127.0.0.1 with deployments of about a second."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qovery_mock.mock import Mock

FAST_FIXTURES = Path(__file__).resolve().parent / "data" / "fast.yaml"
COMMAND = str(Path(sys.executable).with_name("qovery-deploy"))

JOB = "faea0b17-6f1b-4152-a793-cf00184d0022"  # nightly-report
DELETING_JOB = "87583fc8-2143-499b-9bb6-b9d09af4b2d4"  # being deleted: 409
ENV = "a656f57b-9356-462c-b888-06c45011b5b3"  # production
API_APP = "c3dfa736-9e95-48d6-88ad-13b372ea7c7e"
WEB_APP = "35d79764-fba3-4d24-b252-05ed3c8235e9"
DATABASE = "756c181f-d02a-49d2-8abe-b7ad22136d2f"
HELM = "a7435284-bc82-465b-8e30-7a1e228e4fa6"
FOREIGN_JOB = "88136afa-9a50-4b04-a4a9-a4f48352262c"  # another organization's: 403
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@dataclass
class FastMock:
    """The mock on the real clock, served over HTTP."""

    url: str
    mock: Mock

    @property
    def token(self) -> str:
        return self.mock.default_token

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a run: the mock's address and token, and no GitHub Actions variables."""
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("GITHUB_", "QOVERY_", "RUNNER_")) and name != "CI"
        }
        env.update({"QOVERY_API_URL": self.url, "QOVERY_API_TOKEN": self.token, **extra})
        return env


def run(
    args: list[str], env: dict[str, str], timeout: float = 30, **options: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COMMAND, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False, **options
    )
