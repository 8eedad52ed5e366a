"""One generated case sent to the target with every schemathesis check that applies to it."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.schemas import BaseSchema

from contract_tests.harness import case_log
from contract_tests.harness.failures import annotate
from contract_tests.harness.spec import Operation, Spec, load_spec, snake_case
from contract_tests.harness.target import Target


def operation_of(spec: Spec, case: Any) -> Operation:
    """The spec's operation a case was generated for; coverage cases may use another method on its path."""
    return spec.operation_at(case.operation.method, case.operation.path)


def column_of(case: Any, mode: GenerationMode) -> str:
    """`positive fuzzing`, `negative coverage`, …: the suite's mode and the schemathesis phase of a case."""
    phase = case.meta.phase.name.value if case.meta is not None else "other"
    return f"{mode.value} {phase}"


def check_case(case: Any, mode: GenerationMode, spec: Spec, target: Target, *, record: bool = True) -> None:
    """Send `case` to the target and run every check that applies to the answer."""
    operation = operation_of(spec, case)
    if record:
        case_log.record(operation.operation_id, column_of(case, mode))
    try:
        case.call_and_validate(**target.schemathesis_kwargs(case))
    except FailureGroup as error:
        annotate(error, operation)
        raise


def run_generated_cases(
    schema: BaseSchema,
    operation: Operation,
    mode: GenerationMode,
    examples: int,
    check: Callable[[Any], None],
) -> None:
    """Run `check` on `examples` generated cases of one operation, outside pytest's parametrization.

    Stops at the first failure, without shrinking, and raises it.
    """
    strategy = schema[operation.path][operation.method].as_strategy(generation_mode=mode)

    @settings(
        max_examples=examples,
        phases=[Phase.generate],
        deadline=None,
        database=None,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        check(case)

    run()


def per_operation(
    schema: BaseSchema, prefix: str, test: Callable[..., None]
) -> dict[str, Callable[..., None]]:
    """`test` once per operation of the spec, each run on that operation's cases only and named
    `<prefix>_<operation>` (`test_positive_redeploy_job`), so that pytest's ids, its `-v` progress
    and the JUnit report name the operation. Put the result in the test module's globals."""
    tests: dict[str, Callable[..., None]] = {}
    for operation_id in sorted(load_spec().operations):
        name = f"{prefix}_{snake_case(operation_id)}"
        copy = types.FunctionType(test.__code__, test.__globals__, name, test.__defaults__, test.__closure__)
        copy.__qualname__ = name
        copy.__doc__ = f"{operation_id}: {test.__doc__ or ''}".strip()
        tests[name] = schema.include(operation_id=operation_id).parametrize()(copy)
    return tests
