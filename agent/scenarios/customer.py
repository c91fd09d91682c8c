"""A simulated customer: a second endpoint plays the shopper of a `goal:` scenario.

The customer model sees the goal and the conversation from the shopper's side (the assistant's
replies as the other party) and writes the next message, or DONE when it has what it wanted.
Payment confirmations are answered by the scenario's stated policy (`confirm_if`), never by
the customer model, so what a simulated customer agrees to pay is fixed in the file.
"""

from __future__ import annotations

from typing import Any

from agent.api import AgentRuntime, Reply, ShoppingAgent
from agent.config import ModelClients
from agent.model import Usage
from agent.scenarios.expect import Failure, ShopState, check
from agent.scenarios.play import play_step
from agent.scenarios.report import TurnReport
from agent.scenarios.spec import ConfirmPolicy, Expect, Job, Step
from store import RefundSummary

_MOST_ANSWERS = 3
"""Confirmations answered after one message at most (a payment, its code, one more)."""

DONE = "DONE"
"""What the customer model writes when its goal is met (or it gives up)."""

CUSTOMER_PROMPT = """\
You are a customer chatting with an online shop's assistant. Your goal:

{goal}

Write only your next message to the assistant, short and natural, in the language of the goal. \
Say what you want; answer the assistant's questions from the goal; never invent a different \
goal. Payments are confirmed outside the chat: do not type card numbers. When the goal is done \
(or clearly cannot be), write only {done}."""


def play_simulated(
    job: Job, runtime: AgentRuntime, clients: ModelClients, user_model: str | None
) -> list[TurnReport]:
    """Let the customer model pursue the goal until `success` holds or `max_turns` is reached."""
    scenario = job.scenario
    if user_model is None:
        raise ValueError(f"{scenario.name!r} has a goal: name the customer's endpoint")
    customer = clients(user_model)
    agent = ShoppingAgent(scenario.customer, model=job.model, runtime=runtime)
    assert scenario.goal is not None and scenario.success is not None  # validated
    seen: list[dict[str, Any]] = [
        {"role": "system", "content": CUSTOMER_PROMPT.format(goal=scenario.goal, done=DONE)}
    ]
    turns: list[TurnReport] = []
    replies: list[Reply] = []
    for number in range(1, scenario.max_turns + 1):
        said = customer.complete(seen, []).content.strip()
        if not said or said.rstrip(".!").upper() == DONE:
            break
        seen.append({"role": "assistant", "content": said})

        step = Step(say=said)
        for _ in range(_MOST_ANSWERS + 1):  # the message, then the policy's answers
            turn, reply = play_step(agent, step, number)
            turns.append(turn)
            replies.append(reply)
            next_step = _policy(reply, scenario.confirm_if)
            if next_step is None:
                break
            step = next_step
        seen.append({"role": "user", "content": replies[-1].text or "(no reply)"})
        if not _judge(scenario.success, replies, agent, number):
            break
    if not turns:
        failure = Failure(step=0, key="goal", expected="a customer message", got=DONE)
        return [
            TurnReport(
                step=0, action="[nothing said]", reply="", tools=[], usage=Usage(),
                milliseconds=0.0, failures=[failure],
            )
        ]  # fmt: skip
    failures = _judge(scenario.success, replies, agent, len(turns))
    last = turns[-1]
    turns[-1] = last.model_copy(update={"failures": last.failures + failures})
    return turns


def _judge(success: Expect, replies: list[Reply], agent: ShoppingAgent, step: int) -> list[Failure]:
    return check(
        success, _whole(replies), ShopState(agent.runtime.engine, agent.customer.id), step=step
    )


def _policy(reply: Reply, policy: ConfirmPolicy) -> Step | None:
    """What the customer does about what waits: confirm, decline, give the code, or nothing."""
    pending = reply.pending
    if pending is None:
        return None
    if pending.kind == "payment_code":
        return None if policy.code is None else Step(code=policy.code)
    summary = pending.summary
    assert summary is not None
    amount = summary.amount if isinstance(summary, RefundSummary) else summary.total
    if policy.allows(amount, summary.payment_method.label):
        return Step(confirm=True)
    return Step(decline=True)


def _whole(replies: list[Reply]) -> Reply:
    """The conversation as one reply: every tool call, the last text and what waits now."""
    if not replies:
        return Reply(text="")
    last = replies[-1]
    calls = [call for reply in replies for call in reply.tool_calls]
    return Reply(text=last.text, tool_calls=calls, pending=last.pending, model=last.model)
