"""Stateful: sequences of redeploys, restarts and the passing of time, through the generated client.

Between steps the mock's promises are checked: an accepted request answers 202 with a new
`deployment_request_id` and one more queued request (for a restart: on the environment and on each
listed service; for an environment's redeploy: on it and on each of its services); a refused one changes nothing; time only ever lowers the counts, and once every
request has had time to finish they are all back to 0 in their action's final state. Needs the mock's
state, so it runs against the mock (in process or over HTTP) only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from contract_tests.harness import case_log
from contract_tests.harness.client_calls import ClientOperation, RecordingTransport, make_client
from contract_tests.harness.client_checks import check_parsed_answer
from contract_tests.harness.settings import ContractSettings
from contract_tests.harness.spec import (
    Operation,
    Spec,
    resource_kind_of_body_field,
    resource_kind_of_path_parameter,
)
from contract_tests.harness.target import Target

LONG_ENOUGH_FOR_EVERY_QUEUE = 10 * 24 * 3600
ACCEPTED = 202
QUEUED_STATES = {"DEPLOY": "DEPLOYMENT_QUEUED", "RESTART": "RESTART_QUEUED"}
FINAL_STATES = {"DEPLOY": "DEPLOYED", "RESTART": "RESTARTED"}


class World:
    """The mock's resources as the state machine sees them: who owns what, and what is being deleted."""

    def __init__(self, mock: Any) -> None:
        self.mock = mock
        self.kind_of: dict[str, str] = {}
        self.foreign: set[str] = set()
        self.deleting: set[str] = set()
        for source, bucket in (
            (mock.ids, None),
            (mock.foreign_ids, self.foreign),
            (mock.deleting_ids, self.deleting),
        ):
            for kind, ids in source.items():
                for resource_id in ids:
                    self.kind_of[resource_id] = kind
                    if bucket is not None:
                        bucket.add(resource_id)

    def ids_of(self, kind: str) -> list[str]:
        return sorted(resource_id for resource_id, found in self.kind_of.items() if found == kind)

    def services_of(self, environment_id: str) -> list[str]:
        """The services of an environment that a deployment of it deploys: those not being deleted."""
        groups = self.mock.services(environment_id)
        return [sid for ids in groups.values() for sid in ids if sid not in self.deleting]

    def count(self, resource_id: str) -> int:
        return int(self.mock.resource(resource_id)["deployment_requests_count"])

    def refusals(self, resource_id: str, kind: str) -> set[int]:
        statuses: set[int] = set()
        if self.kind_of.get(resource_id) != kind:
            statuses.add(404)
        if resource_id in self.foreign:
            statuses.add(403)
        if resource_id in self.deleting:
            statuses.add(409)
        return statuses


@pytest.fixture
def world(target: Target) -> Iterator[World]:
    if target.mock is None:
        pytest.skip("stateful checks read the mock's state; against a live API see test_live_deploys.py")
    target.mock.reset()
    yield World(target.mock)
    target.mock.reset()


@dataclass
class SequenceRun:
    """What one run of the state machine works with: the mock, the client and the spec's operations."""

    world: World
    client: Any
    recorder: RecordingTransport
    spec: Spec
    token: str = field(repr=False)
    redeploys: list[Operation] = field(init=False)
    restart: Operation = field(init=False)
    body_fields: list[str] = field(init=False)

    def __post_init__(self) -> None:
        actions = [op for op in self.spec.operations.values() if op.changes_state]
        self.redeploys = [op for op in actions if op.body_schema is None]
        (self.restart,) = [op for op in actions if op.body_schema is not None]
        self.body_fields = sorted(self.spec.resolve(self.restart.body_schema)["properties"])

    def resource_choice(self, kind: str) -> st.SearchStrategy[str]:
        """An owned id that the request may act on, any id of the kind, or a random uuid."""
        world = self.world
        owned = [resource_id for resource_id in world.ids_of(kind) if not world.refusals(resource_id, kind)]
        return st.sampled_from(owned) | st.sampled_from(world.ids_of(kind)) | st.uuids().map(str)


class DeploymentMachine(RuleBasedStateMachine):
    """Redeploys, restarts and time passing on the mock, the mock's promises checked after each step.

    A test binds it to its run with `bound_to`, which gives the class its `run` (the world, the
    client and the spec it works with).
    """

    run: SequenceRun

    @classmethod
    def bound_to(cls, run: SequenceRun) -> type[DeploymentMachine]:
        return type(cls.__name__, (cls,), {"run": run})

    def __init__(self) -> None:
        super().__init__()
        self.request_ids: set[str] = set()
        self.last_action: dict[str, str] = {}
        self.counts: dict[str, int] = {}

    @initialize()
    def fresh_world(self) -> None:
        self.run.world.mock.reset()
        self.counts = {
            resource_id: self.run.world.count(resource_id) for resource_id in self.run.world.kind_of
        }

    def _send(self, operation: Any, arguments: dict[str, Any]) -> Any:
        client_operation = ClientOperation.of(operation)
        self.run.recorder.exchanges.clear()
        outcome = client_operation.call(self.run.client, arguments)
        exchange = self.run.recorder.last()
        check_parsed_answer(self.run.spec, client_operation, exchange, outcome, [self.run.token])
        case_log.record(operation.operation_id, "stateful steps")
        return exchange.response, outcome

    def _accepted(self, operation_id: str, resource_id: str, outcome: Any, action: str) -> None:
        request_id = outcome.parsed.to_dict().get("deployment_request_id")
        assert request_id and request_id not in self.request_ids, (
            f"not a new deployment_request_id: {request_id}"
        )
        self.request_ids.add(request_id)
        case_log.record(operation_id, "stateful steps accepted")
        self._queued_one_more(resource_id, action)
        answer = outcome.parsed.to_dict()
        if "deployment_requests_count" in answer:
            assert answer["deployment_requests_count"] == self.counts[resource_id], (
                answer,
                self.counts[resource_id],
            )
        if self.counts[resource_id] == 1:
            assert answer["state"] == QUEUED_STATES[action], answer

    def _queued_one_more(self, resource_id: str, action: str) -> None:
        now = self.run.world.count(resource_id)
        assert now == self.counts[resource_id] + 1, (
            f"{resource_id}: count {now}, expected {self.counts[resource_id] + 1}"
        )
        self.counts[resource_id] = now
        self.last_action[resource_id] = action

    @rule(data=st.data())
    def redeploy(self, data: st.DataObject) -> None:
        operation = data.draw(st.sampled_from(self.run.redeploys), label="operation")
        parameter = operation.path_parameter
        kind = resource_kind_of_path_parameter(parameter.name)
        resource_id = data.draw(self.run.resource_choice(kind), label=parameter.name)
        query: dict[str, Any] = {}
        for declared in operation.parameters_in("query"):
            schema = self.run.spec.resolve(declared.schema)
            values = schema.get("enum") or ([True, False] if schema.get("type") == "boolean" else [])
            if values and data.draw(st.booleans(), label=f"send {declared.name}"):
                query[declared.name] = data.draw(st.sampled_from(values), label=declared.name)
        arguments = ClientOperation.of(operation).arguments({parameter.name: resource_id}, query, None, False)
        response, outcome = self._send(operation, arguments)
        refusals = self.run.world.refusals(resource_id, kind)
        if refusals:
            assert response.status_code in refusals, (response.status_code, refusals)
            assert (
                resource_id not in self.counts
                or self.run.world.count(resource_id) == self.counts[resource_id]
            )
            return
        assert response.status_code == ACCEPTED, response.content
        supported = self.run.world.mock.resource(resource_id)["force_events"]
        event = query.get("forceEvent")
        if event is not None and supported is not None and event not in supported:
            assert outcome.parsed.to_dict().get("deployment_request_id") is None
            assert self.run.world.count(resource_id) == self.counts[resource_id]
            return
        if kind == "environments":
            # An environment's deployment deploys each of its services that is not being deleted.
            for service_id in self.run.world.services_of(resource_id):
                self._queued_one_more(service_id, "DEPLOY")
        self._accepted(operation.operation_id, resource_id, outcome, "DEPLOY")

    @rule(data=st.data())
    def restart_services(self, data: st.DataObject) -> None:
        environment = data.draw(self.run.resource_choice("environments"), label="environmentId")
        body: dict[str, list[str]] = {}
        for name in self.run.body_fields:
            kind = resource_kind_of_body_field(name)
            if data.draw(st.booleans(), label=f"send {name}"):
                body[name] = data.draw(
                    st.lists(st.sampled_from(self.run.world.ids_of(kind)), unique=True, max_size=3)
                )
        path_name = self.run.restart.path_parameter.name
        arguments = ClientOperation.of(self.run.restart).arguments({path_name: environment}, {}, body, True)
        response, outcome = self._send(self.run.restart, arguments)
        services = [(resource_kind_of_body_field(field), sid) for field, ids in body.items() for sid in ids]
        refusals = self.run.world.refusals(environment, "environments")
        for kind, service_id in services:
            owner = self.run.world.mock.resource(service_id)["environment_id"]
            if owner != environment:
                refusals.add(404)
            refusals |= self.run.world.refusals(service_id, kind) - {403}
        if refusals:
            assert response.status_code in refusals, (response.status_code, refusals)
            for resource_id in [environment, *(sid for _, sid in services)]:
                if resource_id in self.counts:
                    assert self.run.world.count(resource_id) == self.counts[resource_id], resource_id
            return
        assert response.status_code == ACCEPTED, response.content
        for _, service_id in services:
            self._queued_one_more(service_id, "RESTART")
        self._accepted(self.run.restart.operation_id, environment, outcome, "RESTART")

    @rule(seconds=st.integers(min_value=1, max_value=90))
    def time_passes(self, seconds: int) -> None:
        self.run.world.mock.clock.advance(seconds)
        for resource_id, before in self.counts.items():
            now = self.run.world.count(resource_id)
            assert now <= before, f"{resource_id}: count rose from {before} to {now} with time alone"
            self.counts[resource_id] = now

    @precondition(lambda self: any(self.counts.values()))
    @rule()
    def every_queue_drains(self) -> None:
        self.run.world.mock.clock.advance(LONG_ENOUGH_FOR_EVERY_QUEUE)
        for resource_id in self.counts:
            view = self.run.world.mock.resource(resource_id)
            assert view["deployment_requests_count"] == 0, view
            self.counts[resource_id] = 0
            if resource_id in self.last_action:
                assert view["state"] == FINAL_STATES[self.last_action[resource_id]], view

    @invariant()
    def answers_and_state_agree(self) -> None:
        for resource_id, expected in self.counts.items():
            assert self.run.world.count(resource_id) == expected, resource_id


def test_deployment_sequences(
    world: World, target: Target, spec: Spec, contract_settings: ContractSettings
) -> None:
    recorder = RecordingTransport(target.client_transport())
    client = make_client(target.base_url, target.token, recorder)
    machine = DeploymentMachine.bound_to(SequenceRun(world, client, recorder, spec, target.token))
    machine.TestCase.settings = settings(
        max_examples=max(10, contract_settings.examples // 2),
        stateful_step_count=12,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    with client:
        machine.TestCase().runTest()
