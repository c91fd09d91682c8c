"""Scripted conversations: YAML files of customer steps and expectations, run against any model.

    name: Buy earbuds
    customer: alice
    steps:
      - say: wireless earbuds under 300
        expect: {tools: [search_products]}
      - say: add the first one in white
      - say: check out
        expect: {pending: confirm_payment}
      - confirm: true
        expect: {order_status: paid}

A report gives each turn's reply, tools, tokens and cost, time, and what did not go as expected.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

import store
from agent.api import AgentRuntime, NothingPending, Reply, ShoppingAgent, default_runtime
from agent.model import Usage


class Expect(BaseModel):
    """What should be true after a step."""

    model_config = ConfigDict(extra="forbid")

    tools: list[str] | None = Field(default=None, description="Tools called, in this order.")
    pending: Literal["confirm_payment", "payment_code", "nothing"] | None = None
    text_contains: list[str] = Field(default_factory=list)
    order_status: store.OrderStatus | None = Field(
        default=None, description="Status of the customer's latest order."
    )


class Step(BaseModel):
    """One thing the customer does: say something, confirm (optionally with a code) or decline."""

    model_config = ConfigDict(extra="forbid")

    say: str | None = None
    confirm: bool | None = None
    code: str | None = None
    decline: bool | None = None
    expect: Expect = Field(default_factory=Expect)

    @model_validator(mode="after")
    def _one_action(self) -> Step:
        actions = [
            self.say is not None,
            bool(self.confirm) or self.code is not None,
            bool(self.decline),
        ]
        if sum(actions) != 1:
            raise ValueError("each step does exactly one of: say, confirm (or code), decline")
        return self

    @property
    def label(self) -> str:
        """How the step shows in a report."""
        if self.say is not None:
            return self.say
        if self.decline:
            return "[decline]"
        return f"[confirm code {self.code}]" if self.code else "[confirm]"


class Scenario(BaseModel):
    """A scripted conversation."""

    model_config = ConfigDict(extra="forbid")

    name: str
    customer: str = "alice"
    model: str | None = None
    steps: list[Step] = Field(min_length=1)

    @classmethod
    def load(cls, path: Path) -> Scenario:
        """Read and validate a scenario file.

        Raises:
            ValueError: naming the file and what is wrong with it.
        """
        try:
            return cls.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as exc:
            raise ValueError(f"{path}: not a valid scenario: {exc}") from None


class TurnReport(BaseModel):
    """One step's outcome."""

    step: str
    reply: str
    tools: list[str]
    usage: Usage
    milliseconds: float
    problems: list[str]


class ScenarioReport(BaseModel):
    """A whole run."""

    name: str
    model: str
    turns: list[TurnReport]

    @property
    def passed(self) -> bool:
        """Whether every expectation held."""
        return not any(turn.problems for turn in self.turns)

    @property
    def usage(self) -> Usage:
        """Tokens (and cost, when the endpoint has prices) over all turns."""
        total = Usage()
        for turn in self.turns:
            total = total + turn.usage
        return total


def _problems(expect: Expect, reply: Reply, agent: ShoppingAgent) -> list[str]:
    problems = []
    if reply.error:
        problems.append(f"model error: {reply.error}")
    called = [call.name for call in reply.tool_calls]
    if expect.tools is not None and called != expect.tools:
        problems.append(f"expected tools {expect.tools}, got {called}")
    if expect.pending is not None:
        got = reply.pending.kind if reply.pending else "nothing"
        if got != expect.pending:
            problems.append(f"expected pending {expect.pending}, got {got}")
    problems += [f"reply lacks {text!r}" for text in expect.text_contains if text not in reply.text]
    if expect.order_status is not None:
        with store.session_scope(agent.runtime.engine) as session:
            orders = store.list_orders(session, customer_id=agent.customer.id, limit=1)
        got_status = orders[0].status.value if orders else "no order"
        if got_status != expect.order_status.value:
            problems.append(f"expected latest order {expect.order_status.value}, got {got_status}")
    return problems


def run_scenario(
    scenario: Scenario, *, model: str | None = None, runtime: AgentRuntime | None = None
) -> ScenarioReport:
    """Play the scenario in a new thread and report every turn."""
    agent = ShoppingAgent(
        scenario.customer, model=model or scenario.model, runtime=runtime or default_runtime()
    )
    turns = []
    for step in scenario.steps:
        start = time.perf_counter()
        try:
            if step.say is not None:
                reply = agent.send(step.say)
            elif step.decline:
                reply = agent.decline()
            else:
                reply = agent.confirm(step.code)
        except NothingPending as exc:
            reply = Reply(text="", error=str(exc), model=agent.model)
        elapsed = (time.perf_counter() - start) * 1000
        turns.append(
            TurnReport(
                step=step.label,
                reply=reply.text or reply.error or "",
                tools=[call.name for call in reply.tool_calls],
                usage=reply.usage,
                milliseconds=round(elapsed, 1),
                problems=_problems(step.expect, reply, agent),
            )
        )
    return ScenarioReport(name=scenario.name, model=agent.model, turns=turns)
