"""Schemathesis' stateful phase: each action's 202 links to its status read, and the chain holds.

The state machine is schemathesis' own, built from the spec's `links`: it starts with an action and
follows a link to the read of the same resource, with every schemathesis check on every step. On top,
after an action is accepted, each linked read must carry a `deployment_request_id` the actions of
this scenario queued on that resource, and, as the mock's clock advances, the reads must reach a
final state under the last of them. Needs the mock's clock, so it runs against the mock only.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, HookContext
from schemathesis.core.failures import FailureGroup

from contract_tests.harness import case_log
from contract_tests.harness.api_checks import operation_of
from contract_tests.harness.api_schema import load_schema
from contract_tests.harness.failures import annotate
from contract_tests.harness.seeding import id_list_fields
from contract_tests.harness.settings import ContractSettings, active_settings
from contract_tests.harness.spec import (
    Spec,
    load_spec,
    resource_kind_of_body_field,
    resource_kind_of_path_parameter,
)
from contract_tests.harness.target import Target

FINAL_STATES = {"DEPLOYED", "RESTARTED", "DEPLOYMENT_ERROR", "RESTART_ERROR"}
CLOCK_STEP = 5
MAX_CLOCK_STEPS = 100


def request_id_of(answer: dict[str, Any]) -> Any:
    """The deployment request id of a read: its own, or its environment's for the statuses read."""
    own = answer.get("environment", answer)
    return own.get("deployment_request_id"), own.get("state")


def linked_reads(spec: Spec, operation_id: str) -> set[str]:
    """The operationIds the links of an action's success answer name."""
    operation = spec.operations[operation_id]
    response = spec.resolve(operation.responses[str(operation.success_status)])
    return {link["operationId"] for link in (response.get("links") or {}).values()}


def name_owned_resources(schema: Any, spec: Spec, mock: Any) -> None:
    """Make every generated action name a resource the token owns, and, for a restart, services of that
    environment, so that it is accepted and its link has a deployment to follow. Random and foreign ids
    are the other tests' business."""
    deleting = {resource_id for ids in mock.deleting_ids.values() for resource_id in ids}

    @st.composite
    def owned(draw: st.DrawFn, case: Any) -> Any:
        operation = operation_of(spec, case)
        parameter = operation.path_parameter.name
        kind = resource_kind_of_path_parameter(parameter)
        resource_id = draw(st.sampled_from([rid for rid in mock.ids[kind] if rid not in deleting]))
        case.path_parameters = {**case.path_parameters, parameter: resource_id}
        if isinstance(case.body, dict):
            services = mock.services(resource_id)
            case.body = {
                name: draw(st.lists(st.sampled_from(own), unique=True, max_size=len(own)))
                if (
                    own := [
                        sid
                        for sid in services.get(resource_kind_of_body_field(name), [])
                        if sid not in deleting
                    ]
                )
                else []
                for name in id_list_fields(spec, operation)
            }
        return case

    def flatmap_case(context: HookContext, case: Any) -> st.SearchStrategy[Any]:
        if operation_of(spec, case).changes_state:
            return owned(case)
        return st.just(case)

    schema.hook("flatmap_case")(flatmap_case)


ACTIONS = sorted(op.operation_id for op in load_spec().operations.values() if op.method != "GET")


@pytest.mark.parametrize("action", ACTIONS)
def test_links_chain_each_action_to_its_read(
    target: Target, spec: Spec, contract_settings: ContractSettings, action: str
) -> None:
    """One state machine per action, over that action and the reads it links to, so each is a root."""
    if target.mock is None:
        pytest.skip("following a deployment to its end needs the mock's clock")
    reads = linked_reads(spec, action)
    assert reads, f"{action} links to no read"
    schema = load_schema(active_settings(), GenerationMode.POSITIVE).include(operation_id=[action, *reads])
    mock = target.mock
    name_owned_resources(schema, spec, mock)
    chained: Counter[str] = Counter()

    class LinkedReads(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            mock.reset()
            # (path parameter value) -> the request ids queued on it in this scenario, in order.
            self.queued: dict[str, list[str]] = {}

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return target.schemathesis_kwargs(case)

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            operation = operation_of(spec, case)
            case_log.record(operation.operation_id, "stateful links")
            try:
                super().validate_response(response, case, **kwargs)
            except FailureGroup as error:
                annotate(error, operation)
                raise
            resource_id = str(next(iter(case.path_parameters.values()))).lower()
            if operation.method != "GET":
                if response.status_code == 202:
                    request_id = response.json().get("deployment_request_id")
                    if request_id is not None:
                        self.queued.setdefault(resource_id, []).append(request_id)
                return
            queued = self.queued.get(resource_id)
            if response.status_code != 200 or not queued:
                return
            self._follow_to_the_end(case, operation.operation_id, queued, response.json(), kwargs)

        def _follow_to_the_end(
            self, case: Any, operation_id: str, queued: list[str], answer: Any, kwargs: dict[str, Any]
        ) -> None:
            chained[operation_id] += 1
            request_id, state = request_id_of(answer)
            assert request_id in queued, (
                f"{operation_id}: deployment_request_id {request_id} is none of {queued} the actions queued"
            )
            seen = [queued.index(request_id)]
            for _ in range(MAX_CLOCK_STEPS):
                if request_id == queued[-1] and state in FINAL_STATES:
                    return
                mock.clock.advance(CLOCK_STEP)
                again = case.call(**kwargs)
                assert again.status_code == 200, again.text
                request_id, state = request_id_of(again.json())
                assert request_id in queued, (operation_id, request_id, queued)
                seen.append(queued.index(request_id))
                assert seen == sorted(seen), f"{operation_id}: requests read out of queue order: {seen}"
            raise AssertionError(
                f"{operation_id}: still {state} under {request_id} after {MAX_CLOCK_STEPS * CLOCK_STEP} s"
            )

    LinkedReads.TestCase.settings = settings(
        max_examples=max(20, contract_settings.examples // 4),
        stateful_step_count=6,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    LinkedReads.TestCase().runTest()
    assert set(chained) == reads, f"{action}: links were followed to {sorted(chained)} of {sorted(reads)}"
