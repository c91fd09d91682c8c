"""`langgraph dev` as shipped (no --allow-blocking), driven through `langgraph_sdk`.

A whole purchase with the offline demo model: messages in LangChain style (as Studio and Agent
Chat UI send them) and in OpenAI style, the payment interrupt, and the resume that pays.
"""

from __future__ import annotations

import os
import re
import sys
import urllib.request
from pathlib import Path

import pytest
from langgraph_sdk import get_sync_client
from sqlmodel import Session, select

from agent.state import MESSAGE_CHARS
from store import get_engine
from store.models import Order, OrderStatus, Payment
from tests.servers import free_port, running

pytestmark = pytest.mark.slow

LANGGRAPH = str(Path(sys.executable).with_name("langgraph"))
GRAPH = "shopagent"
README = Path(__file__).parents[1] / "README.md"


def _answers(url: str):
    def check() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/ok", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    return check


@pytest.fixture
def server(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,  # SHOPAGENT_HOME: the test's own store
        "LANGSMITH_TRACING": "false",
        "LANGGRAPH_CLI_NO_ANALYTICS": "1",
    }
    command = [LANGGRAPH, "dev", "--host", "127.0.0.1", "--port", str(port), "--no-browser"]
    command.append("--no-reload")
    with running(command, tmp_path / "langgraph.log", _answers(url), env=env):
        yield url


def _interrupts(client, thread_id: str) -> list[dict]:
    thread = client.threads.get(thread_id)
    return [i["value"] for waiting in (thread.get("interrupts") or {}).values() for i in waiting]


def test_a_whole_purchase_through_langgraph_sdk(server):
    client = get_sync_client(url=server)
    (assistant,) = client.assistants.search(graph_id=GRAPH)
    schemas = client.assistants.get_schemas(assistant["assistant_id"])
    assert "messages" in schemas["input_schema"]["properties"]
    assert "messages" in schemas["output_schema"]["properties"]
    assert schemas["context_schema"]["required"] == ["customer"]

    thread = client.threads.create()["thread_id"]
    context = {"customer": "alice"}
    # LangChain style, streamed: the reply's text comes as custom events.
    deltas = [
        part.data["text"]
        for part in client.runs.stream(
            thread,
            GRAPH,
            input={"messages": [{"type": "human", "content": "wireless earbuds under 300"}]},
            context=context,
            stream_mode="custom",
        )
        if part.event == "custom" and part.data.get("kind") == "text"
    ]
    assert deltas and "¥" in "".join(deltas)
    # OpenAI style, with content parts.
    client.runs.wait(
        thread,
        GRAPH,
        input={
            "messages": [
                {
                    "role": "user",
                    "content": [{"type": "text", "text": "add the first one in white"}],
                }
            ]
        },
        context=context,
    )
    client.runs.wait(
        thread,
        GRAPH,
        input={"messages": [{"type": "human", "content": "check out"}]},
        context=context,
    )
    (asked,) = _interrupts(client, thread)
    assert asked["type"] == "confirm_payment" and asked["summary"]["total"] == 29900
    order_id = asked["summary"]["order_id"]
    assert _order(order_id) == (OrderStatus.awaiting_payment, 0)

    # A resume naming another payment charges nothing and asks again.
    client.runs.wait(
        thread,
        GRAPH,
        command={"resume": {"confirm": True, "confirmation_token": "not-this-one"}},
        context=context,
    )
    (again,) = _interrupts(client, thread)
    assert again["refused"] and _order(order_id) == (OrderStatus.awaiting_payment, 0)

    client.runs.wait(
        thread,
        GRAPH,
        command={"resume": {"confirm": True, "confirmation_token": asked["confirmation_token"]}},
        context=context,
    )
    assert _interrupts(client, thread) == []
    assert _order(order_id) == (OrderStatus.paid, 1)

    conversation = client.threads.get_state(thread)["values"]["messages"]
    users = [m["content"] for m in conversation if m["role"] == "user"]
    assert users == ["wireless earbuds under 300", "add the first one in white", "check out"]
    (paid,) = [m for m in conversation if m["role"] == "tool" and m["name"] == "pay_order"]
    assert paid["ok"] is True


def test_another_customer_cannot_use_the_thread(server):
    client = get_sync_client(url=server)
    thread = client.threads.create()["thread_id"]
    hello = {"messages": [{"type": "human", "content": "wireless earbuds"}]}
    client.runs.wait(thread, GRAPH, input=hello, context={"customer": "alice"})
    intruder = {"messages": [{"type": "human", "content": "show my cart, I am bob"}]}
    run = client.runs.create(thread, GRAPH, input=intruder, context={"customer": "bob"})
    client.runs.join(thread, run["run_id"])
    assert client.runs.get(thread, run["run_id"])["status"] == "error"
    written = client.threads.get_state(thread)["values"]["messages"]
    assert all("bob" not in str(m["content"]) for m in written), "refused before it was written"
    client.runs.wait(
        thread,
        GRAPH,
        input={"messages": [{"role": "user", "content": "thanks"}]},
        context={"customer": "alice"},
    )
    conversation = client.threads.get_state(thread)["values"]["messages"]
    users = [m["content"] for m in conversation if m["role"] == "user"]
    assert users == ["wireless earbuds", "thanks"]  # bob's message never joined alice's thread


def test_the_readmes_example_buys_and_pays(server, capsys):
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- langgraph-example.*?-->\s*```python\n(.*?)```", text, re.S)
    assert match, "README lost its langgraph_sdk example"
    code = match.group(1).replace("http://127.0.0.1:2024", server)
    exec(compile(code, str(README), "exec"), {})
    assert "pay 29900 fen?" in capsys.readouterr().out
    with Session(get_engine()) as s:
        assert [o.status for o in s.exec(select(Order)).all()] == [OrderStatus.paid]


def _order(order_id: int) -> tuple[OrderStatus, int]:
    with Session(get_engine()) as s:
        order = s.get(Order, order_id)
        assert order is not None
        paid = s.exec(select(Payment).where(Payment.order_id == order_id)).all()
        return order.status, len(paid)


def test_a_message_shopping_agent_refuses_is_refused_unwritten(server):
    client = get_sync_client(url=server)
    for content, answer in (
        ("socks " * MESSAGE_CHARS, "keep it under"),
        ("\x00\x1b\u202e", "The message is empty: type what you are looking for."),
    ):
        thread = client.threads.create()["thread_id"]
        message = {"messages": [{"type": "human", "content": content}]}
        run = client.runs.create(thread, GRAPH, input=message, context={"customer": "alice"})
        assert answer in client.runs.join(thread, run["run_id"])["__error__"]["message"]
        assert not (client.threads.get_state(thread)["values"] or {}).get("messages")
