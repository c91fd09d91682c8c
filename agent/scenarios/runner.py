"""Playing scenarios: each on a fresh copy of the shop, in parallel worker processes if asked.

`run_scenarios(paths, models=[...], repeat=K)` validates every file first, then plays every
(scenario, model, repeat) on its own shop copy and returns a `RunReport`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Literal

import store
from agent.api import AgentRuntime, default_runtime
from agent.config import ModelClients
from agent.model import ModelEndpoint
from agent.scenarios.customer import play_simulated
from agent.scenarios.isolation import Prepare, ShopTemplate, fresh_template, seed_demo_shop
from agent.scenarios.play import play_steps
from agent.scenarios.report import RunReport, ScenarioResult
from agent.scenarios.spec import Job, Scenario, load_scenarios
from store.settings import ConfigError

StoreChoice = Literal["fresh", "current"]
"""fresh: a copy of the seeded demo shop per scenario; current: the user's configured store."""


@dataclass(frozen=True)
class Setup:
    """What every worker needs to play jobs (picklable)."""

    template: ShopTemplate | None
    """None: play on the user's configured store."""
    endpoints: dict[str, ModelEndpoint]
    user_model: str | None = None


def run_scenarios(
    paths: Iterable[Path | str] | Sequence[Scenario],
    *,
    models: Sequence[str | None] = (),
    repeat: int = 1,
    tags: Sequence[str] = (),
    workers: int = 1,
    store_choice: StoreChoice = "fresh",
    endpoints: dict[str, ModelEndpoint] | None = None,
    user_model: str | None = None,
    prepare: Prepare = seed_demo_shop,
    on_result: Callable[[ScenarioResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> RunReport:
    """Play scenario files (or scenarios) on every model, `repeat` times each.

    Args:
        paths: Scenario files or folders (every file is validated before any plays), or
            scenarios already loaded.
        models: Endpoint names; none means each scenario's own `model`, else the default.
        repeat: Plays per scenario and model (K of pass^k).
        tags: Play only scenarios with at least one of these tags.
        workers: Worker processes playing in parallel, each scenario on its own shop copy.
        store_choice: "fresh" (default) or "current", the user's configured store.
        endpoints: Endpoints by name beyond the configured ones (e.g. for tests).
        user_model: The endpoint playing the customer of `goal:` scenarios.
        prepare: What a fresh shop holds (default: the seeded demo shop).
        on_result: Called with each result as it comes (e.g. a progress bar).
        on_start: Called with the number of plays, once everything is validated.

    Raises:
        ScenarioFileError: a file is invalid (nothing was played).
        ConfigError: a model name is unknown or lacks its key, or a `goal:` scenario has no
            `user_model` (nothing was played).
    """
    scenarios = _scenarios(paths)
    if tags:
        scenarios = [s for s in scenarios if set(s.tags) & set(tags)]
    endpoints = dict(endpoints or {})
    clients = ModelClients(endpoints)
    jobs = [
        Job(scenario, clients.endpoint(model or scenario.model).name, n)
        for model in (models or [None])
        for scenario in scenarios
        for n in range(repeat)
    ]
    if user_model is not None:
        user_model = clients.endpoint(user_model).name
    elif any(scenario.simulated for scenario in scenarios):
        name = next(scenario.name for scenario in scenarios if scenario.simulated)
        raise ConfigError(
            f"Scenario {name!r} has a goal, so a model must play the customer: "
            "pass --user-model NAME (user_model=... in Python)."
        )
    if on_start is not None:
        on_start(len(jobs))
    started = time.perf_counter()
    with _template(store_choice, prepare) as template:
        setup = Setup(template=template, endpoints=endpoints, user_model=user_model)
        results = list(_play_all(jobs, setup, workers, on_result))
    order = {(job.scenario.name, job.model, job.repeat): i for i, job in enumerate(jobs)}
    results.sort(key=lambda r: order[(r.name, r.model, r.repeat)])
    return RunReport(
        results=results, repeat=repeat, seconds=round(time.perf_counter() - started, 2)
    )


def _scenarios(items: Iterable[Path | str] | Sequence[Scenario]) -> list[Scenario]:
    given = list(items)
    loaded = [item for item in given if isinstance(item, Scenario)]
    if len(loaded) == len(given):
        return loaded
    return load_scenarios(item for item in given if not isinstance(item, Scenario))


def _template(choice: StoreChoice, prepare: Prepare) -> AbstractContextManager[ShopTemplate | None]:
    return nullcontext(None) if choice == "current" else fresh_template(prepare)


def _play_all(
    jobs: list[Job],
    setup: Setup,
    workers: int,
    on_result: Callable[[ScenarioResult], None] | None,
) -> Iterator[ScenarioResult]:
    report = on_result or (lambda _result: None)
    if workers <= 1 or len(jobs) <= 1:
        player = Player(setup)
        for job in jobs:
            result = player.play(job)
            report(result)
            yield result
        return
    # Processes, not threads: each worker has its own interpreter, model clients and shop copies.
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(setup,),
    ) as pool:
        for future in as_completed([pool.submit(_play_in_worker, job) for job in jobs]):
            result = future.result()
            report(result)
            yield result


_worker: Player | None = None


def _start_worker(setup: Setup) -> None:
    global _worker
    os.environ.setdefault("SHOPAGENT_SCENARIO_WORKER", "1")
    _worker = Player(setup)


def _play_in_worker(job: Job) -> ScenarioResult:
    assert _worker is not None, "the worker was not started"
    return _worker.play(job)


class Player:
    """Plays jobs one after another, each on a fresh shop (or the current store)."""

    def __init__(self, setup: Setup) -> None:
        self.setup = setup
        self.clients = ModelClients(setup.endpoints)

    def play(self, job: Job) -> ScenarioResult:
        """Play one job and report it; a crash becomes a failed result, not a lost run."""
        started = time.perf_counter()
        with self._runtime() as runtime, store.shop_clock(job.scenario.now):
            try:
                if job.scenario.simulated:
                    turns = play_simulated(job, runtime, self.clients, self.setup.user_model)
                else:
                    turns = play_steps(job.scenario, job.model, runtime)
                error = None
            except store.StoreError as exc:
                turns, error = [], exc.message
        return ScenarioResult(
            name=job.scenario.name,
            tags=job.scenario.tags,
            source=job.scenario.source,
            model=job.model,
            repeat=job.repeat,
            turns=turns,
            error=error,
            seconds=round(time.perf_counter() - started, 3),
        )

    @contextmanager
    def _runtime(self) -> Iterator[AgentRuntime]:
        template = self.setup.template
        if template is None:
            yield default_runtime()
            return
        with template.copy() as engine, AgentRuntime(engine=engine, clients=self.clients) as rt:
            yield rt
