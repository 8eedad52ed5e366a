"""Live API: status reads of the resources the user listed, and, opt-in only, real redeploys and restarts.

Runs only with --target=live (or QOVERY_API_URL/QOVERY_API_TOKEN) and ids in QOVERY_CONTRACT_<KIND>_ID.
Reads change nothing, so each listed id is read without the opt-in. With QOVERY_CONTRACT_ALLOW_DEPLOY=1
it also sends one request per action that has a listed id, then the sequence redeploy, redeploy again,
restart; no other action in the suite may name a listed id.
"""

from __future__ import annotations

import pytest
from schemathesis import GenerationMode

from contract_tests.harness import live_deploys
from contract_tests.harness.api_schema import load_schema
from contract_tests.harness.settings import ContractSettings, active_settings
from contract_tests.harness.spec import Spec
from contract_tests.harness.target import Target

schema = load_schema(active_settings(), GenerationMode.POSITIVE)


@pytest.fixture
def live_target(target: Target, contract_settings: ContractSettings) -> Target:
    if not contract_settings.is_live:
        pytest.skip(
            "opt-in deployments run against a live API only (the mock is covered by test_stateful.py)"
        )
    if not target.policy.may_deploy:
        pytest.skip(
            "set QOVERY_CONTRACT_ALLOW_DEPLOY=1 and list ids in QOVERY_CONTRACT_<KIND>_ID to run deployments"
        )
    return target


def test_status_reads_of_listed_ids(target: Target, spec: Spec, contract_settings: ContractSettings) -> None:
    if not contract_settings.is_live:
        pytest.skip("reads of listed ids run against a live API (the mock's reads: test_linked_reads.py)")
    planned = live_deploys.plan_reads(spec, dict(contract_settings.listed_ids))
    if not planned:
        pytest.skip("list ids in QOVERY_CONTRACT_<KIND>_ID to read their status")
    results = live_deploys.send_reads(schema, spec, target, planned)
    assert len(results) == len(planned)


def test_each_operation_once_on_listed_ids(
    live_target: Target, spec: Spec, contract_settings: ContractSettings
) -> None:
    planned = live_deploys.plan(spec, dict(contract_settings.listed_ids))
    assert planned, "no listed id matches an operation"
    results = live_deploys.send_planned(schema, spec, live_target, planned)
    request_ids = live_deploys.distinct_request_ids(results)
    assert len(request_ids) == len(set(request_ids)), request_ids


def test_redeploy_redeploy_again_restart(
    live_target: Target, spec: Spec, contract_settings: ContractSettings
) -> None:
    planned = live_deploys.sequence(spec, dict(contract_settings.listed_ids))
    results = live_deploys.send_planned(schema, spec, live_target, planned, column="opt-in sequence")
    request_ids = live_deploys.distinct_request_ids(results)
    assert len(request_ids) == len(set(request_ids)), (
        f"a deployment request id came back twice: {request_ids}"
    )
