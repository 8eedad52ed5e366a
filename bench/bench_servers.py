"""The mock over HTTP against Prism mocking the same openapi.yaml: requests per second and latency.

Both servers run at once, each in its own process on 127.0.0.1: the mock (`python -m qovery_mock`,
manual clock) and Prism (`prism mock -h 127.0.0.1 -p PORT openapi.yaml`, installed with npm into
bench/.prism on first use, its log discarded). One load generator drives both: wrk (C, one thread,
keep-alive) with a Lua script sending, with a valid `Authorization: Token`, the action
`POST /job/{id}/redeploy`, then the status read `GET /job/{id}/status`.
Without wrk, bench_mock.py's asyncio generator is used instead, and said so. A second Prism with
`-v silent` (no log of each request) runs beside them for reference; `--no-quiet-prism` leaves it out.

For each request, at each concurrency (1 and 16 connections) the servers take turns, round after round; each cell is
the median over the rounds. The CPU columns are the share of one core each process used during the
runs: the server near 100% and wrk well below it means the server, not the generator, is the limit.
Before each round of the mock its state is reset; after it, the job's `deployment_requests_count`
must lie between the 202 answers wrk received and that plus the requests still in flight when wrk
stopped (at most one per connection). bench_mock.py then runs its exact check: its generator waits
for every answer, so the count must equal its 202 answers.

    .venv/bin/python bench/bench_servers.py [--duration 3] [--rounds 3] [--connections 1,16]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import REPO_ROOT, admin, median, prism_version, running_mock, running_prism, section, table

WRK_SCRIPT = """
wrk.method = "{method}"
wrk.headers["Authorization"] = "Token {token}"
wrk.headers["Accept"] = "application/json"
wrk.headers["Content-Length"] = "0"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, '
    .. '"timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
QUIET_PRISM = "Prism -v silent"
ACTION = "redeploy"
READ = "status read"
DISTURBED = 0.2


@dataclass
class Run:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu: float
    generator_cpu: float
    machine_cpu: float

    @property
    def other_cpu(self) -> float:
        """CPU used meanwhile by every other process of the machine, as a share of one core."""
        return max(0.0, self.machine_cpu - self.server_cpu - self.generator_cpu)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def machine_busy_seconds() -> float:
    """CPU seconds all cores of the machine spent outside idle and I/O wait so far (/proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of a process and its children so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(value) for value in fields[11:15]) / CLOCK_TICKS


def server_pid(url: str) -> int:
    """The pid of the process listening on the URL's port (read from /proc/net/tcp and /proc/*/fd)."""
    port = int(url.rsplit(":", 1)[1])
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        if int(parts[1].split(":")[1], 16) == port and parts[3] == "0A":
            inodes.add(parts[9])
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return int(entry.name)
        except OSError:
            continue
    raise RuntimeError(f"no process listens on {url}")


def run_wrk(wrk: str, script: Path, url: str, connections: int, duration: float, pid: int) -> Run:
    server_before, machine_before = cpu_seconds(pid), machine_busy_seconds()
    started = time.perf_counter()
    usage_before = os.times()
    done = subprocess.run(
        [wrk, "-t1", f"-c{connections}", f"-d{duration:g}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    )
    usage_after = os.times()
    elapsed = time.perf_counter() - started
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    errors = sum(result[key] for key in ("connect", "read", "write", "status", "timeout"))
    generator = (usage_after.children_user + usage_after.children_system) - (
        usage_before.children_user + usage_before.children_system
    )
    return Run(
        requests=result["requests"],
        seconds=result["duration_us"] / 1e6,
        p50_ms=result["p50_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        errors=errors,
        server_cpu=(cpu_seconds(pid) - server_before) / elapsed,
        generator_cpu=generator / elapsed,
        machine_cpu=(machine_busy_seconds() - machine_before) / elapsed,
    )


def run_python(
    url: str, method: str, path: str, token: str, connections: int, duration: float, pid: int
) -> Run:
    from bench_mock import build_request, run_level

    server_before, machine_before = cpu_seconds(pid), machine_busy_seconds()
    process_before = time.process_time()
    started = time.perf_counter()
    result = asyncio.run(run_level(url, build_request(url, path, token, method), connections, duration))
    elapsed = time.perf_counter() - started
    return Run(
        requests=result.requests,
        seconds=result.elapsed,
        p50_ms=result.percentile(0.50),
        p99_ms=result.percentile(0.99),
        errors=result.errors,
        server_cpu=(cpu_seconds(pid) - server_before) / elapsed,
        generator_cpu=(time.process_time() - process_before) / elapsed,
        machine_cpu=(machine_busy_seconds() - machine_before) / elapsed,
    )


def exact_state_check(duration: float) -> tuple[int, str]:
    """bench_mock.py on a mock of its own: its table and state checks, and its exit status."""
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "bench_mock.py"), "--duration", f"{duration:g}"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    return done.returncode, done.stdout.strip() + ("\n" + done.stderr.strip() if done.returncode else "")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per run (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each server per level (default 3)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per server (default 3)")
    parser.add_argument("--connections", default="1,16", help="comma-separated levels (default 1,16)")
    parser.add_argument(
        "--exact-duration", type=float, default=2.0, help="seconds per level of bench_mock.py"
    )
    parser.add_argument(
        "--no-quiet-prism",
        dest="quiet_prism",
        action="store_false",
        help="leave out the extra run of Prism with its per-request log off (-v silent)",
    )
    args = parser.parse_args()
    levels = [int(level) for level in args.connections.split(",") if level.strip()]
    wrk = shutil.which("wrk")

    with contextlib.ExitStack() as stack:
        info = stack.enter_context(running_mock())
        prism_url = stack.enter_context(running_prism())
        scratch = stack.enter_context(tempfile.TemporaryDirectory())
        mock_url, token = str(info["url"]), str(info["token"])
        job = info["ids"]["jobs"][0]
        # request label -> (method, path, wrk script)
        requests: dict[str, tuple[str, str, Path]] = {}
        for label, method, path in (
            (ACTION, "POST", f"/job/{job}/redeploy"),
            (READ, "GET", f"/job/{job}/status"),
        ):
            script = Path(scratch) / f"{method.lower()}.lua"
            script.write_text(WRK_SCRIPT.format(token=token, method=method))
            requests[label] = (method, path, script)
        servers = {"mock": (mock_url, server_pid(mock_url)), "Prism": (prism_url, server_pid(prism_url))}
        if args.quiet_prism:
            quiet_url = stack.enter_context(running_prism(["-v", "silent"]))
            servers[QUIET_PRISM] = (quiet_url, server_pid(quiet_url))

        def load(name: str, request: str, connections: int, duration: float) -> Run:
            url, pid = servers[name]
            method, path, script = requests[request]
            if wrk:
                return run_wrk(wrk, script, url + path, connections, duration, pid)
            return run_python(url, method, path, token, connections, duration, pid)

        for name in servers:  # Prism's JIT needs traffic before it reaches its pace
            for request in requests:
                load(name, request, max(levels), args.warmup)
        runs: dict[tuple[str, str, int], list[Run]] = {}
        state_problems: list[str] = []
        for request, connections in itertools.product(requests, levels):
            for number in range(args.rounds):
                for name in servers if number % 2 == 0 else reversed(list(servers)):
                    if name == "mock":
                        admin(mock_url, "POST", "/_mock/reset")
                    run = load(name, request, connections, args.duration)
                    runs.setdefault((request, name, connections), []).append(run)
                    if name == "mock" and request == ACTION:
                        state = admin(mock_url, "GET", f"/_mock/resources/{job}")
                        counted = int(state["deployment_requests_count"])
                        accepted = run.requests - run.errors
                        if not accepted <= counted <= accepted + connections or run.errors:
                            state_problems.append(
                                f"{connections} conn round {number + 1}: count {counted}, 202 answers {accepted}, "
                                f"errors {run.errors}"
                            )

    generator = (
        "wrk 1 thread" if wrk else "bench_mock.py asyncio generator (wrk not found: apt-get install -y wrk)"
    )
    section("The mock against Prism over HTTP", ".venv/bin/python bench/bench_servers.py")
    quiet = (
        f"; `{QUIET_PRISM}` adds `-v silent`, which turns off its log of every request"
        if args.quiet_prism
        else ""
    )
    print(
        f"Load generator: {generator}, keep-alive; {ACTION} is POST /job/{{id}}/redeploy, {READ} is "
        f"GET /job/{{id}}/status. Prism {prism_version()} "
        f"(`prism mock -h 127.0.0.1 -p PORT openapi.yaml`, the goal's reference{quiet}). Median of {args.rounds} "
        f"alternating runs of {args.duration:g} s per server and level, after {args.warmup:g} s of warm-up. "
        "CPU: share of one core used during the runs; other CPU: every other process of the machine, which "
        "competes for its 2 cores.\n"
    )
    header = [
        "request",
        "server",
        "connections",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "server CPU",
        "wrk CPU",
        "other CPU",
    ]
    if not wrk:
        header[-2] = "generator CPU"
    rows = []
    order = list(servers)
    request_order = list(requests)
    for (request, name, connections), done in sorted(
        runs.items(), key=lambda item: (request_order.index(item[0][0]), item[0][2], order.index(item[0][1]))
    ):
        rows.append(
            [
                request,
                name,
                connections,
                f"{median([run.rate for run in done]):.0f}",
                f"{median([run.p50_ms for run in done]):.2f}",
                f"{median([run.p99_ms for run in done]):.2f}",
                sum(run.errors for run in done),
                f"{median([run.server_cpu for run in done]):.0%}",
                f"{median([run.generator_cpu for run in done]):.0%}",
                f"{median([run.other_cpu for run in done]):.0%}",
            ]
        )
    print(table(header, rows))
    print()
    ratio_rows = []
    goals = []
    for request, connections in itertools.product(requests, levels):
        mock = median([run.rate for run in runs[(request, "mock", connections)]])
        ratio = mock / median([run.rate for run in runs[(request, "Prism", connections)]])
        row = [request, connections, f"{ratio:.2f}x"]
        if (request, QUIET_PRISM, connections) in runs:
            quiet_rate = median([run.rate for run in runs[(request, QUIET_PRISM, connections)]])
            row.append(f"{mock / quiet_rate:.2f}x")
        ratio_rows.append(row)
        goals.append(
            f"Goal: mock at least 3x Prism's req/s, {request}, at {connections} "
            f"connection{'s' if connections > 1 else ''}: {'met' if ratio >= 3 else 'missed'} ({ratio:.2f}x)"
        )
        if connections == 16:
            p99 = median([run.p99_ms for run in runs[(request, "mock", connections)]])
            goals.append(
                f"Goal: mock p99 under 10 ms at 16 connections, {request}: "
                f"{'met' if p99 < 10 else 'missed'} ({p99:.2f} ms)"
            )
    ratio_header = ["request", "connections", "mock / Prism req/s"]
    if args.quiet_prism:
        ratio_header.append(f"mock / {QUIET_PRISM} req/s")
    print(table(ratio_header, ratio_rows))
    status, output = exact_state_check(args.exact_duration)
    if state_problems:
        print("\nState check after the wrk runs of the mock: MISMATCH\n")
        print("\n".join(f"- {line}" for line in state_problems))
    else:
        print(
            "\nState check after each wrk run of the mock: OK (deployment_requests_count = 202 answers received "
            "+ requests in flight when wrk stopped, at most one per connection; no errors)."
        )
    print(
        f"\nExact state check, `python bench/bench_mock.py --duration {args.exact_duration:g}` (a fresh mock):\n"
    )
    print("```\n" + output + "\n```\n")
    verdict = "met" if not state_problems and not status else "missed"
    goals.append(
        f"Goal: mock state correct after the runs: {verdict} (wrk runs and bench_mock.py's exact check)"
    )
    print("\n".join(goals))
    busiest = max(median([run.other_cpu for run in done]) for done in runs.values())
    if busiest > DISTURBED:
        print(
            f"\nOther processes used up to {busiest:.0%} of a core during these runs: the figures, the mock's "
            "at 1 connection above all, are lower than on an idle machine. Run again on an idle machine."
        )
    return 1 if state_problems or status else 0


if __name__ == "__main__":
    raise SystemExit(main())
