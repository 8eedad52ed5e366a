"""Putting ids that exist on the target into generated cases, so that accepted requests are exercised too.

Random uuids only ever reach 404. In a share of the cases whose id is a valid uuid, the id is swapped for
one the target knows (owned, of another organization, or being deleted), and a restart's service lists
for services of that environment. A valid uuid is only ever replaced by another valid uuid, so a case
stays positive or negative as it was generated. Every choice is a Hypothesis draw, so it shrinks and
replays like the rest of the case.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any
from uuid import UUID

from hypothesis import strategies as st
from schemathesis import HookContext
from schemathesis.schemas import BaseSchema

from contract_tests.harness.spec import (
    Operation,
    Spec,
    resource_kind_of_body_field,
    resource_kind_of_path_parameter,
)
from contract_tests.harness.target import SeedPool


def is_uuid(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return str(UUID(value)) == value.lower()
    except ValueError:
        return False


def id_list_fields(spec: Spec, operation: Operation) -> list[str]:
    """The body fields that hold lists of uuids, as the spec declares them."""
    if operation.body_schema is None:
        return []
    body = spec.resolve(operation.body_schema)
    return [
        name
        for name, schema in body.get("properties", {}).items()
        if spec.resolve(schema).get("type") == "array"
        and spec.resolve(spec.resolve(schema).get("items", {})).get("format") == "uuid"
    ]


Draw = Callable[[st.SearchStrategy[Any]], Any]


def seed_case(case: Any, draw: Draw, spec: Spec, operation: Operation, pool: SeedPool) -> Any:
    """`case`, or a copy of it that names ids the target knows."""
    parameter = operation.path_parameter
    current = case.path_parameters.get(parameter.name)
    candidates = pool.candidates(resource_kind_of_path_parameter(parameter.name))
    if not candidates or not is_uuid(current) or not draw(st.booleans()):
        return case
    chosen = draw(st.sampled_from(candidates))
    case.path_parameters = {**case.path_parameters, parameter.name: chosen}
    services = pool.services_by_environment.get(chosen, {})
    if not isinstance(case.body, dict) or not services:
        return case
    body = copy.deepcopy(case.body)
    for name in id_list_fields(spec, operation):
        value = body.get(name)
        own = services.get(resource_kind_of_body_field(name), ())
        if not own or not isinstance(value, list) or not all(is_uuid(item) for item in value):
            continue
        if draw(st.booleans()):
            body[name] = draw(st.lists(st.sampled_from(own), unique=True, max_size=len(own)))
    case.body = body
    return case


class CaseSeeder:
    """A schemathesis `flatmap_case` hook that seeds fuzzing cases from the pool it is given before a test runs."""

    def __init__(self, spec: Spec) -> None:
        self._spec = spec
        self.pool = SeedPool()

    def install(self, schema: BaseSchema) -> None:
        def flatmap_case(context: HookContext, case: Any) -> st.SearchStrategy[Any]:
            return self.strategy_for(case)

        schema.hook("flatmap_case")(flatmap_case)

    def strategy_for(self, case: Any) -> st.SearchStrategy[Any]:
        operation = self._spec.operation_at(case.operation.method, case.operation.path)
        return st.composite(lambda draw: seed_case(case, draw, self._spec, operation, self.pool))()
