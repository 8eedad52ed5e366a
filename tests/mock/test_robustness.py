"""No input, however broken, gets a 5xx: random paths, queries, headers and bodies (fixed seed)."""

from __future__ import annotations

import random
import string

import httpx
import pytest

from tests.mock.mock_test_support import Api

PIECES = [
    "",
    "x",
    "..",
    "%",
    "%ZZ",
    "%00",
    "%2F",
    "%FF%FE",
    "é",
    "6f1c8a02-4d2e-4b8f-9a51-0c3e7d9b1a44",
    "6F1C8A02-4D2E-4B8F-9A51-0C3E7D9B1A44",
    "null",
    "[]",
    "{}",
    " ",
    "+",
    "&",
    "=",
    ";",
]
BODIES = [
    b"",
    b"{",
    b"}",
    b"[1,2",
    b'{"application_ids": ["%s"]}',
    b'{"application_ids": [{}]}',
    b'{"database_ids": [true]}',
    b"\x00\x01\x02",
    b"\xef\xbb\xbf{}",
    b'{"container_ids": [' + b'"x",' * 1000 + b'"y"]}',
    b"1e999999",
    b'"\\ud800"',
]


def _random_text(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(PIECES)
    return "".join(rng.choice(string.printable.strip()) for _ in range(rng.randint(0, 40)))


@pytest.mark.parametrize("seed", range(4))
def test_random_requests_never_get_a_server_error(api: Api, seed: int) -> None:
    rng = random.Random(seed)
    environment = api.ids["environments"][0]
    templates = [
        "/job/{}/redeploy",
        "/environment/{}/redeploy",
        "/database/{}/redeploy",
        "/helm/{}/redeploy",
        "/environment/{}/service/restart-service",
    ]
    client = api.client()
    statuses = set()
    for _ in range(60):
        target = rng.choice([*api.ids["jobs"], environment, _random_text(rng)])
        path = rng.choice(templates).format(target)
        params = {rng.choice(["forceEvent", "applyImmediately", "x"]): _random_text(rng) for _ in range(2)}
        headers: dict[str, str | bytes] = {}
        if rng.random() < 0.3:
            headers["Content-Type"] = rng.choice(
                ["application/json", "text/plain", "", "application/json; x=y"]
            )
        if rng.random() < 0.3:
            headers["Authorization"] = rng.choice(
                ["Token", "Bearer x", f"Token {api.mock.default_token}", b"\xe9t\xe9"]
            )
        body = rng.choice(BODIES)
        method = rng.choice(["POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH"])
        try:
            response = client.request(method, path, params=params, headers=headers, content=body)
        except httpx.InvalidURL:
            continue
        statuses.add(response.status_code)
        assert response.status_code < 500, (method, path, params, headers, body, response.text)
        assert response.headers["content-type"].startswith("application/json")
    assert statuses & {202, 400, 401, 404, 405}
