"""Malformed answers, success and error, for every operation: the only outcomes are the documented
model or a QoveryError subclass; nothing else escapes, and a model that comes out serialises again."""

import copy
import gzip
import json
import zlib
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qovery_deploy_client import errors
from qovery_deploy_client._shapes import check_json
from qovery_deploy_client.client import NO_RETRY

from tests.client.client_support import OPERATIONS, Operation, client_answering

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=15,
)


def example_of(operation: Operation) -> dict[str, Any]:
    value: dict[str, Any] = next(iter(operation.success_content["examples"].values()))["value"]
    return value


def places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value, as the keys and indexes that reach it."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += places(item, (*path, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, example: dict[str, Any]) -> bytes:
    """The example with one place replaced by any JSON value, or deleted, as JSON text (NaN allowed)."""
    body = copy.deepcopy(example)
    path = draw(st.sampled_from(places(body)[1:]))
    parent: Any = body
    for step in path[:-1]:
        parent = parent[step]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(JSON)
    return json.dumps(body).encode()


def bodies(operation: Operation) -> st.SearchStrategy[bytes]:
    example = example_of(operation)
    return st.one_of(
        mutated(example),
        JSON.map(lambda value: json.dumps(value).encode()),
        st.binary(max_size=64),
        st.just(b"[" * 5000 + b"]" * 5000),
        st.just(json.dumps(example).encode()),
    )


@st.composite
def answers(draw: st.DrawFn, operation: Operation) -> tuple[int, dict[str, str], bytes]:
    code = draw(
        st.sampled_from([operation.success_code] * 4 + [200, 204, 400, 401, 404, 409, 418, 429, 500, 503])
    )
    content = draw(bodies(operation))
    encoding = draw(st.sampled_from(["", "identity", "gzip", "deflate", "br", "gzip, gzip", "nonsense"]))
    if encoding == "gzip":
        content = gzip.compress(content)
    elif encoding == "deflate":
        content = zlib.compress(content)
    if draw(st.booleans()) and content:
        index = draw(st.integers(0, len(content) - 1))
        content = content[:index] + bytes([content[index] ^ 0xFF]) + content[index + 1 :]
    headers = {
        "content-type": draw(
            st.sampled_from(["application/json", "text/html", "application/json; charset=latin-1"])
        )
    }
    if encoding:
        headers["content-encoding"] = encoding
    if draw(st.booleans()):
        headers["retry-after"] = draw(
            st.sampled_from(["1", "-5", "soon", "1e400", "Fri, 31 Dec 9999 23:59:59 GMT"])
        )
    return code, headers, content


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_a_malformed_answer_gives_the_model_or_a_qovery_error(operation: Operation) -> None:
    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
    @given(answers(operation))
    def check(answer: tuple[int, dict[str, str], bytes]) -> None:
        code, headers, content = answer
        client = client_answering(
            lambda request: httpx.Response(code, headers=headers, stream=httpx.ByteStream(content)),
            retry=NO_RETRY,
        )
        try:
            parsed = operation.call(client)
        except errors.QoveryError as error:
            assert str(error)
            if isinstance(error, errors.APIStatusError):
                error.body  # noqa: B018 - reading it must not raise
            return
        # A model that comes out has the documented types, all the way down.
        assert type(parsed).__name__ == operation.success_schema_name
        check_json(json.loads(json.dumps(parsed.to_dict())), getattr(operation.module, f"_SHAPE_{code}"))

    check()
