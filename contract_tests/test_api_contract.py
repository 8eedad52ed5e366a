"""API contract: generated positive and negative cases of every operation, every applicable check.

One test per operation and mode (`test_positive_redeploy_job`, ...), so progress shows per line. The examples and coverage phases add the
spec's examples and boundary cases to the fuzzing phase's `--contract-examples` cases. On the mock, a
share of the fuzzing cases use ids that exist (see seeding.py), so accepted requests are checked too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from schemathesis import GenerationMode
from schemathesis.schemas import BaseSchema

from contract_tests.harness.api_checks import check_case
from contract_tests.harness.api_schema import load_schema
from contract_tests.harness.seeding import CaseSeeder
from contract_tests.harness.settings import active_settings
from contract_tests.harness.spec import Spec, load_spec, snake_case
from contract_tests.harness.target import Target

seeder = CaseSeeder(load_spec())
positive = load_schema(active_settings(), GenerationMode.POSITIVE, reports=True)
negative = load_schema(active_settings(), GenerationMode.NEGATIVE, reports=True)
seeder.install(positive)
seeder.install(negative)


@pytest.fixture(autouse=True)
def _seed_from_target(target: Target) -> Iterator[None]:
    seeder.pool = target.seed_pool
    yield


def _test_for(schema: BaseSchema, mode: GenerationMode, operation_id: str) -> Callable[..., None]:
    """The schemathesis test of one operation in one mode, named after both so that its id says which."""

    @schema.include(operation_id=operation_id).parametrize()
    def test(case: Any, spec: Spec, target: Target) -> None:
        check_case(case, mode, spec, target)

    test.__name__ = f"test_{mode.value}_{snake_case(operation_id)}"
    test.__doc__ = f"{operation_id}: {mode.value} cases with every check that applies."
    return test


for _operation_id in sorted(load_spec().operations):
    for _schema, _mode in ((positive, GenerationMode.POSITIVE), (negative, GenerationMode.NEGATIVE)):
        _test = _test_for(_schema, _mode, _operation_id)
        globals()[_test.__name__] = _test
