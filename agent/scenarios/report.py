"""What a run produced: results per play, and the figures over them (pass rates, pass^k).

pass^k follows tau-bench: a scenario played n times with c successes contributes
C(c, k) / C(n, k), the chance that k plays drawn from its n all pass; the run's pass^k is the
mean over scenarios. pass^1 is the mean pass rate.
"""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections import defaultdict
from math import comb
from pathlib import Path

from pydantic import BaseModel, computed_field

from agent.model import Usage
from agent.scenarios.expect import Failure


class TurnReport(BaseModel):
    """One step (or simulated customer turn) and how it went."""

    step: int
    action: str
    """What the customer did: the message, "[confirm]", "[decline]"..."""
    reply: str
    tools: list[str]
    usage: Usage
    milliseconds: float
    failures: list[Failure]


class ScenarioResult(BaseModel):
    """One play of one scenario on one model."""

    name: str
    tags: list[str]
    source: str
    model: str
    repeat: int
    """0-based play number (with --repeat K)."""
    turns: list[TurnReport]
    error: str | None = None
    """Why the scenario could not be played (e.g. an unknown customer)."""
    seconds: float
    """Wall time, shop copy included."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def failures(self) -> list[Failure]:
        """Every expectation that did not hold, in step order."""
        return [failure for turn in self.turns for failure in turn.failures]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        """Whether it played and every expectation held."""
        return self.error is None and not self.failures

    @property
    def usage(self) -> Usage:
        """Tokens (and cost, when the endpoint has prices) over all turns."""
        total = Usage()
        for turn in self.turns:
            total = total + turn.usage
        return total

    @property
    def tool_count(self) -> int:
        """Tool calls over all turns."""
        return sum(len(turn.tools) for turn in self.turns)

    @property
    def problems(self) -> list[str]:
        """What went wrong, one line each ("expected X, got Y at step N")."""
        return ([self.error] if self.error else []) + [str(f) for f in self.failures]


class Rate(BaseModel):
    """A pass rate over some plays."""

    passed: int
    total: int

    @property
    def rate(self) -> float:
        """Share that passed (0 when there were none)."""
        return self.passed / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.passed}/{self.total} ({self.rate:.0%})"


class ModelSummary(BaseModel):
    """One model's figures over the whole run."""

    model: str
    plays: Rate
    pass_hat_k: dict[int, float]
    usage: Usage
    median_turn_ms: float


class RunReport(BaseModel):
    """Every play of a run, in a stable order (model, scenario, repeat)."""

    results: list[ScenarioResult]
    repeat: int = 1
    seconds: float = 0.0

    @property
    def passed(self) -> int:
        """Plays that passed."""
        return sum(result.passed for result in self.results)

    @property
    def failed(self) -> int:
        """Plays that failed."""
        return len(self.results) - self.passed

    @property
    def models(self) -> list[str]:
        """Models played, in order."""
        return list(dict.fromkeys(result.model for result in self.results))

    @property
    def closing_line(self) -> str:
        """The last line of a run: "N passed, N failed"."""
        return f"{self.passed} passed, {self.failed} failed"

    def by_tag(self, model: str | None = None) -> dict[str, Rate]:
        """Pass rate per tag (plays without tags count under "untagged")."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for result in self._of(model):
            for tag in result.tags or ["untagged"]:
                counts[tag][0] += result.passed
                counts[tag][1] += 1
        return {tag: Rate(passed=p, total=t) for tag, (p, t) in sorted(counts.items())}

    def per_scenario(self, model: str | None = None) -> dict[str, Rate]:
        """Each scenario's plays: passed of repeats (all passed is its pass^k)."""
        counts: dict[str, list[int]] = {}
        for result in self._of(model):
            entry = counts.setdefault(result.name, [0, 0])
            entry[0] += result.passed
            entry[1] += 1
        return {name: Rate(passed=p, total=t) for name, (p, t) in counts.items()}

    def pass_hat_k(self, model: str | None = None) -> dict[int, float]:
        """pass^k for k = 1..repeat, tau-bench's estimator, averaged over scenarios."""
        rates = list(self.per_scenario(model).values())
        if not rates:
            return {}
        most = min(rate.total for rate in rates)
        return {
            k: sum(comb(r.passed, k) / comb(r.total, k) for r in rates) / len(rates)
            for k in range(1, most + 1)
        }

    def summary(self, model: str) -> ModelSummary:
        """One model's pass rate, pass^k, tokens, cost and median turn latency."""
        results = self._of(model)
        usage = Usage()
        for result in results:
            usage = usage + result.usage
        turn_ms = [turn.milliseconds for result in results for turn in result.turns]
        return ModelSummary(
            model=model,
            plays=Rate(passed=sum(r.passed for r in results), total=len(results)),
            pass_hat_k=self.pass_hat_k(model),
            usage=usage,
            median_turn_ms=statistics.median(turn_ms) if turn_ms else 0.0,
        )

    def _of(self, model: str | None) -> list[ScenarioResult]:
        return [r for r in self.results if model is None or r.model == model]

    def write_json(self, path: Path) -> None:
        """Every play with its turns and failures, as JSON."""
        path.write_text(self.model_dump_json(indent=2), encoding="utf-8")

    def write_junit(self, path: Path) -> None:
        """A JUnit XML file: a test suite per model, a test case per play."""
        suites = ET.Element("testsuites", name="shopagent scenarios")
        for model in self.models:
            results = self._of(model)
            suite = ET.SubElement(
                suites,
                "testsuite",
                name=model,
                tests=str(len(results)),
                failures=str(sum(not r.passed for r in results)),
                errors="0",
                time=f"{sum(r.seconds for r in results):.3f}",
            )
            for result in results:
                name = result.name if self.repeat == 1 else f"{result.name} #{result.repeat + 1}"
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=name,
                    classname=f"{model}.{result.source.rsplit(':', 1)[0]}",
                    time=f"{result.seconds:.3f}",
                )
                if not result.passed:
                    problems = result.problems
                    failure = ET.SubElement(case, "failure", message=problems[0])
                    failure.text = "\n".join(problems)
        ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
