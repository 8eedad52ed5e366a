"""Client contract, request side: each generated case goes through the generated client.

The request the client puts on the wire must be one the spec documents and carry the case's values;
the target's answer must pass the spec's response checks, and the client must turn it into the
documented model (whose `to_dict()` gives back the JSON received) or into the typed error of its status.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from schemathesis import GenerationMode

from contract_tests.harness.api_checks import operation_of, per_operation
from contract_tests.harness.api_schema import load_schema
from contract_tests.harness.client_calls import RecordingTransport, make_client
from contract_tests.harness.client_exercise import exercise_client
from contract_tests.harness.seeding import CaseSeeder
from contract_tests.harness.settings import active_settings
from contract_tests.harness.spec import Spec, load_spec
from contract_tests.harness.target import Target

seeder = CaseSeeder(load_spec())
schema = load_schema(active_settings(), GenerationMode.POSITIVE)
seeder.install(schema)


@pytest.fixture(autouse=True)
def _seed_from_target(target: Target) -> Iterator[None]:
    seeder.pool = target.seed_pool
    yield


@pytest.fixture(scope="module")
def recorder(target: Target) -> RecordingTransport:
    return RecordingTransport(target.client_transport())


@pytest.fixture(scope="module")
def client(target: Target, recorder: RecordingTransport) -> Iterator[Any]:
    built = make_client(target.base_url, target.token, recorder)
    with built:
        yield built


def _client_request_and_answer(
    case: Any, spec: Spec, target: Target, client: Any, recorder: RecordingTransport
) -> None:
    """the client's request and its reading of the answer."""
    operation = operation_of(spec, case)
    if case.method.upper() != operation.method:
        return
    exercise_client(case, operation, spec, client, recorder, target.base_url, [target.token])


globals().update(per_operation(schema, "test_client", _client_request_and_answer))
