"""What qovery-deploy writes: the JSON object, the CI lines, the live terminal line, GitHub's commands and
step summary, and never the token."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

from tests.cli.cli_support import API_APP, COMMAND, ENV, JOB, UNKNOWN, WEB_APP, FastMock, run

STAMPED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ redeploy environment " + ENV + r": (\S+)")


def test_json_shape_of_an_environment_redeploy(fast_mock: FastMock) -> None:
    done = run(["redeploy", "environment", ENV, "--wait", "--json"], fast_mock.env())

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert done.stdout.count("\n") == 1, "progress goes to stderr with --json"
    assert set(report) == {
        "operation", "kind", "id", "deployment_request_id", "state", "result", "succeeded",
        "elapsed", "polls", "message", "services",
    }  # fmt: skip
    assert (report["operation"], report["kind"], report["id"]) == ("redeploy", "environment", ENV)
    assert uuid.UUID(report["deployment_request_id"])
    assert (report["state"], report["result"], report["succeeded"]) == ("DEPLOYED", "SUCCEEDED", True)
    assert 0.5 < report["elapsed"] < 30 and report["polls"] >= 1
    services = {service["id"]: service for service in report["services"]}
    assert set(fast_mock.mock.services(ENV)["applications"]) <= set(services)
    assert all(service["result"] == "SUCCEEDED" for service in services.values())
    assert services[API_APP] == {
        "kind": "application",
        "id": API_APP,
        "state": "DEPLOYED",
        "deployment_request_id": report["deployment_request_id"],
        "result": "SUCCEEDED",
    }


def test_json_of_a_restart_lists_the_restarted_services(fast_mock: FastMock) -> None:
    done = run(
        ["restart", ENV, "--application", API_APP, "--application", WEB_APP, "--wait", "--json"],
        fast_mock.env(),
    )

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert (report["operation"], report["state"], report["succeeded"]) == ("restart", "RESTARTED", True)
    assert {service["id"] for service in report["services"]} == {API_APP, WEB_APP}
    assert {service["state"] for service in report["services"]} == {"RESTARTED"}


def test_json_of_a_status_with_every_service(fast_mock: FastMock) -> None:
    done = run(["status", "environment", ENV, "--services", "--json"], fast_mock.env())

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["operation"], report["state"]) == ("status", "DEPLOYED")
    assert {row["id"] for row in report["services"]} >= {API_APP, WEB_APP, JOB}


def test_ci_lines_one_timestamped_line_per_change(fast_mock: FastMock) -> None:
    done = run(["redeploy", "environment", ENV, "--wait"], fast_mock.env())

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    states = [match.group(1) for line in lines if (match := STAMPED.match(line))]
    assert len(states) == len(lines), done.stdout
    assert states[0] == "DEPLOYMENT_QUEUED" and states[-1] == "SUCCEEDED"
    assert "DEPLOYED" in states
    assert len(set(states)) == len(states), "one line per change, none repeated"
    assert "\r" not in done.stdout and "\x1b" not in done.stdout


def test_terminal_one_live_line(fast_mock: FastMock) -> None:
    primary, secondary = os.openpty()
    process = subprocess.Popen(
        [COMMAND, "redeploy", "environment", ENV, "--wait"],
        env=fast_mock.env(),
        stdout=secondary,
        stderr=subprocess.PIPE,
        close_fds=True,
    )
    os.close(secondary)
    written = b""
    try:
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            written += chunk
        process.wait(timeout=30)
    finally:
        process.kill()
        process.wait()
        os.close(primary)

    assert process.returncode == 0
    text = written.decode()
    redraws = text.split("\r\x1b[2K")
    assert len(redraws) >= 4, "the line is redrawn in place while waiting"
    assert re.search(r"DEPLOYMENT_QUEUED \d+\.\ds", text), "the line shows the state and the time elapsed"
    assert text.count("\n") == 1, "one line in the end"
    assert "SUCCEEDED (DEPLOYED)" in redraws[-1] and re.match(r"^\d{4}-", redraws[-1]) is None


def github_env(fast_mock: FastMock, folder: Path) -> dict[str, str]:
    return fast_mock.env(
        GITHUB_ACTIONS="true",
        GITHUB_OUTPUT=str(folder / "output"),
        GITHUB_STEP_SUMMARY=str(folder / "summary.md"),
    )


def test_github_actions_group_summary_and_outputs(fast_mock: FastMock, tmp_path: Path) -> None:
    done = run(["restart", ENV, "--application", API_APP, "--wait"], github_env(fast_mock, tmp_path))

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"::group::qovery-deploy restart environment {ENV}"
    assert "::endgroup::" in lines and not any(line.startswith("::error") for line in lines)
    outputs = dict(line.split("=", 1) for line in (tmp_path / "output").read_text().splitlines())
    assert outputs["state"] == "RESTARTED" and outputs["succeeded"] == "true"
    assert uuid.UUID(outputs["deployment-request-id"])
    summary = (tmp_path / "summary.md").read_text()
    assert f"### qovery-deploy: restart environment `{ENV}`" in summary
    assert "| Result | ✅ SUCCEEDED |" in summary and "| State | RESTARTED |" in summary
    assert f"| `{API_APP}` | application | RESTARTED | SUCCEEDED |" in summary


def test_github_actions_error_annotation_and_failed_summary(fast_mock: FastMock, tmp_path: Path) -> None:
    fast_mock.mock.add_fault("redeployEnvironment", "deploy_failure", count=1)

    done = run(["redeploy", "environment", ENV, "--wait"], github_env(fast_mock, tmp_path))

    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1 and errors[0].startswith("::error title=qovery-deploy redeploy environment::")
    assert "DEPLOYMENT_ERROR" in errors[0]
    summary = (tmp_path / "summary.md").read_text()
    assert "| Result | ❌ FAILED |" in summary and "DEPLOYMENT_ERROR" in summary
    outputs = (tmp_path / "output").read_text()
    assert "succeeded=false\n" in outputs


def test_the_token_is_never_written(fast_mock: FastMock, tmp_path: Path) -> None:
    """Through --verbose, errors, JSON, GitHub's summary and outputs: never the token, even when the API quotes it."""
    token = fast_mock.token
    # The API echoes the credential in an error body: the client and the command keep it out.
    fast_mock.mock.add_fault(
        "getEnvironmentStatuses",
        "non_json",
        status=404,
        count=1,
        body=f"no such token: {token}",
        content_type="text/plain",
    )
    runs = [
        run(["redeploy", "environment", ENV, "--wait", "--verbose"], github_env(fast_mock, tmp_path)),
        run(
            ["redeploy", "job", JOB, "--verbose", "--json", "--token", token], github_env(fast_mock, tmp_path)
        ),
        run(["redeploy", "job", UNKNOWN, "--verbose", "--json"], github_env(fast_mock, tmp_path)),
        run(["redeploy", "job", JOB, "--verbose", "--token", token + "x"], github_env(fast_mock, tmp_path)),
        run(["status", "environment", ENV, "--services", "--verbose"], fast_mock.env()),
    ]

    assert [done.returncode for done in runs] == [4, 0, 4, 4, 0]
    assert "HTTP Request: GET" in runs[0].stderr, "--verbose logs the requests"
    assert "[REDACTED]" in runs[0].stderr + runs[0].stdout
    written = [done.stdout + done.stderr for done in runs]
    written += [(tmp_path / "summary.md").read_text(), (tmp_path / "output").read_text()]
    for text in written:
        assert token not in text
        assert token[len("qov_") :] not in text


def test_help_loads_neither_httpx_nor_the_models() -> None:
    code = (
        "import sys\n"
        "from qovery_deploy_client import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "loaded = [name for name in ('httpx', 'qovery_deploy_client.models', 'qovery_deploy_client.qovery') "
        "if name in sys.modules]\n"
        "print('LOADED', loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert "redeploy" in done.stdout
    assert done.stdout.splitlines()[-1] == "LOADED []"
