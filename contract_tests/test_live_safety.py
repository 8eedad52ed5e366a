"""Live safety: the live-mode code path, run against the mock served over HTTP, changes nothing by default.

The mock plays the live API: it is reached over HTTP with its token, and its ids are listed as the user
would list theirs. Without the opt-in, fuzzing every operation (positive and negative cases, through
schemathesis and through the client) must leave every resource without a single deployment request,
and the opt-in deployments must refuse to start. With the opt-in, only the listed ids change, by
exactly the requests the opt-in tests plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from schemathesis import GenerationMode

from contract_tests.harness import live_deploys
from contract_tests.harness.api_checks import check_case, run_generated_cases
from contract_tests.harness.api_schema import TokenHolder, load_schema
from contract_tests.harness.client_calls import RecordingTransport, make_client
from contract_tests.harness.client_exercise import exercise_client
from contract_tests.harness.safety import UnsafeRequestError
from contract_tests.harness.settings import ContractSettings, TargetKind
from contract_tests.harness.spec import Spec
from contract_tests.harness.target import Target, build_target, manual_clock, new_mock_app
from qovery_mock.server import ServerThread

LIVE_EXAMPLES = 10


@pytest.fixture(scope="module")
def served_mock() -> Iterator[tuple[Any, str]]:
    app = new_mock_app(clock=manual_clock())
    server = ServerThread(app).start()
    try:
        yield app.state.mock, server.url
    finally:
        server.stop()


def live_settings(mock: Any, url: str, reports: Path, *, allow_deploy: bool) -> ContractSettings:
    listed = {kind: (ids[0],) for kind, ids in mock.ids.items() if ids}
    return ContractSettings(
        target=TargetKind.LIVE,
        examples=LIVE_EXAMPLES,
        reports_dir=reports,
        api_url=url,
        api_token=mock.default_token,
        allow_deploy=allow_deploy,
        listed_ids=listed,
    )


def deployment_requests(mock: Any) -> Counter[str]:
    every = {
        resource_id
        for source in (mock.ids, mock.foreign_ids, mock.deleting_ids)
        for ids in source.values()
        for resource_id in ids
    }
    return Counter(
        {resource_id: mock.resource(resource_id)["total_deployment_requests"] for resource_id in every}
    )


def fuzz_like_live(target: Target, spec: Spec, settings: ContractSettings, examples: int) -> None:
    """What the fuzzing tests send in live mode: positive and negative cases, and positive ones via the client."""
    recorder = RecordingTransport(target.client_transport())
    with make_client(target.base_url, target.token, recorder) as client:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            schema = load_schema(settings, mode, token=TokenHolder(target.token))
            for operation in spec.operations.values():

                def check(case: Any, operation: Any = operation, mode: GenerationMode = mode) -> None:
                    check_case(case, mode, spec, target, record=False)
                    if mode is GenerationMode.POSITIVE:
                        exercise_client(
                            case,
                            operation,
                            spec,
                            client,
                            recorder,
                            target.base_url,
                            [target.token],
                            "live safety",
                        )

                run_generated_cases(schema, operation, mode, examples, check)


@pytest.fixture
def reset_mock(served_mock: tuple[Any, str]) -> Iterator[tuple[Any, str]]:
    served_mock[0].reset()
    yield served_mock
    served_mock[0].reset()


def test_without_opt_in_nothing_is_deployed(reset_mock: tuple[Any, str], spec: Spec, tmp_path: Path) -> None:
    mock, url = reset_mock
    settings = live_settings(mock, url, tmp_path, allow_deploy=False)
    target = build_target(settings)
    try:
        fuzz_like_live(target, spec, settings, LIVE_EXAMPLES)
        reads = live_deploys.plan_reads(spec, dict(settings.listed_ids))
        assert {item.operation.operation_id for item in reads} == {
            op.operation_id for op in spec.operations.values() if not op.changes_state
        }
        schema = load_schema(settings, GenerationMode.POSITIVE)
        answered = live_deploys.send_reads(schema, spec, target, reads, column="live safety")
        assert [status for _, status, _ in answered] == [200] * len(reads)
        planned = live_deploys.plan(spec, dict(settings.listed_ids))
        with pytest.raises(UnsafeRequestError):
            live_deploys.send_planned(load_schema(settings, GenerationMode.POSITIVE), spec, target, planned)
        job = settings.listed_ids["jobs"][0]
        with pytest.raises(UnsafeRequestError):
            target.requests_session().post(f"{url}/job/{job}/redeploy", headers=target.auth_header)
    finally:
        target.close()
    assert not +deployment_requests(mock), f"deployments were requested: {+deployment_requests(mock)}"


def test_with_opt_in_only_listed_ids_change(reset_mock: tuple[Any, str], spec: Spec, tmp_path: Path) -> None:
    mock, url = reset_mock
    settings = live_settings(mock, url, tmp_path, allow_deploy=True)
    target = build_target(settings)
    listed = dict(settings.listed_ids)
    planned = [*live_deploys.plan(spec, listed), *live_deploys.sequence(spec, listed)]
    try:
        fuzz_like_live(target, spec, settings, LIVE_EXAMPLES // 2)
        assert not +deployment_requests(mock), "fuzzing reached an existing resource"
        schema = load_schema(settings, GenerationMode.POSITIVE)
        results = live_deploys.send_planned(schema, spec, target, planned, column="live safety")
        reads = live_deploys.send_reads(schema, spec, target, live_deploys.plan_reads(spec, listed))
    finally:
        target.close()
    assert all(status == 202 for _, status, _ in results), [status for _, status, _ in results]
    queued = {answer["deployment_request_id"] for _, _, answer in results if answer}
    for item, status, answer in reads:
        assert status == 200 and answer is not None
        own = answer.get("environment", answer)
        assert own["deployment_request_id"] in queued, (item.operation.operation_id, own)
    expected: Counter[str] = Counter()
    for item in planned:
        expected.update(item.path_parameters.values())
        expected.update(service for ids in (item.body or {}).values() for service in ids)
        if item.operation.operation_id == "redeployEnvironment":
            # An environment's deployment deploys its services too.
            (environment,) = item.path_parameters.values()
            deleting = {sid for ids in mock.deleting_ids.values() for sid in ids}
            expected.update(
                sid for ids in mock.services(environment).values() for sid in ids if sid not in deleting
            )
    assert +deployment_requests(mock) == expected
