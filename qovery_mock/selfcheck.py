"""Start-up check that every answer the mock can give conforms to the spec.

It renders each seeded resource as each operation that serves it would, and walks a deployment of
each kind (succeeding and failing) through every phase on a scratch clock, validating every answer
against the operation's response schema. A state name, a fixture value or a field the spec does not
accept stops the mock from starting, with the reason.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from typing import Any

from qovery_mock.clock import ManualClock
from qovery_mock.fixtures import Fixture, FixtureError
from qovery_mock.kinds import Kind
from qovery_mock.lifecycle import Action
from qovery_mock.operations import BEHAVIORS, Render
from qovery_mock.spec import Parameter, Spec, first_error
from qovery_mock.state import Resource, Store
from qovery_openapi import SpecError


def check_operations_served(spec: Spec) -> None:
    missing = sorted(set(spec.operations) - set(BEHAVIORS))
    if missing:
        raise SpecError(f"the spec declares operations the mock does not implement: {', '.join(missing)}")
    unknown = sorted(set(BEHAVIORS) - set(spec.operations))
    if unknown:
        raise SpecError(f"the mock implements operations the spec does not declare: {', '.join(unknown)}")


def check_force_events(spec: Spec, fixture: Fixture) -> None:
    """Each event a fixture resource lists must be a value the spec accepts for its `forceEvent`."""
    parameters: dict[Kind, list[tuple[str, Parameter]]] = {}
    for operation_id, behavior in BEHAVIORS.items():
        operation = spec.operations[operation_id]
        for parameter in operation.query_params:
            if parameter.name == "forceEvent":
                parameters.setdefault(behavior.kind, []).append((operation_id, parameter))
    for seed in fixture.resources:
        if seed.force_events is None:
            continue
        if seed.kind not in parameters:
            raise FixtureError(
                f"{seed.kind.value} {seed.id} lists force_events, which no operation on it has"
            )
        for _, parameter in parameters[seed.kind]:
            for event in sorted(seed.force_events):
                _, problem = parameter.check(event)
                if problem:
                    raise FixtureError(f"{seed.kind.value} {seed.id}: force event {event!r}: {problem}")


def _walk(
    store: Store, clock: ManualClock, resource: Resource, action: Action, fails: bool, render: Render
) -> Iterator[Any]:
    organization = store.organizations[resource.seed.organization_id]
    request = store.enqueue(
        resource, action, operation_id="selfcheck", organization=organization, fails=fails
    )
    for phase in request.plan.phases:
        yield render(store, resource)
        clock.advance(phase.duration)
    clock.advance(1)
    yield render(store, resource)


def check_answers(spec: Spec, fixture: Fixture) -> None:
    clock = ManualClock(start=0)
    store = Store(fixture, clock)
    for operation_id, behavior in BEHAVIORS.items():
        kind = behavior.kind
        operation = spec.operations[operation_id]
        validator = spec.response_validator(operation_id)
        samples = [res for res in store.resources.values() if res.kind is kind]
        for resource in samples:
            problem = first_error(validator, operation.shape(behavior.render(store, resource)))
            if problem:
                raise FixtureError(
                    f"{fixture.source}: {kind.value} {resource.id} as answered by {operation_id}: {problem}"
                )
        if not samples:
            continue
        for action, fails in itertools.product(behavior.actions, (False, True)):
            store.reset()
            resource = store.resources[samples[0].id]
            for answer in _walk(store, clock, resource, action, fails, behavior.render):
                problem = first_error(validator, operation.shape(answer))
                if problem:
                    raise SpecError(
                        f"{operation_id} would answer {answer.get('state')} against the spec: {problem}"
                    )


_PASSED: set[tuple[Spec, str]] = set()
_PASSED_LOCK = threading.Lock()


def check_conformance(spec: Spec, fixture: Fixture) -> None:
    """Run every check once per spec and fixture content; raise SpecError or FixtureError."""
    key = (spec, fixture.fingerprint)
    with _PASSED_LOCK:
        if key in _PASSED:
            return
    check_operations_served(spec)
    check_force_events(spec, fixture)
    check_answers(spec, fixture)
    with _PASSED_LOCK:
        _PASSED.add(key)
