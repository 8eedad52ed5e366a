"""Deployment.wait() against fixed polls: status reads per deployment and how late each sees the end.

    .venv/bin/python bench/bench_wait.py [--deployments 9] [--seed 1]

Everything runs on one manual clock (qovery_mock's ManualClock): the client sleeps by moving it, so
a 20-minute deployment takes milliseconds and no sleep is real. For each length (1, 5 and 20
minutes) a series of job deployments runs one after the other, each lasting within 5% of the one
before (a random walk from the nominal length). Each deployment gets a fresh in-process mock whose
fixture `settings.timings` make its redeploy last exactly that long; the same lengths are then
followed three ways:

- `wait()`: the `Qovery` facade, `q.jobs.redeploy(job).wait()`. One facade serves the whole series
  (its transport is pointed at each new mock in turn), so each wait knows the length of the one
  before, as a user's script redeploying the same job does.
- a fixed 3 s poll, as the Qovery CLI's `--watch`: it sleeps 3 s, then reads every 3 s.
- a fixed 10 s poll, as Qovery's GitHub Action: it reads every 10 s, the first after 10 s.

The fixed polls read the job's status through the generated client until the request's state is an
end state. Measured per deployment: the status reads sent, and the detection delay, from the moment
the mock reaches the end state (the request's start plus its length) to the moment the poller
returns. The first deployment of a series has no previous length to go by; it is shown apart and left
out of the medians, which are over the deployments that follow.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
from common import median, table
from qovery_deploy_client import AuthenticatedClient, Qovery
from qovery_deploy_client.api.deployment_status import get_job_status
from qovery_deploy_client.models import StateEnum

from qovery_mock.app import MockApp, create_app
from qovery_mock.clock import ManualClock
from qovery_mock.fixtures import read_fixture_data
from qovery_mock.transport import MockTransport

JOB = "faea0b17-6f1b-4152-a793-cf00184d0022"  # a job of the default fixture
LENGTHS = (60, 300, 1200)
DRIFT = 0.05  # each deployment lasts within 5% of the one before
READ_GOAL = 0.25  # at most a quarter of the 3 s poll's reads
DELAY_GOAL = 3.0  # median detection delay, seconds
END_STATES = {StateEnum.DEPLOYED, StateEnum.DEPLOYMENT_ERROR, StateEnum.CANCELED}


class SharedTime:
    """The client's clock on the mock's manual clock: sleeping moves the mock's time."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock

    def monotonic(self) -> float:
        return self.clock.now()

    def sleep(self, seconds: float) -> None:
        self.clock.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Switch(httpx.BaseTransport):
    """A transport that sends to the mock of the current deployment, counting the status reads."""

    def __init__(self) -> None:
        self.target: MockTransport | None = None
        self.reads = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert self.target is not None
        if request.method == "GET":
            self.reads += 1
        return self.target.handle_request(request)


@dataclass
class Result:
    reads: int
    delay: float


def timed_fixture(base: dict[str, Any], seconds: float) -> dict[str, Any]:
    """The default fixture with a job redeploy (queued, building, deploying) lasting `seconds`.

    Building and deploying last whole seconds; the queue takes the rest, fraction included, so that
    the end falls at any point of a fixed poll's period.
    """
    building = round(seconds * 0.6)
    deploying = round(seconds * 0.3)
    fixture = dict(base)
    settings = dict(fixture.get("settings", {}))
    settings["timings"] = {
        **settings.get("timings", {}),
        "queued": seconds - building - deploying,
        "building": building,
        "deploying": deploying,
    }
    fixture["settings"] = settings
    fixture.pop("faults", None)
    return fixture


def lengths(nominal: int, count: int, rng: random.Random) -> list[float]:
    """`count` lengths in tenths of a second, each within DRIFT of the one before."""
    series = [nominal + rng.random()]
    while len(series) < count:
        series.append(series[-1] * (1 + rng.uniform(-DRIFT, DRIFT)))
    return [round(value, 1) for value in series]


def new_mock(base: dict[str, Any], seconds: float, clock: ManualClock) -> tuple[MockApp, MockTransport]:
    app = create_app(timed_fixture(base, seconds), clock=clock)
    return app, MockTransport(app)


def follow_with_wait(base: dict[str, Any], series: list[float], seed: int) -> list[Result]:
    clock = ManualClock(start=1_700_000_000.0)
    switch = Switch()
    results: list[Result] = []
    app, transport = new_mock(base, series[0], clock)
    options: dict[str, Any] = {"token": app.state.mock.default_token, "clock": SharedTime(clock)}
    with Qovery(base_url="http://qovery-mock", httpx_args={"transport": switch}, **options) as q:
        for index, seconds in enumerate(series):
            if index:
                transport.close()
                app, transport = new_mock(base, seconds, clock)
            switch.target = transport
            deployment = q.jobs.redeploy(JOB)
            end = clock.now() + seconds
            before = switch.reads
            outcome = deployment.wait(timeout=4 * seconds)
            assert outcome.succeeded, outcome
            results.append(Result(switch.reads - before, clock.now() - end))
    transport.close()
    return results


def follow_with_fixed_poll(
    base: dict[str, Any], series: list[float], first: float, every: float
) -> list[Result]:
    clock = ManualClock(start=1_700_000_000.0)
    results: list[Result] = []
    for seconds in series:
        app, transport = new_mock(base, seconds, clock)
        token = app.state.mock.default_token
        with AuthenticatedClient(
            base_url="http://qovery-mock", token=token, httpx_args={"transport": transport}
        ) as client:
            response = client.get_httpx_client().post(f"/job/{JOB}/redeploy")
            request_id = response.json()["deployment_request_id"]
            end = clock.now() + seconds
            reads = 0
            clock.advance(first)
            while True:
                reads += 1
                status = get_job_status.sync(UUID(JOB), client=client)
                if str(status.deployment_request_id) == request_id and status.state in END_STATES:
                    break
                clock.advance(every)
            results.append(Result(reads, clock.now() - end))
    return results


@dataclass
class Series:
    nominal: int
    lengths: list[float]
    runs: dict[str, list[Result]]


POLLERS: dict[str, Callable[[dict[str, Any], list[float], int], list[Result]]] = {
    "wait()": follow_with_wait,
    "fixed 3 s poll (CLI --watch)": lambda base, series, seed: follow_with_fixed_poll(base, series, 3, 3),
    "fixed 10 s poll (GitHub Action)": lambda base, series, seed: follow_with_fixed_poll(
        base, series, 10, 10
    ),
}


def minutes(seconds: int) -> str:
    return f"{seconds // 60} min"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--deployments", type=int, default=15, help="consecutive deployments per length")
    parser.add_argument("--seed", type=int, default=1, help="seed of the lengths")
    args = parser.parse_args()
    base, _ = read_fixture_data(None)
    rng = random.Random(args.seed)
    all_series = []
    for nominal in LENGTHS:
        series = lengths(nominal, args.deployments, rng)
        runs = {name: poll(base, series, args.seed) for name, poll in POLLERS.items()}
        all_series.append(Series(nominal, series, runs))

    print("### Deployment.wait() against fixed polls\n")
    print("`.venv/bin/python bench/bench_wait.py`\n")
    print(
        f"Job deployments on the mock's manual clock: for each length, {args.deployments} in a row, each "
        f"within {DRIFT:.0%} of the one before. Medians over deployments 2 to {args.deployments} (each knows "
        "the length of the one before); the first, with no length to go by, is shown apart.\n"
    )
    rows = []
    for found in all_series:
        spread = f"{min(found.lengths):.0f}-{max(found.lengths):.0f} s"
        for name, results in found.runs.items():
            rest = results[1:]
            rows.append(
                [
                    f"{minutes(found.nominal)} ({spread})",
                    name,
                    f"{median([r.reads for r in rest]):.0f}",
                    f"{max(r.reads for r in rest)}",
                    f"{median([r.delay for r in rest]):.1f}",
                    f"{max(r.delay for r in rest):.1f}",
                    f"{results[0].reads} reads, {results[0].delay:.1f} s",
                ]
            )
    print(
        table(
            [
                "deployment",
                "poller",
                "reads (median)",
                "reads (max)",
                "delay s (median)",
                "delay s (max)",
                "first",
            ],
            rows,
            "llrrrrl",
        )
    )
    print()
    met_all = True
    figures = []
    for found in all_series:
        ours = found.runs["wait()"][1:]
        cli = found.runs["fixed 3 s poll (CLI --watch)"][1:]
        ratio = median([r.reads for r in ours]) / median([r.reads for r in cli])
        delay = median([r.delay for r in ours])
        met = ratio <= READ_GOAL and delay <= DELAY_GOAL
        met_all &= met
        figures.append(f"{minutes(found.nominal)}: {ratio:.2f}x the reads, {delay:.1f} s")
    verdict = "met" if met_all else "missed"
    print(
        "Goal: wait() at most a quarter of the 3 s poll's reads with a median detection delay of 3 s or less: "
        f"{verdict} ({'; '.join(figures)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
