"""Every exit code of qovery-deploy, against the mock served with deployments of about a second."""

from __future__ import annotations

import json
import signal
import socket
import subprocess

import pytest

from tests.cli.cli_support import (
    COMMAND,
    DATABASE,
    DELETING_JOB,
    ENV,
    FOREIGN_JOB,
    JOB,
    UNKNOWN,
    FastMock,
    run,
)


def test_0_when_the_redeploy_is_accepted_without_waiting(fast_mock: FastMock) -> None:
    done = run(["redeploy", "job", JOB, "--force-event", "CRON", "--json"], fast_mock.env())

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["result"] == "ACCEPTED" and report["succeeded"] is None
    assert report["deployment_request_id"] == fast_mock.mock.resource(JOB)["last_request"]["id"]
    assert fast_mock.mock.resource(JOB)["last_request"]["force_event"] == "CRON"


def test_0_when_the_deployment_succeeds(fast_mock: FastMock) -> None:
    done = run(["redeploy", "environment", ENV, "--wait", "--timeout", "1m"], fast_mock.env())

    assert done.returncode == 0, done.stderr
    assert "SUCCEEDED (DEPLOYED)" in done.stdout.splitlines()[-1]
    assert done.stderr == ""


def test_1_when_the_deployment_fails(fast_mock: FastMock) -> None:
    fast_mock.mock.add_fault("redeployDatabase", "deploy_failure", count=1)

    done = run(["redeploy", "database", DATABASE, "--apply-immediately", "--wait", "--json"], fast_mock.env())

    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert (
        report["result"] == "FAILED"
        and report["state"] == "DEPLOYMENT_ERROR"
        and report["succeeded"] is False
    )
    assert done.stderr.splitlines()[-1].startswith("qovery-deploy: redeploy of database")
    assert "DEPLOYMENT_ERROR" in done.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [
        ["redeploy", "application", JOB],  # an unknown kind
        ["redeploy", "job", "not-a-uuid"],  # a malformed id
        ["redeploy", "job", JOB, "--timeout", "soon"],  # a bad option value
        ["redeploy", "job", JOB, "--timeout", "0"],
        ["redeploy", "job", JOB, "--force-event", "NEVER"],  # checked by the client before sending
        ["redeploy", "environment", ENV, "--force-event", "CRON"],
        ["redeploy", "job", JOB, "--apply-immediately"],
        ["redeploy", "job", JOB, "--when-busy", "sometimes"],
        ["restart", ENV, "--application", "api"],
        ["status", "job", JOB, "--services"],
        ["deploy", "job", JOB],  # an unknown command
    ],
    ids=lambda args: " ".join(args[:1] + args[3:] if len(args) > 3 else args[:2]),
)
def test_2_on_a_usage_error_and_nothing_is_sent(fast_mock: FastMock, args: list[str]) -> None:
    done = run(args, fast_mock.env())

    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stdout == ""
    assert "rror" in done.stderr
    assert fast_mock.mock.resource(JOB)["total_deployment_requests"] == 0
    assert fast_mock.mock.resource(ENV)["total_deployment_requests"] == 0


def test_2_without_a_token(fast_mock: FastMock) -> None:
    env = fast_mock.env()
    del env["QOVERY_API_TOKEN"]

    done = run(["redeploy", "job", JOB], env)

    assert done.returncode == 2
    assert "QOVERY_API_TOKEN" in done.stderr


def test_3_when_the_wait_times_out(fast_mock: FastMock) -> None:
    done = run(["redeploy", "job", JOB, "--wait", "--timeout", "1", "--json"], fast_mock.env())

    assert done.returncode == 3, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["result"] == "TIMED_OUT" and report["succeeded"] is False
    assert report["elapsed"] < 2
    assert "The deployment goes on" in done.stderr


@pytest.mark.parametrize(
    ("resource", "token", "status", "message"),
    [
        (JOB, "qov_acme_unknown_0000000000000000", 401, "unknown or expired token"),
        (FOREIGN_JOB, None, 403, ""),
        (UNKNOWN, None, 404, ""),
        (DELETING_JOB, None, 409, "operation in progress"),
    ],
    ids=["401", "403", "404", "409"],
)
def test_4_when_the_api_refuses(
    fast_mock: FastMock, resource: str, token: str | None, status: int, message: str
) -> None:
    env = fast_mock.env(**({"QOVERY_API_TOKEN": token} if token else {}))

    done = run(["redeploy", "job", resource, "--wait", "--json"], env)

    assert done.returncode == 4, done.stderr
    error_line = done.stderr.strip()
    assert len(error_line.splitlines()) == 1
    assert error_line.startswith(f"qovery-deploy: redeployJob: HTTP {status} ")
    assert message in error_line
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["result"] == "ERROR"
    assert report["error"]["status_code"] == status and report["error"]["operation"] == "redeployJob"


def test_4_after_retries_of_503(fast_mock: FastMock) -> None:
    fast_mock.mock.add_fault("getJobStatus", "status", status=503)

    done = run(["status", "job", JOB], fast_mock.env())

    assert done.returncode == 4
    assert done.stderr.startswith("qovery-deploy: getJobStatus: HTTP 503 ")
    assert len(done.stderr.splitlines()) == 1


def test_4_when_nothing_listens(fast_mock: FastMock) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"  # bound, never listening: refused

        done = run(["redeploy", "job", JOB], fast_mock.env(QOVERY_API_URL=closed))

    assert done.returncode == 4
    assert "redeployJob" in done.stderr and "ConnectError" in done.stderr


def test_130_on_ctrl_c_and_the_deployment_goes_on(fast_mock: FastMock) -> None:
    process = subprocess.Popen(
        [COMMAND, "redeploy", "environment", ENV, "--wait"],
        env=fast_mock.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # written once the redeploy was accepted
        assert "DEPLOYMENT_QUEUED" in first
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
        process.wait()

    assert process.returncode == 130
    assert "the deployment goes on" in stderr
    assert "Traceback" not in stderr
    assert "INTERRUPTED" in stdout
    assert fast_mock.mock.resource(ENV)["total_deployment_requests"] == 1
