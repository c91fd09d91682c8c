"""Playing steps: what the customer does, and judging each step's `expect` right after it."""

from __future__ import annotations

import time

from agent.api import AgentRuntime, NothingPending, Reply, ShoppingAgent
from agent.scenarios.expect import Failure, ShopState, check
from agent.scenarios.report import TurnReport
from agent.scenarios.spec import Scenario, Step


def play_steps(scenario: Scenario, model: str, runtime: AgentRuntime) -> list[TurnReport]:
    """Play a scripted scenario in a new thread; a report per step."""
    agent = ShoppingAgent(scenario.customer, model=model, runtime=runtime)
    return [play_step(agent, step, number)[0] for number, step in enumerate(scenario.steps, 1)]


def play_step(agent: ShoppingAgent, step: Step, number: int) -> tuple[TurnReport, Reply]:
    """Do one step and judge its `expect`."""
    start = time.perf_counter()
    failures: list[Failure] = []
    try:
        reply = act(agent, step)
    except NothingPending as exc:
        reply = Reply(text="", model=agent.model, pending=None)
        action = "a confirmation" if not step.decline else "something to decline"
        failures.append(Failure(step=number, key="step", expected=action, got=f"none ({exc})"))
    elapsed = (time.perf_counter() - start) * 1000
    if reply.error:
        failures.append(Failure(step=number, key="reply", expected="a reply", got=reply.error))
    shop = ShopState(agent.runtime.engine, agent.customer.id)
    failures += check(step.expect, reply, shop, step=number)
    turn = TurnReport(
        step=number,
        action=step.label,
        reply=reply.text or reply.error or "",
        tools=[call.name for call in reply.tool_calls],
        usage=reply.usage,
        milliseconds=round(elapsed, 1),
        failures=failures,
    )
    return turn, reply


def act(agent: ShoppingAgent, step: Step) -> Reply:
    """What the customer does in this step."""
    if step.say is not None:
        return agent.send(step.say)
    if step.decline:
        return agent.decline()
    return agent.confirm(code=step.code)
