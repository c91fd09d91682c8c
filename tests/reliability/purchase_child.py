"""One step of a purchase in its own process, killed with SIGKILL at a chosen point.

    python -m tests.reliability.purchase_child DB_URL BASE_URL THREAD ACTION KILL

ACTION is `send:TEXT` or `confirm`; KILL is `before:NAME`, `after:NAME` (a `store` function
the tools call) or `none`. The test process then opens the same store and checkpoints.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from typing import Any

import store
from agent import AgentRuntime, ShoppingAgent
from agent.config import ModelClients
from tests.agent.conftest import fake_endpoint


def _kill_at(point: str) -> None:
    when, _, name = point.partition(":")
    original = getattr(store, name)

    @functools.wraps(original)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(store, name, wrapped)


def main(db_url: str, base_url: str, thread: str, action: str, kill: str) -> None:
    runtime = AgentRuntime(
        engine=store.make_engine(db_url), clients=ModelClients({"fake": fake_endpoint(base_url)})
    )
    agent = ShoppingAgent("alice", model="fake", thread_id=thread, runtime=runtime)
    if kill != "none":
        _kill_at(kill)
    if action == "confirm":
        agent.confirm(agent.pending)
    else:
        agent.send(action.removeprefix("send:"))


if __name__ == "__main__":
    main(*sys.argv[1:])
