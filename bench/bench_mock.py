"""Throughput and latency of the mock served by uvicorn.

Starts `python -m qovery_mock` on 127.0.0.1 (a free port, manual clock so that no deployment
finishes during the run), drives POST /job/{id}/redeploy over keep-alive connections with a small
asyncio HTTP/1.1 client, prints a table, and checks that the job's deployment request count equals
the number of 202 answers.

    .venv/bin/python bench/bench_mock.py [--duration 5] [--connections 1,16]

`--url` benchmarks a server that is already running instead (for example Prism, for comparison);
the state check is then skipped unless the server has the mock's admin routes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
MAX_REQUESTS_PER_LEVEL = 1_000_000
START_TIMEOUT = 20.0


@dataclass
class LevelResult:
    connections: int
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0
    elapsed: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.failures

    @property
    def accepted(self) -> int:
        return self.statuses.get(202, 0)

    @property
    def errors(self) -> int:
        return self.failures + sum(count for status, count in self.statuses.items() if status != 202)

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
        return ordered[index] * 1000


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def _connection(
    host: str, port: int, request: bytes, deadline: float, budget: list[int], result: LevelResult
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            started = time.perf_counter()
            writer.write(request)
            try:
                status = await _read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                result.failures += 1
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            result.latencies.append(time.perf_counter() - started)
            result.statuses[status] = result.statuses.get(status, 0) + 1
    finally:
        writer.close()


async def run_level(url: str, request: bytes, connections: int, duration: float) -> LevelResult:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    result = LevelResult(connections)
    budget = [MAX_REQUESTS_PER_LEVEL]
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(_connection(host, port, request, deadline, budget, result) for _ in range(connections))
    )
    result.elapsed = time.perf_counter() - started
    return result


def build_request(url: str, path: str, token: str, method: str = "POST") -> bytes:
    host = urlsplit(url).netloc
    return (
        f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Token {token}\r\n"
        "Content-Length: 0\r\nAccept: application/json\r\n\r\n"
    ).encode()


def admin(url: str, method: str, path: str) -> dict[str, object]:
    request = urllib.request.Request(url + path, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=10) as answer:
        payload: dict[str, object] = json.loads(answer.read())
        return payload


def start_mock(http: str) -> tuple[subprocess.Popen[str], dict[str, object]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "qovery_mock", "--port", "0", "--manual-clock", "--json", "--http", http],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.kill()
        raise SystemExit("the mock did not start")
    return process, json.loads(line)


def print_table(results: list[LevelResult]) -> None:
    header = f"{'connections':>11} {'requests':>9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
    print(header)
    print("-" * len(header))
    for result in results:
        rate = result.requests / result.elapsed if result.elapsed else 0.0
        print(
            f"{result.connections:>11} {result.requests:>9} {rate:>9.0f} "
            f"{result.percentile(0.50):>8.2f} {result.percentile(0.99):>8.2f} {result.errors:>7}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per level (default 5)")
    parser.add_argument(
        "--warmup", type=float, default=0.5, help="seconds of warm-up per level (default 0.5)"
    )
    parser.add_argument("--connections", default="1,16", help="comma-separated levels (default 1,16)")
    parser.add_argument("--http", default="auto", help="the mock's HTTP parser: auto, h11 or httptools")
    parser.add_argument("--url", help="benchmark this running server instead of starting the mock")
    parser.add_argument("--token", help="token for --url (default: the mock's)")
    parser.add_argument("--path", help="request path (default: redeploy of the mock's first job)")
    args = parser.parse_args()
    levels = [int(level) for level in args.connections.split(",") if level.strip()]

    process = None
    if args.url:
        url, info = args.url.rstrip("/"), {}
    else:
        process, info = start_mock(args.http)
        url = str(info["url"])
    try:
        ids = info.get("ids", {})
        job_id = ids["jobs"][0] if isinstance(ids, dict) and ids.get("jobs") else None
        path = args.path or f"/job/{job_id}/redeploy"
        token = args.token or str(info.get("token", "token"))
        request = build_request(url, path, token)
        print(f"target: POST {url}{path}")
        if process:
            print(f"server: qovery-mock under uvicorn {info.get('server')}, manual clock")
        else:
            print("server: external")
        results: list[LevelResult] = []
        failed_checks = 0
        for connections in levels:
            if args.warmup > 0:
                asyncio.run(run_level(url, request, connections, args.warmup))
            if process:
                admin(url, "POST", "/_mock/reset")
            result = asyncio.run(run_level(url, request, connections, args.duration))
            results.append(result)
            if process and job_id:
                state = admin(url, "GET", f"/_mock/resources/{job_id}")
                counted = state["deployment_requests_count"]
                total = state["total_deployment_requests"]
                ok = counted == total == result.accepted
                failed_checks += not ok
                print(
                    f"state check ({connections} conn): deployment_requests_count={counted} "
                    f"total_deployment_requests={total} answers 202={result.accepted} "
                    f"-> {'OK' if ok else 'MISMATCH'}"
                )
        print()
        print_table(results)
        latencies = [statistics.mean(r.latencies) * 1000 for r in results if r.latencies]
        if latencies:
            print(f"\nmean latency per level (ms): {', '.join(f'{value:.2f}' for value in latencies)}")
        return 1 if failed_checks else 0
    finally:
        if process:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
