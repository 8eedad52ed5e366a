"""Client overhead per call: the generated client against raw httpx sending the same request.

For each operation, both sides send the same request with the same headers (Authorization,
User-Agent), timeout and keep-alive connection pool. The raw side checks the status and runs
`json.loads` on the body; the generated client goes through its retry transport, its error handling
and its model parsing, which is the overhead measured. Two setups:

- in-memory: an `httpx.MockTransport` returning a prepared body (the mock's own answer), no network;
- loopback: the mock (`python -m qovery_mock`) in another process on 127.0.0.1.

Sides alternate in rounds (generated then raw, then raw then generated, ...); each cell is the median
over the rounds of the mean time per call within a round.

    .venv/bin/python bench/bench_client.py [--rounds 15] [--calls-memory 1000] [--calls-loopback 200]
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import UUID

import httpx
from common import admin, median, running_mock, section, table
from qovery_deploy_client import AuthenticatedClient
from qovery_deploy_client.api.database_actions import redeploy_database
from qovery_deploy_client.api.environment_actions import reboot_services, redeploy_environment
from qovery_deploy_client.api.helm_actions import redeploy_helm
from qovery_deploy_client.api.job_actions import redeploy_job
from qovery_deploy_client.client import DEFAULT_TIMEOUT, USER_AGENT
from qovery_deploy_client.models.reboot_services_request import RebootServicesRequest

ACCEPTED = 202
JSON_HEADERS = {"content-type": "application/json"}


@dataclass
class Operation:
    """One operation, called through the generated client and as a raw httpx request."""

    name: str
    path: str
    generated: Callable[[AuthenticatedClient], Any]
    body: dict[str, Any] | None = None

    def raw(self, client: httpx.Client) -> Any:
        response = client.post(self.path) if self.body is None else client.post(self.path, json=self.body)
        if response.status_code != ACCEPTED:
            raise RuntimeError(f"{self.name}: HTTP {response.status_code}")
        return json.loads(response.content)


def operations(ids: dict[str, list[str]]) -> list[Operation]:
    job, environment, database, helm = (
        UUID(ids[kind][0]) for kind in ("jobs", "environments", "databases", "helms")
    )
    application, container = UUID(ids["applications"][0]), UUID(ids["containers"][0])
    restart = RebootServicesRequest(application_ids=[application], container_ids=[container])
    return [
        Operation("redeployJob", f"/job/{job}/redeploy", lambda c: redeploy_job.sync(job, client=c)),
        Operation(
            "redeployEnvironment",
            f"/environment/{environment}/redeploy",
            lambda c: redeploy_environment.sync(environment, client=c),
        ),
        Operation(
            "redeployDatabase",
            f"/database/{database}/redeploy",
            lambda c: redeploy_database.sync(database, client=c),
        ),
        Operation("redeployHelm", f"/helm/{helm}/redeploy", lambda c: redeploy_helm.sync(helm, client=c)),
        Operation(
            "rebootServices",
            f"/environment/{environment}/service/restart-service",
            lambda c: reboot_services.sync(environment, client=c, body=restart),
            body=restart.to_dict(),
        ),
    ]


def generated_client(url: str, token: str, transport: httpx.BaseTransport | None) -> AuthenticatedClient:
    client = AuthenticatedClient(
        base_url=url, token=token, prefix="Token", httpx_args={"transport": transport} if transport else {}
    )
    client.get_httpx_client()
    return client


def raw_client(url: str, token: str, transport: httpx.BaseTransport | None) -> httpx.Client:
    headers = {"User-Agent": USER_AGENT, "Authorization": f"Token {token}"}
    return httpx.Client(base_url=url, headers=headers, timeout=DEFAULT_TIMEOUT, transport=transport)


@dataclass
class Sample:
    """Seconds per call of one block of calls: wall time and this process's CPU time."""

    wall: float
    cpu: float


def per_call(call: Callable[[], Any], count: int) -> Sample:
    """Mean seconds per call over `count` calls."""
    gc.collect()
    cpu, started = time.process_time(), time.perf_counter()
    for _ in range(count):
        call()
    return Sample((time.perf_counter() - started) / count, (time.process_time() - cpu) / count)


@dataclass
class Result:
    """Medians over the rounds of the seconds per call of each side."""

    generated: Sample
    raw: Sample


def compare(
    ops: list[Operation],
    clients: Callable[[Operation], tuple[AuthenticatedClient, httpx.Client]],
    rounds: int,
    calls: int,
    between_rounds: Callable[[], object] = lambda: None,
) -> dict[str, Result]:
    """Each operation's result, sides alternating in each round, the first round a warm-up."""
    blocks: dict[str, tuple[list[Sample], list[Sample]]] = {op.name: ([], []) for op in ops}
    for number in range(rounds + 1):
        between_rounds()
        for op in ops:
            generated, raw = clients(op)
            sides = [(0, partial(op.generated, generated)), (1, partial(op.raw, raw))]
            for side, call in sides if number % 2 else reversed(sides):
                sample = per_call(call, calls)
                if number:
                    blocks[op.name][side].append(sample)

    def medians(samples: list[Sample]) -> Sample:
        return Sample(median([s.wall for s in samples]), median([s.cpu for s in samples]))

    return {name: Result(medians(gen), medians(raw)) for name, (gen, raw) in blocks.items()}


def in_memory(ops: list[Operation], bodies: dict[str, bytes], rounds: int, calls: int) -> dict[str, Result]:
    url, token = "http://qovery.invalid", "bench-token"
    pairs: dict[str, tuple[AuthenticatedClient, httpx.Client]] = {}
    for op in ops:
        body = bodies[op.name]
        transport = httpx.MockTransport(
            lambda request, body=body: httpx.Response(ACCEPTED, headers=JSON_HEADERS, content=body)
        )
        pairs[op.name] = (generated_client(url, token, transport), raw_client(url, token, transport))
    try:
        return compare(ops, lambda op: pairs[op.name], rounds, calls)
    finally:
        for generated, raw in pairs.values():
            generated.close()
            raw.close()


def loopback(ops: list[Operation], url: str, token: str, rounds: int, calls: int) -> dict[str, Result]:
    generated, raw = generated_client(url, token, None), raw_client(url, token, None)
    try:
        reset = partial(admin, url, "POST", "/_mock/reset")
        return compare(ops, lambda op: (generated, raw), rounds, calls, reset)
    finally:
        generated.close()
        raw.close()


def overall(results: dict[str, Result]) -> float:
    """The ratio of the summed medians: a call of each operation, generated against raw."""
    return sum(r.generated.wall for r in results.values()) / sum(r.raw.wall for r in results.values())


def rows(results: dict[str, Result], with_cpu: bool) -> list[list[str]]:
    out = []
    for name, result in results.items():
        gen, raw = result.generated, result.raw
        row = [name, f"{gen.wall * 1e6:.0f}", f"{raw.wall * 1e6:.0f}", f"{(gen.wall - raw.wall) * 1e6:+.0f}"]
        row.append(f"{gen.wall / raw.wall:.2f}x")
        if with_cpu:
            row += [f"{gen.cpu * 1e6:.0f}", f"{raw.cpu * 1e6:.0f}"]
        out.append(row)
    mean_overhead = sum(r.generated.wall - r.raw.wall for r in results.values()) / len(results)
    total = ["**all five**", "", "", f"{mean_overhead * 1e6:+.0f}", f"**{overall(results):.2f}x**"]
    out.append(total + ["", ""] if with_cpu else total)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rounds", type=int, default=31, help="rounds of each side per operation (default 31)"
    )
    parser.add_argument("--calls-memory", type=int, default=100, help="calls per side and round in memory")
    parser.add_argument(
        "--calls-loopback", type=int, default=30, help="calls per side and round over loopback"
    )
    args = parser.parse_args()

    with running_mock() as info:
        url, token = str(info["url"]), str(info["token"])
        ops = operations(info["ids"])
        with raw_client(url, token, None) as probe:
            bodies = {op.name: probe.post(op.path, json=op.body).content for op in ops}
        admin(url, "POST", "/_mock/reset")
        memory = in_memory(ops, bodies, args.rounds, args.calls_memory)
        network = loopback(ops, url, token, args.rounds, args.calls_loopback)

    header = ["operation", "generated µs/call", "raw httpx µs/call", "overhead µs", "ratio"]
    section("Client overhead per call", ".venv/bin/python bench/bench_client.py")
    print(
        f"Median over {args.rounds} rounds, the two sides alternating in each: {args.calls_memory} calls per side "
        f"and round in memory, {args.calls_loopback} over loopback. Goal over loopback: at most 1.15x.\n"
    )
    print("In memory (httpx.MockTransport returning the mock's own answer):\n")
    print(table(header, rows(memory, with_cpu=False)))
    print(
        "\nOver loopback (the mock in another process, keep-alive; CPU: this process's CPU time per call):\n"
    )
    print(table([*header, "generated CPU µs", "raw CPU µs"], rows(network, with_cpu=True)))
    ratio = overall(network)
    verdict = "met" if ratio <= 1.15 else "missed"
    print(f"\nGoal: generated client at most 1.15x raw httpx over loopback: {verdict} ({ratio:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
