"""DeploymentFailed, DeploymentCanceled and DeploymentTimeout, and their Outcome, survive copy, deepcopy and pickle.

The errors are real ones, raised by wait(): a failed environment deployment (with its services) and a
timeout against the in-process mock, a cancel from a scripted answer.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from qovery_deploy_client import (
    DeploymentCanceled,
    DeploymentFailed,
    DeploymentTimeout,
    Outcome,
    Qovery,
    QoveryError,
    Result,
)

from tests.facade.facade_support import REQUEST, FakeTime, MockTime, Script, answer, scripted, status_body

if TYPE_CHECKING:
    from qovery_mock.pytest_plugin import InProcessMock


JOB = "faea0b17-6f1b-4152-a793-cf00184d0022"
ENV = "a656f57b-9356-462c-b888-06c45011b5b3"


def against_mock(mock: InProcessMock) -> Qovery:
    return Qovery(
        base_url=mock.base_url,
        token=mock.token,
        clock=MockTime(mock.clock),
        httpx_args={"transport": mock.transport},
    )


def failed(mock: InProcessMock) -> QoveryError:
    mock.mock.add_fault("redeployEnvironment", "deploy_failure", count=1)
    with against_mock(mock) as q, pytest.raises(DeploymentFailed) as caught:
        q.environments.redeploy(ENV).wait()
    assert caught.value.outcome.failed_services
    return caught.value


def timed_out(mock: InProcessMock) -> QoveryError:
    with against_mock(mock) as q, pytest.raises(DeploymentTimeout) as caught:
        q.jobs.redeploy(JOB).wait(timeout=10)
    assert caught.value.outcome.result is Result.TIMED_OUT
    return caught.value


def canceled(mock: InProcessMock) -> QoveryError:
    script = Script(
        [
            answer(202, status_body(REQUEST, "DEPLOYMENT_QUEUED")),
            answer(200, status_body(REQUEST, "CANCELED")),
        ]
    )
    q = scripted("sync", script, FakeTime())
    assert isinstance(q, Qovery)
    with q, pytest.raises(DeploymentCanceled) as caught:
        q.jobs.redeploy(JOB).wait()
    return caught.value


COPIES: dict[str, Callable[[Any], Any]] = {
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
    "pickle": lambda value: pickle.loads(pickle.dumps(value)),
}


@pytest.mark.parametrize("make", [failed, canceled, timed_out], ids=["failed", "canceled", "timeout"])
@pytest.mark.parametrize("how", list(COPIES))
def test_a_wait_error_and_its_outcome_survive_a_copy(
    qovery_mock: InProcessMock, make: Callable[[InProcessMock], QoveryError], how: str
) -> None:
    error = make(qovery_mock)
    outcome: Outcome = error.outcome  # type: ignore[attr-defined]

    copied = COPIES[how](error)

    assert type(copied) is type(error)
    assert isinstance(copied, QoveryError)
    assert str(copied) == str(error) == outcome.message
    assert copied.args == error.args
    assert copied.outcome == outcome
    assert copied.outcome.status == outcome.status
    assert copied.outcome.services == outcome.services
    assert copied.outcome.result is outcome.result
    assert copied.outcome.state is outcome.state


@pytest.mark.parametrize("how", list(COPIES))
def test_an_outcome_survives_a_copy(qovery_mock: InProcessMock, how: str) -> None:
    outcome = failed(qovery_mock).outcome  # type: ignore[attr-defined]

    copied = COPIES[how](outcome)

    assert copied == outcome
    assert copied.failed_services == outcome.failed_services
    assert str(copied) == str(outcome)
    assert copied.succeeded is outcome.succeeded is False


def test_the_copies_keep_the_status_fields_the_spec_does_not_list() -> None:
    body = {**status_body(REQUEST, "CANCELED"), "future_field": {"nested": [1, 2]}}
    script = Script([answer(202, status_body(REQUEST, "DEPLOYMENT_QUEUED")), answer(200, body)])
    q = scripted("sync", script, FakeTime())
    assert isinstance(q, Qovery)
    with q, pytest.raises(DeploymentCanceled) as caught:
        q.jobs.redeploy(JOB).wait()
    status = caught.value.outcome.status
    assert status is not None and status.additional_properties["future_field"] == {"nested": [1, 2]}

    for how in COPIES.values():
        copied = how(caught.value)
        assert copied.outcome.status.additional_properties["future_field"] == {"nested": [1, 2]}


def test_httpx_is_not_needed_to_unpickle_an_outcome() -> None:
    # The outcome holds models and plain values only: nothing tied to a connection or a client.
    script = Script(
        [
            answer(202, status_body(REQUEST, "DEPLOYMENT_QUEUED")),
            answer(200, status_body(REQUEST, "DEPLOYED")),
        ]
    )
    q = scripted("sync", script, FakeTime())
    assert isinstance(q, Qovery)
    with q:
        outcome = q.jobs.redeploy(JOB).wait()
    data = pickle.dumps(outcome)
    assert b"httpx" not in data
    assert pickle.loads(data) == outcome
