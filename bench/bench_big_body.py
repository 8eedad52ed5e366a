"""Big restart bodies: how long the served mock takes to answer a 1 MiB restart body of distinct ids, and
how long small requests on another connection wait meanwhile.

The mock runs as `python -m qovery_mock --manual-clock` on 127.0.0.1. Each round sends
`POST /environment/{id}/service/restart-service` with `{"application_ids": [...]}` of about 26,000
distinct random ids (1 MiB, the default body limit; the answer is a 404 naming the first ten), while a
second connection sends `POST /job/{id}/redeploy` one after the other. Cells are medians over the rounds.

    .venv/bin/python bench/bench_big_body.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid
from typing import Any

import httpx
from common import median, running_mock, section, table

BODY_LIMIT = 1024 * 1024
GOAL_ANSWER = 1.0
GOAL_DELAY = 0.1


def big_body() -> bytes:
    ids: list[str] = []
    size = len(b'{"application_ids": []}')
    while size + 40 <= BODY_LIMIT:
        ids.append(str(uuid.uuid4()))
        size += 40
    return json.dumps({"application_ids": ids}).encode()


async def one_round(details: dict[str, Any]) -> tuple[float, float, int, int]:
    """(seconds for the big answer, longest small-request time meanwhile, small requests, big status)."""
    url, token = details["url"], details["token"]
    headers = {"Authorization": f"Token {token}", "content-type": "application/json"}
    environment, job = details["ids"]["environments"][0], details["ids"]["jobs"][0]
    body = big_body()
    async with (
        httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as big_client,
        httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as small_client,
    ):
        await small_client.post(f"/job/{job}/redeploy")  # connection open and warm
        done = asyncio.Event()
        small_times: list[float] = []

        async def probe() -> None:
            while not done.is_set():
                started = time.perf_counter()
                await small_client.post(f"/job/{job}/redeploy")
                small_times.append(time.perf_counter() - started)

        prober = asyncio.create_task(probe())
        started = time.perf_counter()
        answer = await big_client.post(f"/environment/{environment}/service/restart-service", content=body)
        big = time.perf_counter() - started
        done.set()
        await prober
    return big, max(small_times), len(small_times), answer.status_code


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    section("Big restart bodies", ".venv/bin/python bench/bench_big_body.py")
    results = []
    with running_mock() as details:
        for _ in range(args.rounds):
            results.append(asyncio.run(one_round(details)))
    statuses = sorted({status for *_, status in results})
    big = median([result[0] for result in results])
    delay = median([result[1] for result in results])
    small = median([result[2] for result in results])
    print(
        table(
            [
                "body",
                "answer",
                "big answer s",
                "longest small request meanwhile ms",
                "small requests answered",
            ],
            [
                [
                    f"{len(big_body()) // 1024} KiB of distinct ids",
                    statuses,
                    f"{big:.3f}",
                    f"{delay * 1000:.1f}",
                    small,
                ]
            ],
        )
    )
    print(f"\nMedian of {args.rounds} rounds.\n")
    print(
        f"Goal: a 1 MiB restart body answered in under {GOAL_ANSWER:g} s: {'met' if big < GOAL_ANSWER else 'missed'} ({big:.3f} s)"
    )
    print(
        f"Goal: small requests answered within {GOAL_DELAY * 1000:.0f} ms meanwhile: "
        f"{'met' if delay < GOAL_DELAY else 'missed'} ({delay * 1000:.1f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
