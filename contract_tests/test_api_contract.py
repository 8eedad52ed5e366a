"""API contract: generated positive and negative cases of every operation, every applicable check.

One test per operation and mode (`test_positive_redeploy_job`, ...), so progress shows per line. The examples and coverage phases add the
spec's examples and boundary cases to the fuzzing phase's `--contract-examples` cases. On the mock, a
share of the fuzzing cases use ids that exist (see seeding.py), so accepted requests are checked too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from schemathesis import GenerationMode

from contract_tests.harness.api_checks import check_case, per_operation
from contract_tests.harness.api_schema import load_schema
from contract_tests.harness.seeding import CaseSeeder
from contract_tests.harness.settings import active_settings
from contract_tests.harness.spec import Spec, load_spec
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


def _positive(case: Any, spec: Spec, target: Target) -> None:
    """positive cases, with every check that applies."""
    check_case(case, GenerationMode.POSITIVE, spec, target)


def _negative(case: Any, spec: Spec, target: Target) -> None:
    """negative cases, with every check that applies."""
    check_case(case, GenerationMode.NEGATIVE, spec, target)


globals().update(per_operation(positive, "test_positive", _positive))
globals().update(per_operation(negative, "test_negative", _negative))
