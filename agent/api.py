"""The scripting API: `ShoppingAgent(customer, model=...).send(text)`.

One `AgentRuntime` per process holds what is expensive and thread-safe (store engine,
checkpointer, compiled graph, model clients); a `ShoppingAgent` is one customer's conversation
thread on top of it, cheap to create.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.types import Command
from sqlalchemy import Engine

import store
from agent.checkpoint import close_checkpointer, make_checkpointer
from agent.config import ModelClients
from agent.confirmation import settled
from agent.consent import Verdict, classify, typed_code
from agent.context import Context
from agent.graph import build_graph
from agent.model import ModelEndpoint, ModelError
from agent.payment import code_token
from agent.state import (
    AssistantMessage,
    Message,
    ToolCall,
    ToolCallRecord,
    ToolResult,
    Usage,
    UserMessage,
    customer_text,
    messages_of,
)
from agent.turns import TurnLease
from store.settings import get_settings
from tools import ToolContext


class AgentRuntime:
    """Process-wide parts: the store engine, checkpointer, compiled graph and model clients."""

    def __init__(
        self,
        *,
        engine: Engine | None = None,
        checkpointer: BaseCheckpointSaver[Any] | None = None,
        clients: ModelClients | None = None,
        turn_wait_seconds: float = 30.0,
    ) -> None:
        if engine is None:  # the configured store: the demo shop until it has data of its own
            engine = store.get_engine()
            store.seed_if_empty(engine)
        self.engine = engine
        self._owned_checkpointer = checkpointer is None
        self.turn_wait_seconds = turn_wait_seconds
        """How long a message waits for another message of its thread to be answered."""
        self.checkpointer = checkpointer or make_checkpointer(
            self.engine.url.render_as_string(hide_password=False)
        )
        self.clients = clients or ModelClients()
        settings = get_settings()
        self.graph = build_graph(
            engine=self.engine,
            client_for=self.clients,
            checkpointer=self.checkpointer,
            max_steps=settings.max_steps,
            history_token_budget=settings.history_token_budget,
        )

    def endpoint(self, name: str | None) -> ModelEndpoint:
        """The endpoint called `name` (default: the configured default)."""
        return self.clients.endpoint(name)

    def close(self) -> None:
        """Release the store's connections and the checkpointer this runtime opened."""
        if self._owned_checkpointer:
            close_checkpointer(self.checkpointer)
        self.engine.dispose()

    def __enter__(self) -> AgentRuntime:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


_default_runtime: AgentRuntime | None = None
_default_lock = threading.Lock()


def default_runtime() -> AgentRuntime:
    """The process-wide runtime over the configured store."""
    global _default_runtime
    with _default_lock:
        if _default_runtime is None:
            _default_runtime = AgentRuntime()
        return _default_runtime


def reset_default_runtime() -> None:
    """Forget the process-wide runtime; the next `default_runtime()` builds it anew."""
    global _default_runtime
    with _default_lock:
        _default_runtime = None


# --- what a turn produces -------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingConfirmation:
    """What the agent waits for: a payment or refund confirmation, or a card's one-time code."""

    kind: Literal["confirm_payment", "confirm_refund", "payment_code"]
    order_id: int
    summary: store.PaymentSummary | store.RefundSummary | None = None
    confirmation_token: str | None = None
    message: str | None = None
    payment_id: int | None = None
    refused: str | None = None
    """Why the last answer was refused (it named another payment); this one still waits."""

    @property
    def token(self) -> str:
        """What names exactly this confirmation: answers carry it, and others are refused."""
        if self.kind == "payment_code":
            return code_token(self.payment_id)
        return self.confirmation_token or ""


@dataclass(frozen=True)
class Reply:
    """The outcome of one `send`, `confirm` or `decline`."""

    text: str
    tool_calls: list[ToolCallRecord] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    pending: PendingConfirmation | None = None
    reasoning: str = ""
    model: str = ""
    error: str | None = None

    @property
    def ok(self) -> bool:
        """False when the model call failed (see `error`); the thread is still usable."""
        return self.error is None


@dataclass(frozen=True)
class TextDelta:
    """Answer text as it streams in."""

    text: str


@dataclass(frozen=True)
class ReasoningDelta:
    """Reasoning text as it streams in (kept apart from the answer)."""

    text: str


@dataclass(frozen=True)
class ToolCalled:
    """The assistant decided to call a tool."""

    call: ToolCallRecord


@dataclass(frozen=True)
class ToolReturned:
    """A tool call finished."""

    call: ToolCallRecord


@dataclass(frozen=True)
class ConfirmationRequired:
    """The run stopped until the human confirms or declines."""

    pending: PendingConfirmation


@dataclass(frozen=True)
class Failed:
    """The model call failed; the thread stays valid."""

    message: str


@dataclass(frozen=True)
class Finished:
    """The run is over; the full reply."""

    reply: Reply


Event = (
    TextDelta
    | ReasoningDelta
    | ToolCalled
    | ToolReturned
    | ConfirmationRequired
    | Failed
    | Finished
)


_SUMMARIES: dict[str, type[store.PaymentSummary] | type[store.RefundSummary]] = {
    "confirm_payment": store.PaymentSummary,
    "confirm_refund": store.RefundSummary,
}


def _pending_from(value: dict[str, Any]) -> PendingConfirmation:
    if value["type"] in _SUMMARIES:
        summary = _SUMMARIES[value["type"]].model_validate(value["summary"])
        return PendingConfirmation(
            kind=value["type"],
            order_id=summary.order_id,
            summary=summary,
            confirmation_token=value["confirmation_token"],
            refused=value.get("refused"),
        )
    return PendingConfirmation(
        kind="payment_code",
        order_id=value["order_id"],
        message=value["message"],
        payment_id=value.get("payment_id"),
        refused=value.get("refused"),
    )


class NothingPending(RuntimeError):
    """confirm() or decline() was called while nothing waits for the human."""


def _require_pending(waiting: PendingConfirmation | None) -> PendingConfirmation:
    if waiting is None:
        raise NothingPending("Nothing is waiting for confirmation in this conversation.")
    return waiting


def _call_of(answer: ToolResult, history: list[Message]) -> ToolCall | None:
    """The call of `history` that `answer` answers."""
    calls = (c for m in history if isinstance(m, AssistantMessage) for c in m.tool_calls)
    return next((c for c in calls if c.id == answer.tool_call_id), None)


class NothingShown(ValueError):
    """confirm() was called without saying what is confirmed, and nothing was shown yet."""


def _nothing_shown() -> PendingConfirmation:
    raise NothingShown(
        "Say what you confirm: confirm(reply.pending), or confirm(agent.pending) after reading it."
    )


class ShoppingAgent:
    """One customer's conversation with the assistant.

    A `thread_id` that the store cannot hold (empty, over 100 characters, unprintable) is
    refused with `store.InvalidThreadId` (a `ValueError`) before anything is read or written.

    Example:
        >>> agent = ShoppingAgent("alice")
        >>> reply = agent.send("wireless earbuds under 300")
    """

    def __init__(
        self,
        customer: int | str = "alice",
        *,
        model: str | None = None,
        thread_id: str | None = None,
        runtime: AgentRuntime | None = None,
    ) -> None:
        # A malformed id is refused before anything (even the default store) is made.
        self.thread_id = uuid.uuid4().hex if thread_id is None else store.check_thread_id(thread_id)
        self.runtime = runtime or default_runtime()
        with store.read_scope(self.runtime.engine) as session:
            self.customer = store.get_customer(session, customer)
        self.model = self.runtime.endpoint(model).name
        self._config: Any = {"configurable": {"thread_id": self.thread_id}}
        self._shown: PendingConfirmation | None = None
        if thread_id is not None:
            self._check_owner()
            self._reconcile()

    @property
    def context(self) -> Context:
        """The per-run context: this customer and model."""
        return Context(customer_id=self.customer.id, model=self.model)

    # --- talking -------------------------------------------------------------------------------

    def send(self, text: str, *, showing: PendingConfirmation | str | None = None) -> Reply:
        """Send a customer message and return the assistant's reply.

        While a payment waits, a message that clearly says yes ("ok pay", 确认) confirms the
        payment on screen (`showing`, or its token; default: the one this agent last showed),
        one that clearly says no declines it, a typed one-time code ("code is 123") answers a
        card that asks for one. Anything else is answered with the payment still waiting
        (the same card, still valid), unless it starts a new purchase ("find me socks"),
        which sets the payment aside (`agent.waiting`).

        Raises:
            MessageTooLong: for a message over `MESSAGE_CHARS` (a `ValueError`, as is an empty
                message's error); nothing is sent or written.
        """
        return self._last(self._send(text, showing, deltas=False))

    def stream(
        self, text: str, *, showing: PendingConfirmation | str | None = None
    ) -> Iterator[Event]:
        """Like `send`, but yields events as they happen; the last one is `Finished`."""
        return self._send(text, showing, deltas=True)

    def _send(
        self, text: str, showing: PendingConfirmation | str | None, *, deltas: bool
    ) -> Iterator[Event]:
        text = customer_text(text)  # control characters removed: what the model and store see
        shown = showing if isinstance(showing, str) else (showing or self._shown)
        token = shown if isinstance(shown, str) else shown.token if shown else ""
        before = self._read()
        waiting = before[1]
        if waiting is not None:
            if waiting.kind == "payment_code" and (code := typed_code(text)):
                return self._confirm(before, None, token=token, code=code, deltas=deltas)
            verdict = classify(text)
            if verdict == Verdict.accept and waiting.kind != "payment_code":
                return self._confirm(before, None, token=token, code=None, deltas=deltas)
            if verdict == Verdict.decline:
                return self._decline(before, None, token=token, deltas=deltas)
        return self._turn({"incoming": text}, before[0], deltas=deltas)

    def confirm(
        self,
        pending: PendingConfirmation | None = None,
        *,
        token: str | None = None,
        code: str | None = None,
    ) -> Reply:
        """Confirm the payment the human saw: `pending` (or its `token`), default the one shown.

        The charge happens only if that is the payment still waiting; otherwise nothing is
        charged and the reply's `pending` is the payment that waits now (with `refused` saying
        why). For a card's one-time code, pass `code=`.
        """
        return self._last(self._confirm(self._read(), pending, token=token, code=code))

    def stream_confirm(
        self,
        pending: PendingConfirmation | None = None,
        *,
        token: str | None = None,
        code: str | None = None,
    ) -> Iterator[Event]:
        """Like `confirm`, as events."""
        return self._confirm(self._read(), pending, token=token, code=code, deltas=True)

    def _confirm(
        self,
        before: tuple[list[Message], PendingConfirmation | None],
        pending: PendingConfirmation | None,
        *,
        token: str | None,
        code: str | None,
        deltas: bool = False,
    ) -> Iterator[Event]:
        if isinstance(pending, str):
            raise TypeError("Pass the one-time code as confirm(code=...), a token as token=...")
        waiting = _require_pending(before[1])
        named = token if token is not None else (pending or self._shown or _nothing_shown()).token
        answer: dict[str, Any]
        if waiting.kind == "payment_code":
            if not code:
                raise ValueError("The card asks for a one-time code: call confirm(code=...).")
            answer = {"code": code, "token": named}
        else:
            answer = {"confirm": True, "confirmation_token": named}
        return self._turn(Command(resume=answer), before[0], deltas=deltas)

    def decline(
        self, pending: PendingConfirmation | None = None, *, token: str | None = None
    ) -> Reply:
        """Decline the pending payment (`pending`, when given, must be it); nothing is charged."""
        return self._last(self._decline(self._read(), pending, token=token))

    def stream_decline(
        self, pending: PendingConfirmation | None = None, *, token: str | None = None
    ) -> Iterator[Event]:
        """Like `decline`, as events."""
        return self._decline(self._read(), pending, token=token, deltas=True)

    def _decline(
        self,
        before: tuple[list[Message], PendingConfirmation | None],
        pending: PendingConfirmation | None,
        *,
        token: str | None,
        deltas: bool = False,
    ) -> Iterator[Event]:
        waiting = _require_pending(before[1])
        named = token if token is not None else (pending or self._shown or waiting).token
        answer = {"confirm": False, "confirmation_token": named}
        return self._turn(Command(resume=answer), before[0], deltas=deltas)

    def retry(self) -> Reply:
        """Run the failed step of the last turn again (after a model error)."""
        return self._last(self._turn(None, None))

    # --- reading the thread -------------------------------------------------------------------

    @property
    def pending(self) -> PendingConfirmation | None:
        """What the conversation waits for from the human, if anything (now shown to you)."""
        self._shown = self._read()[1]
        return self._shown

    @property
    def history(self) -> list[Message]:
        """The conversation so far, as typed records (user, assistant, tool result)."""
        return self._read()[0]

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The conversation so far, as the records' JSON form (for export and inspection)."""
        return [message.model_dump(mode="json") for message in self.history]

    # --- internals -----------------------------------------------------------------------------

    def _read(self) -> tuple[list[Message], PendingConfirmation | None]:
        """The thread's records and what it waits for, from one read of its state."""
        snapshot = self.runtime.graph.get_state(self._config)
        pending = next((_pending_from(item.value) for item in snapshot.interrupts), None)
        return messages_of(snapshot.values), pending

    def _reconcile(self) -> None:
        """After a crash: a payment or refund the store already settled is never offered again.

        The waiting node reads the store by our key and records the true outcome.
        """
        snapshot = self.runtime.graph.get_state(self._config)
        ctx = ToolContext(engine=self.runtime.engine, customer_id=self.customer.id)
        if snapshot.interrupts and settled(ctx, snapshot.values):
            self._last(self._turn(Command(resume={"reconcile": True}), None))

    def _check_owner(self) -> None:
        """Refuse another customer's thread before anything of it is read or written."""
        with store.read_scope(self.runtime.engine) as session:
            store.require_own_conversation(
                session,
                customer_id=self.customer.id,
                thread_id=self.thread_id,
                has_history=lambda: bool(self.runtime.graph.get_state(self._config).values),
            )

    def _turn(
        self, argument: Any, history: list[Message] | None, *, deltas: bool = False
    ) -> Iterator[Event]:
        """Run one turn while holding the thread's turn (other processes' sends wait).

        `history` is the thread as read before the turn, when it was; `deltas` streams the
        reply's text as it comes (its nodes then run in LangGraph's worker threads, so that
        text can be yielded while the model call runs). The graph checks the thread is still
        this customer's before it writes anything.
        """
        with TurnLease(
            self.runtime.engine, self.thread_id, wait_seconds=self.runtime.turn_wait_seconds
        ):
            yield from self._run(argument, history, deltas)

    @staticmethod
    def _last(events: Iterator[Event]) -> Reply:
        reply: Reply | None = None
        for event in events:
            if isinstance(event, Finished):
                reply = event.reply
        assert reply is not None  # _run always ends with Finished
        return reply

    def _run(
        self, graph_input: Any, history: list[Message] | None, deltas: bool
    ) -> Iterator[Event]:
        new: list[Message] = []  # what this run adds to the thread, as the nodes return it
        error: str | None = None
        waits: PendingConfirmation | None = None  # the run stops at an interrupt, if any
        try:
            # Without text to stream, the nodes run in this thread, and one worker thread (not
            # one per save that overlaps another) saves the checkpoints in order behind them.
            config: Any = self._config if deltas else {**self._config, "max_concurrency": 1}
            # With a list of stream modes, LangGraph yields (mode, data) pairs.
            parts = cast(
                Iterator[tuple[str, Any]],
                self.runtime.graph.stream(
                    graph_input,
                    config,
                    context=self.context,
                    stream_mode=["custom", "updates"] if deltas else ["updates"],
                ),
            )
            for mode, data in parts:
                if mode == "custom":
                    yield (
                        TextDelta(data["text"])
                        if data["kind"] == "text"
                        else ReasoningDelta(data["text"])
                    )
                    continue
                for node, update in data.items():
                    if node == "__interrupt__":
                        for item in update:
                            self._shown = waits = _pending_from(item.value)
                            yield ConfirmationRequired(waits)
                        continue
                    added = messages_of(update or {})
                    new += added
                    for message in added:
                        if isinstance(message, AssistantMessage):
                            for call in message.tool_calls:
                                yield ToolCalled(ToolCallRecord.of(call))
                        elif isinstance(message, ToolResult):
                            yield ToolReturned(ToolCallRecord.answered(message))
        except ModelError as exc:
            error = exc.message
            yield Failed(exc.message)
        # A run that ended without an error waits for what it stopped at (if anything); after an
        # error, the thread is read again.
        if error is None:
            self._shown = waits
        yield Finished(self._reply(new, error, waits if error is None else self.pending, history))

    def _resumed(self, answer: ToolResult, history: list[Message] | None) -> ToolCallRecord:
        """The record of an earlier step's call, with its arguments, marked as resumed."""
        call = _call_of(answer, history or []) or _call_of(answer, self.history)
        record = ToolCallRecord.of(call, answer) if call else ToolCallRecord.answered(answer)
        return record.model_copy(update={"resumed": True})

    def _reply(
        self,
        new: list[Message],
        error: str | None,
        pending: PendingConfirmation | None,
        history: list[Message] | None,
    ) -> Reply:
        results = {m.tool_call_id: m for m in new if isinstance(m, ToolResult)}
        records: list[ToolCallRecord] = []
        texts: list[str] = []
        reasoning: list[str] = []
        usage = Usage()
        made_here: set[str] = set()
        # Answers written before this step's message close calls the customer moved on from.
        closing = any(isinstance(m, UserMessage) for m in new)
        for message in new:
            closing = closing and not isinstance(message, UserMessage)
            if isinstance(message, ToolResult) and message.tool_call_id not in made_here:
                if not closing:  # a call of an earlier step that this step finished
                    records.append(self._resumed(message, history))
            if not isinstance(message, AssistantMessage):
                continue
            for call in message.tool_calls:
                made_here.add(call.id)
                # A call still waiting for the human (pay_order) has no result yet.
                records.append(ToolCallRecord.of(call, results.get(call.id)))
            if message.content:
                texts.append(message.content)
            if message.reasoning:
                reasoning.append(message.reasoning)
            if message.usage:
                usage = usage + message.usage
        if not texts and pending is not None and pending.refused:
            texts.append(pending.refused)
        return Reply(
            text="\n\n".join(texts),
            tool_calls=records,
            usage=usage,
            pending=pending,
            reasoning="\n\n".join(reasoning),
            model=self.model,
            error=error,
        )
