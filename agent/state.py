"""The graph's state: the conversation as typed records, and what the run is waiting for.

The records are defined here once and used everywhere: by the graph, the history budget, the
wire rendering (`agent.model.wire`), the API's replies and the UI's turns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, TypedDict, get_type_hints

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from store import without_control_characters

MESSAGE_CHARS = 4_000
"""The longest message a customer can send: a few paragraphs (a pasted list, say)."""


class MessageTooLong(ValueError):
    """A customer message over `MESSAGE_CHARS` characters; nothing of it was sent or written."""


def customer_text(text: str) -> str:
    """A customer's message as the agent takes it in: no control characters, not empty, bounded.

    NUL (which PostgreSQL's text columns and checkpointer refuse), escape sequences and
    bidirectional overrides are removed; tabs and line breaks stay.

    Raises:
        MessageTooLong: over `MESSAGE_CHARS` characters.
        ValueError: for a message of nothing but spaces and control characters.
    """
    cleaned = without_control_characters(text)
    if not cleaned.strip():
        raise ValueError("The message is empty: type what you are looking for.")
    if len(cleaned) > MESSAGE_CHARS:
        raise MessageTooLong(
            f"The message is {len(cleaned):,} characters; keep it under {MESSAGE_CHARS:,} "
            "(send the question, or the part of the text that matters)."
        )
    return cleaned


class ToolCall(BaseModel):
    """A complete tool call requested by the model."""

    id: str
    name: str
    arguments: str = "{}"


class Usage(BaseModel):
    """Token counts of one or more model calls, as the provider reported them, and their cost."""

    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = Field(default=False, description="Counted locally: the provider sent none.")
    cost: float | None = Field(default=None, description="In `currency`; None when unpriced.")
    currency: str | None = None

    def __add__(self, other: Usage) -> Usage:
        cost, currency = _add_costs(self, other)
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            estimated=self.estimated or other.estimated,
            cost=cost,
            currency=currency,
        )

    @property
    def empty(self) -> bool:
        """No tokens counted (the identity of `+`)."""
        return not (self.prompt_tokens or self.completion_tokens) and self.cost is None


def _add_costs(a: Usage, b: Usage) -> tuple[float | None, str | None]:
    if a.empty:
        return b.cost, b.currency
    if b.empty:
        return a.cost, a.currency
    if a.cost is None or b.cost is None or a.currency != b.currency:
        return None, None  # an unpriced call or mixed currencies: no honest total
    return a.cost + b.cost, a.currency


class UserMessage(BaseModel):
    """What the customer wrote."""

    model_config = ConfigDict(frozen=True)

    role: Literal["user"] = "user"
    content: str

    @field_validator("content")
    @classmethod
    def _without_control_characters(cls, content: str) -> str:
        # However a message was made, no NUL, escape or bidi character reaches model or store.
        return without_control_characters(content)


class AssistantMessage(BaseModel):
    """What the assistant said, and the tools it called, in one model call (or a fixed reply)."""

    model_config = ConfigDict(frozen=True)

    role: Literal["assistant"] = "assistant"
    content: str = ""
    reasoning: str = ""
    tool_calls: list[ToolCall] = Field(default_factory=list)
    usage: Usage | None = Field(default=None, description="None: no model was called.")
    model: str | None = Field(default=None, description="The endpoint that answered.")


class ToolResult(BaseModel):
    """The one answer to a tool call: `content` for the model, `data` (JSON-ready) for programs."""

    model_config = ConfigDict(frozen=True)

    role: Literal["tool"] = "tool"
    tool_call_id: str
    name: str
    content: str
    ok: bool
    # Checkpoints written before the records were typed call it `artifact`.
    data: Any = Field(default=None, validation_alias=AliasChoices("data", "artifact"))


def product_ids(data: Any) -> list[int]:
    """Ids of the products in a catalog tool's data: a search's result, a product or a list."""
    if isinstance(data, dict) and isinstance(data.get("products"), list):
        data = data["products"]  # a search's result (store.SearchResult)
    items = data if isinstance(data, list) else [data]
    return [
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), int)
    ]


Message = Annotated[UserMessage | AssistantMessage | ToolResult, Field(discriminator="role")]
"""One record of the conversation."""


class Shopper(BaseModel):
    """What a turn needs about the customer, read from the store once when the turn starts."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    language: str
    preferences: dict[str, str] = Field(default_factory=dict)


RECORD_TYPES = (UserMessage, AssistantMessage, ToolResult, Shopper)
"""The classes a checkpoint may revive (see `agent.checkpoint`)."""

_MESSAGES: TypeAdapter[list[Message]] = TypeAdapter(list[Message])
_RECORDS = (UserMessage, AssistantMessage, ToolResult)


def as_messages(items: list[Any]) -> list[Message]:
    """Records from records or their JSON form (threads checkpointed as plain dicts)."""
    if all(type(item) in _RECORDS for item in items):  # what validation would return as is
        return list(items)
    return _MESSAGES.validate_python(items)


def from_client(item: Any) -> Any:
    """A customer message as LangChain clients send it, in our form; anything else as it is.

    Studio and Agent Chat UI send `{"type": "human", "content": ...}`, where content may be
    parts (`[{"type": "text", "text": ...}]`, as OpenAI-style messages may too).

    Raises:
        ValueError: for a LangChain message that is not the customer's (only they write).
    """
    if not isinstance(item, Mapping):
        return item
    kind = item.get("type")
    if "role" not in item and kind is not None:
        if kind not in ("human", "user"):
            raise ValueError(
                f"A run's input carries the customer's messages only (type 'human'); got type "
                f"{kind!r}. Send {{'type': 'human', 'content': TEXT}}."
            )
        return {"role": "user", "content": _text(item.get("content"))}
    if item.get("role") == "user" and not isinstance(item.get("content"), str):
        return {**item, "content": _text(item.get("content"))}
    return item


def require_customer_texts(run_input: Any) -> None:
    """Refuse a run's input whose customer message `customer_text` refuses, as ShoppingAgent does.

    Checked before the run starts: LangGraph writes the input into the thread first, so a node
    would refuse an over-long message only after it was stored, and a message of control
    characters alone arrives empty, as if none was sent, and the model is asked anyway.

    Raises:
        MessageTooLong: for a message over `MESSAGE_CHARS` (a `ValueError`).
        ValueError: for a message of nothing but spaces and control characters.
    """
    if not isinstance(run_input, Mapping):
        return  # a resume, or no input
    for item in run_input.get("messages") or []:
        message = from_client(item)
        if isinstance(message, UserMessage):
            message = message.model_dump()
        if isinstance(message, Mapping) and message.get("role") == "user":
            if isinstance(content := message.get("content"), str):
                customer_text(content)


def _text(content: Any) -> Any:
    """Text content, from a string or from content parts (their text parts, joined)."""
    if isinstance(content, list):
        return "".join(
            part.get("text", "") if isinstance(part, Mapping) else str(part) for part in content
        )
    return content


def add_messages(left: list[Any], right: list[Any]) -> list[Message]:
    """The state's reducer: append, keeping every record typed (a client's in our form)."""
    return as_messages([*left, *(from_client(item) for item in right)])


def messages_of(state: Mapping[str, Any]) -> list[Message]:
    """The conversation records of a state (or of a checkpoint's values)."""
    return as_messages(state.get("messages") or [])


class ToolCallRecord(ToolCall):
    """A tool call and what it returned: `ok`, `result` and `data` are None while it waits.

    `data` is the tool's return value in JSON form (`view()` gives it back typed):
    search_products a `store.SearchResult` (its `products`); get_product_details a `ProductDetail`,
    compare_products a list of them; the cart tools a `CartView`; checkout, get_order_status
    and cancel_order an `OrderView`, list_orders a list of them; list_addresses
    and list_payment_methods lists of `AddressView` / `PaymentMethodView`; remember_preference a
    `PreferenceView`, recall_preferences a list of them, forget_preference a bool; pay_order a
    `PaymentResult` once the store ran the payment, else `{"payment": {order_id, status,
    message}}` (declined before charging, abandoned); refund_order the refunded `OrderView`
    once the human confirmed, else `{"refund": {order_id, status, message}}`. A failed call
    (`ok` False) has none.
    """

    model_config = ConfigDict(frozen=True)

    ok: bool | None = None
    result: str | None = Field(default=None, description="The text the model read.")
    data: Any = Field(default=None, description="The JSON-ready data behind it, for programs.")
    resumed: bool = Field(
        default=False,
        description="Made in an earlier step and finished in this one (a payment the human "
        "confirmed or declined).",
    )

    def view(self) -> Any:
        """`data` as the tool's typed return value (see the class docstring); None if none."""
        if self.data is None:
            return None
        return TypeAdapter(_data_type(self.name)).validate_python(self.data)

    @classmethod
    def of(cls, call: ToolCall, answer: ToolResult | None = None) -> ToolCallRecord:
        """The record of `call`, answered by `answer` when it has one."""
        record = cls(id=call.id, name=call.name, arguments=call.arguments)
        if answer is None:
            return record
        return record.model_copy(
            update={"ok": answer.ok, "result": answer.content, "data": answer.data}
        )

    @classmethod
    def answered(cls, answer: ToolResult) -> ToolCallRecord:
        """The record of a call known only by its answer (made in an earlier turn)."""
        return cls.of(ToolCall(id=answer.tool_call_id, name=answer.name, arguments=""), answer)


def _data_type(tool_name: str) -> Any:
    import store
    from tools import REGISTRY

    # These prepare a request; what the store did once the human answered is the data.
    if tool_name == "pay_order":
        return Annotated[store.PaymentResult | dict[str, Any], Field(union_mode="left_to_right")]
    if tool_name == "refund_order":
        return Annotated[store.OrderView | dict[str, Any], Field(union_mode="left_to_right")]
    return get_type_hints(REGISTRY.get(tool_name).func)["return"]


class AgentState(TypedDict, total=False):
    """State of one conversation thread (checkpointed after every step)."""

    messages: Annotated[list[Message], add_messages]
    """The conversation as our own records (user, assistant with tool calls, tool results)."""

    incoming: str | None
    """A customer message to add once every open tool call of the history is answered."""

    pending_payment: dict[str, Any] | None
    """A call waiting for the human's confirmation (pay_order, refund_order): its tool, call id,
    request (summary and token) and our idempotency key (`agent.confirmation.hold`)."""

    pending_code: dict[str, Any] | None
    """A charge waiting for the card's one-time code: call id, payment and order ids."""

    held_payment: dict[str, Any] | None
    """A confirmation kept on screen while the customer asked something (`agent.waiting`)."""

    steps: int
    """Model calls made in the current turn (the loop is bounded)."""

    shopper: Shopper | None
    """The customer of the current turn (name, language, preferences), read at its start."""
