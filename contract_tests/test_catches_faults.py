"""The suite catches a broken API: faults injected into a fresh mock must make the suite's checks fail.

Each fault is injected with `Mock.add_fault`; positive cases of the faulty operation then go through
`check_case`, the function every API contract test runs. The failure must come from the check that
guards against that fault, and its report must name the operation, give a curl command with the
token filtered out, and show what the spec expected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup

from contract_tests.harness.api_checks import check_case, run_generated_cases
from contract_tests.harness.api_schema import TokenHolder, load_schema
from contract_tests.harness.failures import failed_checks
from contract_tests.harness.seeding import CaseSeeder
from contract_tests.harness.settings import ContractSettings
from contract_tests.harness.spec import Spec
from contract_tests.harness.target import Target, mock_target

FAULT_SEARCH_EXAMPLES = 150
HEALTHY_EXAMPLES = 40


@dataclass(frozen=True)
class Fault:
    name: str
    operation_id: str
    options: Callable[[Any], dict[str, Any]]
    check: str
    expected_text: str


FAULTS = [
    Fault(
        "flipped field type",
        "redeployJob",
        lambda mock: {"kind": "flip_type", "field": "deployment_requests_count"},
        "response_schema_conformance",
        'is not of type "integer"',
    ),
    Fault(
        "dropped required field",
        "redeployDatabase",
        lambda mock: {"kind": "drop_field", "field": "state"},
        "response_schema_conformance",
        '"state" is a required property',
    ),
    Fault(
        "500 for one input",
        "redeployHelm",
        lambda mock: {"kind": "error_for_input", "status": 500, "resource_id": mock.ids["helms"][0]},
        "not_a_server_error",
        "Server error",
    ),
]


@pytest.fixture
def faulty_target(contract_settings: ContractSettings) -> Iterator[Target]:
    target = mock_target()
    yield target
    target.close()


def first_failure(
    spec: Spec,
    target: Target,
    settings_: ContractSettings,
    operation_id: str,
    examples: int = FAULT_SEARCH_EXAMPLES,
) -> FailureGroup | None:
    """Run the suite's checks on positive cases of one operation until one fails; that failure, or None."""
    schema = load_schema(settings_, GenerationMode.POSITIVE, token=TokenHolder(target.token))
    seeder = CaseSeeder(spec)
    seeder.install(schema)
    seeder.pool = target.seed_pool

    def check(case: Any) -> None:
        check_case(case, GenerationMode.POSITIVE, spec, target, record=False)

    try:
        run_generated_cases(schema, spec.operations[operation_id], GenerationMode.POSITIVE, examples, check)
    except FailureGroup as error:
        return error
    return None


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.name)
def test_fault_is_reported_by_the_right_check(
    fault: Fault, faulty_target: Target, spec: Spec, contract_settings: ContractSettings
) -> None:
    assert faulty_target.mock is not None
    faulty_target.mock.add_fault(operation=fault.operation_id, **fault.options(faulty_target.mock))
    failure = first_failure(spec, faulty_target, contract_settings, fault.operation_id)
    assert failure is not None, f"the suite did not notice the {fault.name} on {fault.operation_id}"
    checks = failed_checks(failure)
    assert fault.check in checks, f"reported by {checks}, expected {fault.check}"
    report = "\n".join([str(failure), *getattr(failure, "__notes__", [])])
    operation = spec.operations[fault.operation_id]
    assert f"Operation: {operation.operation_id} ({operation.label})" in report
    assert "curl -X POST" in report
    assert "Failed checks: " in report and fault.check in report
    assert fault.expected_text in report
    assert faulty_target.token not in report


def test_healthy_mock_gives_no_failure(
    faulty_target: Target, spec: Spec, contract_settings: ContractSettings
) -> None:
    for fault in FAULTS:
        assert (
            first_failure(spec, faulty_target, contract_settings, fault.operation_id, HEALTHY_EXAMPLES)
            is None
        )
