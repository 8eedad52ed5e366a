"""The suite's own parts: each check must be able to fail, and secrets must stay out of what it writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract_tests.harness.api_schema import TokenHolder
from contract_tests.harness.client_calls import ClientOperation, ClientOutcome, Exchange
from contract_tests.harness.client_checks import check_parsed_answer, check_sent_request
from contract_tests.harness.failures import ContractViolation, curl_command
from contract_tests.harness.json_compare import differences, normalize
from contract_tests.harness.redaction import REDACTED, redact_text, scrub_directory
from contract_tests.harness.request_check import check_request
from contract_tests.harness.safety import SafetyPolicy, UnsafeRequestError, guarded_session
from contract_tests.harness.settings import SettingsError, TargetKind, id_env_var, resolve_settings
from contract_tests.harness.spec import Spec, snake_case
from contract_tests.harness.target import Target

BASE = "http://api.test"
TOKEN = "secret-token-123456"
JOB = "faea0b17-6f1b-4152-a793-cf00184d0022"


def request(
    method: str, path: str, *, token: str | None = TOKEN, headers: dict[str, str] | None = None, **kwargs: Any
) -> httpx.Request:
    sent = {"Authorization": f"Token {token}"} if token else {}
    return httpx.Request(method, BASE + path, headers={**sent, **(headers or {})}, **kwargs)


@pytest.mark.parametrize(
    ("operation_id", "sent", "problem"),
    [
        ("redeployJob", request("GET", f"/job/{JOB}/redeploy"), "method GET"),
        ("redeployJob", request("POST", "/job/not-a-uuid/redeploy"), "is not a 'uuid'"),
        ("redeployJob", request("POST", f"/job/{JOB}/redeploy?forceEvent=NOPE"), "is not one of"),
        ("redeployJob", request("POST", f"/job/{JOB}/redeploy?force=START"), "`force` is not documented"),
        ("redeployJob", request("POST", f"/job/{JOB}/redeploy", token=None), "no documented credentials"),
        (
            "redeployDatabase",
            request("POST", f"/database/{JOB}/redeploy?applyImmediately=yes"),
            "is not of type",
        ),
        (
            "rebootServices",
            request("POST", f"/environment/{JOB}/service/restart-service", json={"application_ids": ["x"]}),
            "body at",
        ),
        (
            "rebootServices",
            request(
                "POST",
                f"/environment/{JOB}/service/restart-service",
                content=b"{}",
                headers={"Content-Type": "text/plain"},
            ),
            "media type",
        ),
    ],
    ids=[
        "method",
        "path id",
        "query enum",
        "unknown query",
        "no credentials",
        "query type",
        "body",
        "media type",
    ],
)
def test_request_check_reports_each_departure(
    spec: Spec, operation_id: str, sent: httpx.Request, problem: str
) -> None:
    problems = check_request(spec, spec.operations[operation_id], sent, BASE)
    assert any(problem in found for found in problems), problems


def test_request_check_accepts_a_documented_request(spec: Spec) -> None:
    sent = request("POST", f"/environment/{JOB}/service/restart-service", json={"container_ids": [JOB]})
    assert check_request(spec, spec.operations["rebootServices"], sent, BASE) == []
    bearer = httpx.Request(
        "POST", f"{BASE}/job/{JOB}/redeploy?forceEvent=CRON", headers={"Authorization": "Bearer x"}
    )
    assert check_request(spec, spec.operations["redeployJob"], bearer, BASE) == []


def test_sent_values_must_be_the_arguments(spec: Spec) -> None:
    operation = spec.operations["redeployJob"]
    sent = request("POST", f"/job/{JOB}/redeploy?forceEvent=STOP")
    exchange = Exchange(sent, httpx.Response(404, request=sent))
    intended = {"path": {"jobId": JOB.upper()}, "query": {"forceEvent": "START"}, "body": None}
    with pytest.raises(ContractViolation, match=r"\$query.forceEvent: expected 'START', got 'STOP'"):
        check_sent_request(spec, operation, exchange, BASE, intended)


def test_a_model_that_drops_unknown_fields_fails_the_round_trip(
    spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qovery_deploy_client.models import Status

    operation = spec.operations["redeployJob"]
    body = {
        "id": JOB,
        "state": "DEPLOYMENT_QUEUED",
        "service_deployment_status": "OUT_OF_DATE",
        "status_details": {"action": "DEPLOY", "status": "QUEUED"},
        "brand_new_field": 1,
    }
    sent = request("POST", f"/job/{JOB}/redeploy")
    exchange = Exchange(sent, httpx.Response(202, json=body, request=sent))
    parsed = Status.from_dict(body)
    check_parsed_answer(spec, ClientOperation.of(operation), exchange, ClientOutcome(parsed=parsed))
    original = Status.to_dict
    monkeypatch.setattr(
        Status, "to_dict", lambda self: {k: v for k, v in original(self).items() if k != "brand_new_field"}
    )
    with pytest.raises(ContractViolation, match="round-trips") as failure:
        check_parsed_answer(
            spec, ClientOperation.of(operation), exchange, ClientOutcome(parsed=parsed), [TOKEN]
        )
    assert "redeployJob (POST /job/{jobId}/redeploy)" in str(failure.value)
    assert "curl -X POST" in str(failure.value) and TOKEN not in str(failure.value)


def test_an_error_answer_that_does_not_raise_fails(spec: Spec) -> None:
    operation = spec.operations["redeployHelm"]
    sent = request("POST", f"/helm/{JOB}/redeploy")
    exchange = Exchange(sent, httpx.Response(409, content=b"busy", request=sent))
    with pytest.raises(ContractViolation, match="typed error"):
        check_parsed_answer(spec, ClientOperation.of(operation), exchange, ClientOutcome(parsed=None))


def test_wire_values_compare_as_the_spec_types_them(spec: Spec) -> None:
    schema = spec.operations["redeployJob"].success_schema
    received = {"id": JOB.upper(), "last_deployment_date": "2026-11-02T09:14:03Z"}
    rebuilt = {"id": JOB, "last_deployment_date": "2026-11-02T10:14:03+01:00"}
    assert differences(normalize(spec, schema, received), normalize(spec, schema, rebuilt)) == []
    assert differences({"a": 1}, {"a": True}) == ["$.a: expected 1, got True"]


def test_curl_and_text_never_carry_the_token(tmp_path: Path) -> None:
    command = curl_command(request("POST", f"/job/{JOB}/redeploy", json={"a": 1}))
    assert TOKEN not in command and REDACTED in command and "--data-raw" in command
    assert TOKEN not in redact_text(f"Authorization: Token {TOKEN}")
    assert redact_text("Authorization: Bearer abc.def.ghi") == f"Authorization: {REDACTED}"
    report = tmp_path / "report.xml"
    report.write_text(json.dumps({"header": TOKEN}), encoding="utf-8")
    assert scrub_directory(tmp_path, [TOKEN]) == [report]
    assert TOKEN not in report.read_text(encoding="utf-8")


def test_live_policy_refuses_listed_ids_outside_the_deploy_window() -> None:
    policy = SafetyPolicy(guarded=True, allow_deploy=False, listed_ids={"jobs": (JOB,)})
    policy.check("POST", f"{BASE}/job/{JOB.replace('f', '0')}/redeploy", None)
    with pytest.raises(UnsafeRequestError):
        policy.check("POST", f"{BASE}/job/{JOB.upper()}/redeploy", None)
    with pytest.raises(UnsafeRequestError):
        policy.check(
            "POST", f"{BASE}/environment/x/service/restart-service", json.dumps({"ids": [JOB]}).encode()
        )
    with pytest.raises(UnsafeRequestError), policy.deploy_window():
        pass
    with pytest.raises(UnsafeRequestError):
        guarded_session(policy).post(f"http://127.0.0.1:9/job/{JOB}/redeploy")


def test_live_policy_opens_the_window_only_when_opted_in() -> None:
    policy = SafetyPolicy(guarded=True, allow_deploy=True, listed_ids={"jobs": (JOB,)})
    with policy.deploy_window():
        policy.check("POST", f"{BASE}/job/{JOB}/redeploy", None)
    assert policy.sent_to_listed_ids == 1
    with pytest.raises(UnsafeRequestError):
        policy.check("POST", f"{BASE}/job/{JOB}/redeploy", None)


def test_settings_pick_the_target_from_options_and_environment(tmp_path: Path) -> None:
    def resolve(target: str | None = None, **environ: str) -> Any:
        return resolve_settings(
            target=target,
            api_url=None,
            api_token=None,
            examples=None,
            reports_dir=str(tmp_path),
            allow_deploy=False,
            seed=None,
            id_kinds=["jobs"],
            environ=environ,
        )

    assert resolve().target is TargetKind.INPROCESS
    live = resolve(
        QOVERY_API_URL="https://api.example", QOVERY_API_TOKEN=TOKEN, QOVERY_CONTRACT_JOB_ID=f"{JOB}, x"
    )
    assert (
        live.target is TargetKind.LIVE and live.listed_ids == {"jobs": (JOB, "x")} and not live.allow_deploy
    )
    assert TOKEN not in repr(live)
    assert TOKEN not in repr(Target(kind=TargetKind.LIVE, base_url=BASE, token=TOKEN))
    assert TOKEN not in repr(TokenHolder(TOKEN))
    assert (
        resolve("inprocess", QOVERY_API_URL="https://api.example", QOVERY_API_TOKEN=TOKEN).target
        is TargetKind.INPROCESS
    )
    assert resolve(QOVERY_CONTRACT_EXAMPLES="7").examples == 7
    with pytest.raises(SettingsError):
        resolve("live", QOVERY_API_URL="https://api.example")
    assert id_env_var("environments") == "QOVERY_CONTRACT_ENVIRONMENT_ID"
    assert snake_case("redeployJob") == "redeploy_job" and snake_case("Job Actions") == "job_actions"
