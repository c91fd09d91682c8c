"""Finding 7: chat messages and thread ids are bounded, on SQLite and PostgreSQL.

A NUL in a chat message made PostgreSQL raise (its text columns and checkpointer refuse NUL).
Now every customer message loses its NUL, control, escape and bidirectional-override
characters (tabs and line breaks stay) where it enters the agent, through the API and as
LangGraph Server input; one over `MESSAGE_CHARS` is refused with `MessageTooLong`. A thread id
the store cannot hold is refused with `InvalidThreadId` (a `ValueError`) by the API, the CLI
and the app, before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlmodel import Session, select

import store
from agent import MESSAGE_CHARS, MessageTooLong, ShoppingAgent
from agent.context import Context
from agent.graph import build_graph
from agent.server import ServerInput, ServerOutput
from agent.state import UserMessage, messages_of
from store.models import Conversation, ConversationTurn
from tests.agent.conftest import make_runtime
from tests.fake_provider import say

HOSTILE = "earbuds\x00 under\x1b[31m 300\u202e\r\nfor my\ttrip\x07\u2066"
CLEANED = "earbuds under[31m 300\nfor my\ttrip"

BAD_THREAD_IDS = ["t" * 101, "a\x00b", "line\nbreak", "\u202eevil", ""]


@pytest.fixture
def runtime(shop, fake):
    return make_runtime(shop, fake, streaming=True)


def _sent_user_messages(fake) -> list[str]:
    return [m["content"] for m in fake.requests[-1]["messages"] if m["role"] == "user"]


def _nothing_written(shop, runtime) -> None:
    with Session(shop.engine) as s:
        assert s.exec(select(Conversation)).all() == []
        assert s.exec(select(ConversationTurn)).all() == []
    assert list(runtime.checkpointer.list(None)) == []


def test_control_characters_never_reach_the_model_or_the_store(runtime, fake, shop):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    fake.script(say("Here are some earbuds."))
    reply = agent.send(HOSTILE)
    assert reply.ok, reply.error
    assert _sent_user_messages(fake) == [CLEANED]
    assert agent.history[0] == UserMessage(content=CLEANED)
    with store.session_scope(shop.engine) as session:
        (conversation,) = store.list_conversations(session, customer_id=shop.alice.id)
    assert conversation.title == "earbuds under[31m 300 for my trip"
    # The thread goes on, read back from the checkpointer.
    fake.script(say("Anything else?"))
    again = ShoppingAgent("alice", model="fake", runtime=runtime, thread_id=agent.thread_id)
    assert again.send("and a case\x00?").ok
    assert _sent_user_messages(fake) == [CLEANED, "and a case?"]


def test_server_input_is_cleaned_where_it_enters(runtime, fake, shop):
    """LangGraph Server's input, in LangChain form with content parts, is cleaned the same."""
    graph = build_graph(
        engine=shop.engine,
        client_for=runtime.clients,
        checkpointer=runtime.checkpointer,
        input_schema=ServerInput,
        output_schema=ServerOutput,
    )
    config = {"configurable": {"thread_id": "server-thread"}}
    context = Context(customer_id=shop.alice.id, model="fake")
    fake.script(say("Here you are."))
    parts = [{"type": "text", "text": HOSTILE}]
    graph.invoke({"messages": [{"type": "human", "content": parts}]}, config, context=context)
    assert _sent_user_messages(fake) == [CLEANED]
    assert messages_of(graph.get_state(config).values)[0] == UserMessage(content=CLEANED)

    requests = len(fake.requests)
    with pytest.raises(MessageTooLong, match="keep it under"):
        graph.invoke(
            {"messages": [{"role": "user", "content": "x" * (MESSAGE_CHARS + 1)}]},
            config,
            context=context,
        )
    assert len(fake.requests) == requests, "it never reached the model"
    fake.script(say("Sure."))
    graph.invoke({"messages": [{"role": "user", "content": "ok"}]}, config, context=context)
    history = messages_of(graph.get_state(config).values)
    assert [m.content for m in history if isinstance(m, UserMessage)] == [CLEANED, "ok"]


def test_a_message_over_the_limit_is_refused_before_anything_is_written(runtime, fake, shop):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    with pytest.raises(MessageTooLong, match=f"keep it under {MESSAGE_CHARS:,}") as refused:
        agent.send("x" * (MESSAGE_CHARS + 1))
    assert isinstance(refused.value, ValueError)
    assert fake.requests == []
    _nothing_written(shop, runtime)
    fake.script(say("ok"))
    assert agent.send("x" * MESSAGE_CHARS).ok, "the limit itself is allowed"


def test_a_message_of_control_characters_only_is_empty(runtime, fake, shop):
    agent = ShoppingAgent("alice", model="fake", runtime=runtime)
    with pytest.raises(ValueError, match="empty"):
        agent.send("\x00\x1b\u202e \x07")
    assert fake.requests == []
    _nothing_written(shop, runtime)


@pytest.mark.parametrize("thread_id", BAD_THREAD_IDS, ids=["long", "nul", "newline", "bidi", ""])
def test_a_malformed_thread_id_is_refused_before_anything_is_written(runtime, shop, thread_id):
    with pytest.raises(store.InvalidThreadId) as refused:
        ShoppingAgent("alice", model="fake", runtime=runtime, thread_id=thread_id)
    assert isinstance(refused.value, ValueError)
    assert "1-100 printable characters" in refused.value.message
    assert "start a new conversation" in refused.value.message
    _nothing_written(shop, runtime)


def test_a_thread_id_of_100_characters_works(runtime, fake, shop):
    thread_id = "t" * 100
    fake.script(say("Hello."))
    assert ShoppingAgent("alice", model="fake", runtime=runtime, thread_id=thread_id).send("hi").ok
    with store.session_scope(shop.engine) as session:
        assert store.conversation_owner(session, thread_id) == shop.alice.id


@pytest.mark.parametrize("thread_id", ["t" * 101, "tab\there", "\u202eevil"])
def test_the_cli_refuses_a_malformed_thread_id_in_one_line(capsys, monkeypatch, thread_id):
    from ui.cli import main

    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setattr("sys.argv", ["shopagent", "chat", "--thread", thread_id])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("error: --thread: ") and "1-100 printable characters" in line
    assert not list(Path(os.environ["SHOPAGENT_HOME"]).rglob("*.db")), "not even a store"


def test_the_app_refuses_a_malformed_thread_id_and_opens_a_new_one():
    from tests.ui.test_app import start

    at = start()
    at.session_state["thread_id"] = "t" * 101  # a pasted or tampered id
    at.run()
    assert not at.exception
    assert any("1-100 printable characters" in e.value for e in at.error)
    assert at.session_state["thread_id"] != "t" * 101
    with Session(store.get_engine()) as s:
        assert s.exec(select(Conversation)).all() == []


def test_the_app_bounds_messages():
    from tests.ui.test_app import start

    at = start()
    at.chat_input[0].set_value("\x00\x07\u202e").run()  # nothing but control characters
    assert not at.exception
    assert any("The message is empty" in e.value for e in at.error)
    with Session(store.get_engine()) as s:
        assert s.exec(select(Conversation)).all() == []
    at.chat_input[0].set_value("x" * (MESSAGE_CHARS + 500)).run()  # the field stops at the limit
    assert not at.exception
    agent = ShoppingAgent("alice", thread_id=at.session_state["thread_id"])
    assert [len(m.content) for m in agent.history if isinstance(m, UserMessage)] == [MESSAGE_CHARS]


def test_the_terminal_chat_refuses_a_message_over_the_limit_and_goes_on():
    from typer.testing import CliRunner

    from ui.cli import app

    typed = "x" * (MESSAGE_CHARS + 1) + "\nwireless earbuds\x00 under 300\nexit\n"
    result = CliRunner().invoke(app, ["chat", "--model", "offline"], input=typed)
    assert result.exit_code == 0, result.output
    assert "keep it under" in " ".join(result.output.split())
    with store.session_scope() as session:
        customer = store.get_customer(session, "alice")
        (conversation,) = store.list_conversations(session, customer_id=customer.id)
    assert conversation.title == "wireless earbuds under 300"
