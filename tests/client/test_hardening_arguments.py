"""Arguments are exact, and checked before anything is sent: ids, the ids inside request bodies, enum
and boolean parameters. And Retry-After: invalid values count as absent, and no wait is unbounded."""

import json
from typing import Any
from uuid import UUID

import pytest
from qovery_deploy_client import RetryPolicy, errors, models
from qovery_deploy_client.api.database_actions import redeploy_database
from qovery_deploy_client.api.environment_actions import reboot_services
from qovery_deploy_client.api.helm_actions import redeploy_helm
from qovery_deploy_client.api.job_actions import redeploy_job

from tests.client.client_support import Operation
from tests.client.resilience_support import (
    ACCEPTED,
    JOB_ID,
    FakeClock,
    Redeploy,
    ScriptedServer,
    client_for,
    status,
)

TEXT = "6f1c8a02-4d2e-4b8f-9a51-0c3e7d9b1a44"
BAD_IDS = [
    TEXT + "\n",
    TEXT + " ",
    " " + TEXT,
    "+" + TEXT,
    "{" + TEXT + "}",
    "urn:uuid:" + TEXT,
    TEXT.replace("-", ""),
    TEXT[:-1],
    "../../org",
    "",
    TEXT.replace("a", "\u0430"),  # a Cyrillic a
    123,
    None,
    JOB_ID.bytes,
]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
def test_an_id_that_is_not_exactly_a_uuid_is_refused_before_sending(operation: Operation, bad: Any) -> None:
    server = ScriptedServer(ACCEPTED)
    with pytest.raises(errors.InvalidArgumentError, match="must be a UUID"):
        operation.module.sync(**operation.path_arguments(bad), client=client_for(server))
    assert server.requests == []


@pytest.mark.parametrize("good", [TEXT, TEXT.upper(), UUID(TEXT)], ids=["lower", "upper", "UUID"])
def test_a_uuid_or_its_text_in_any_case_is_sent_as_the_same_id(good: Any) -> None:
    server = ScriptedServer(ACCEPTED)
    redeploy_job.sync(good, client=client_for(server))
    assert server.requests[0].url.path == f"/job/{TEXT}/redeploy"


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("application_ids", TEXT, "body.application_ids: expected a list"),
        ("application_ids", None, "body.application_ids: expected a list"),
        ("application_ids", "../../org", "body.application_ids: expected a list"),
        ("application_ids", ["../../org"], r"body.application_ids\[0\]: expected a UUID"),
        ("database_ids", [UUID(TEXT), TEXT + "\n"], r"body.database_ids\[1\]: expected a UUID"),
        ("container_ids", ["{" + TEXT + "}"], r"body.container_ids\[0\]: expected a UUID"),
        ("container_ids", {TEXT: 1}, "body.container_ids: expected a list"),
        ("container_ids", [None], r"body.container_ids\[0\]: expected a UUID"),
    ],
)
def test_ids_inside_a_restart_body_get_the_same_check(field: str, value: Any, named: str) -> None:
    server = ScriptedServer(ACCEPTED)
    body = models.RebootServicesRequest(**{field: value})

    with pytest.raises(errors.InvalidArgumentError, match=named):
        reboot_services.sync(JOB_ID, client=client_for(server), body=body)
    assert server.requests == []


def test_a_body_that_is_not_the_model_is_refused() -> None:
    server = ScriptedServer(ACCEPTED)
    with pytest.raises(errors.InvalidArgumentError, match="expected a RebootServicesRequest"):
        reboot_services.sync(JOB_ID, client=client_for(server), body={"application_ids": [TEXT]})  # type: ignore[arg-type]
    assert server.requests == []


def test_a_restart_body_of_uuids_and_their_text_is_sent() -> None:
    server = ScriptedServer(ACCEPTED)
    body = models.RebootServicesRequest(application_ids=[UUID(TEXT), TEXT.upper()], database_ids=[])
    reboot_services.sync(JOB_ID, client=client_for(server), body=body)
    assert json.loads(server.requests[0].content) == {
        "application_ids": [TEXT, TEXT.upper()],
        "database_ids": [],
    }


@pytest.mark.parametrize("event", ["CRON", "START", models.JobForceEvent.STOP])
def test_an_enum_parameter_takes_its_string_values(event: Any) -> None:
    server = ScriptedServer(ACCEPTED)
    redeploy_job.sync(JOB_ID, client=client_for(server), force_event=event)
    assert server.requests[0].url.params["forceEvent"] == str(event)


@pytest.mark.parametrize(
    "event",
    ["cron", "CRON ", "BOGUS", 3, None, models.JobForceEvent("NEW_EVENT"), models.HelmForceEvent.DIFF],
)
def test_an_invalid_enum_parameter_raises_invalid_argument_error(event: Any) -> None:
    server = ScriptedServer(ACCEPTED)
    with pytest.raises(
        errors.InvalidArgumentError, match="force_event must be one of CRON, DELETE, START, STOP"
    ):
        redeploy_job.sync(JOB_ID, client=client_for(server), force_event=event)
    assert server.requests == []


def test_the_helm_event_takes_its_string_value_too() -> None:
    server = ScriptedServer(ACCEPTED)
    redeploy_helm.sync(JOB_ID, client=client_for(server), force_event="DIFF")  # type: ignore[arg-type]
    with pytest.raises(errors.InvalidArgumentError):
        redeploy_helm.sync(JOB_ID, client=client_for(server), force_event="CRON")  # type: ignore[arg-type]
    assert len(server.requests) == 1


@pytest.mark.parametrize("flag", ["true", "false", 1, 0, None])
def test_a_boolean_parameter_takes_booleans_only(flag: Any) -> None:
    server = ScriptedServer(ACCEPTED)
    with pytest.raises(errors.InvalidArgumentError, match="apply_immediately must be True or False"):
        redeploy_database.sync(JOB_ID, client=client_for(server), apply_immediately=flag)
    assert server.requests == []


# Retry-After


@pytest.mark.parametrize(
    "value",
    ["-5", "-0.5", "+5", "5e3", "inf", "NaN", "1_000", "0x10", "5 s", "1e308", "99999999999999999999"],
)
async def test_an_invalid_retry_after_counts_as_absent_and_the_backoff_applies(
    redeploy: Redeploy, value: str
) -> None:
    server = ScriptedServer(status(503, headers={"Retry-After": value}))
    clock = FakeClock()
    policy = RetryPolicy(max_attempts=4, initial_backoff=0.5, jitter=0, deadline=None)

    with pytest.raises(errors.InternalServerError):
        await redeploy(client_for(server, clock, retry=policy))

    assert clock.sleeps == [0.5, 1.0, 2.0]
    assert errors.parse_retry_after(value) is None


@pytest.mark.parametrize("value", ["999999999999999", "86400", "Fri, 31 Dec 9999 23:59:59 GMT"])
async def test_a_huge_retry_after_with_no_deadline_is_not_waited_for_and_raises_no_overflow(
    redeploy: Redeploy, value: str
) -> None:
    server = ScriptedServer(status(429, headers={"Retry-After": value}), ACCEPTED)
    clock = FakeClock()
    policy = RetryPolicy(deadline=None)

    with pytest.raises(errors.RateLimitError):
        await redeploy(client_for(server, clock, retry=policy, timeout=None))

    assert clock.sleeps == []
    assert len(server.requests) == 1


async def test_every_wait_is_at_most_max_wait(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(503, headers={"Retry-After": "100"}), status(503), ACCEPTED)
    clock = FakeClock()
    policy = RetryPolicy(deadline=None, max_wait=100, initial_backoff=1000, max_backoff=1e6, jitter=0)

    await redeploy(client_for(server, clock, retry=policy, timeout=None))

    assert clock.sleeps == [100.0, 100.0]


async def test_many_attempts_do_not_overflow_the_backoff(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(503))
    clock = FakeClock()
    policy = RetryPolicy(max_attempts=1100, deadline=None, initial_backoff=0, max_backoff=0, jitter=0)

    with pytest.raises(errors.InternalServerError):
        await redeploy(client_for(server, clock, retry=policy, timeout=None))

    assert len(server.requests) == 1100


@pytest.mark.parametrize(
    "settings",
    [
        {"deadline": float("inf")},
        {"deadline": float("nan")},
        {"deadline": -1},
        {"max_backoff": float("inf")},
        {"initial_backoff": float("nan")},
        {"jitter": -0.1},
        {"max_wait": float("inf")},
        {"max_attempts": 2.5},
        {"max_attempts": 0},
        {"initial_backoff": "1"},
    ],
    ids=repr,
)
def test_a_retry_policy_refuses_settings_that_are_not_finite_seconds(settings: dict[str, Any]) -> None:
    with pytest.raises((ValueError, TypeError)):
        RetryPolicy(**settings)
