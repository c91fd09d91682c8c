"""The shop as an MCP server (`shopagent mcp`): the assistant's tools for any MCP client.

Every tool of `tools.REGISTRY` is published under its own name, description and JSON schema,
and runs through `Tool.run`, exactly as the assistant's calls do (same validation, same store
checks, same compact JSON). Identity never comes from arguments: over stdio the server acts for
the customer it was started for; over HTTP each request's bearer token names the customer.

A payment or a refund needs the human: `pay_order` and `refund_order` prepare the request
(summary and confirmation token), ask the person through MCP elicitation, and act only on their
acceptance, with the token (and for a charge a fresh idempotency key of ours) that the store
checks again. A client that cannot elicit is told to confirm in the shopagent app, where the
order waits with a Pay (or Refund) button.
"""

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

import anyio.to_thread
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import (
    AcceptedElicitation,
    Context,
    Elicit,
    ElicitationResult,
    MCPServer,
    Resolve,
)
from mcp.server.mcpserver.exceptions import ResourceError
from mcp.server.mcpserver.tools import Tool as McpTool
from mcp.server.mcpserver.utilities.func_metadata import ArgModelBase, FuncMetadata
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field, model_validator
from sqlalchemy import Engine

import store
from tools import (
    REGISTRY,
    PaymentRequest,
    RefundRequest,
    Tool,
    ToolContext,
    ToolOutcome,
    ToolRegistry,
    charge,
    compact_json,
    new_idempotency_key,
    not_charged,
    not_refunded,
    present_payment,
    present_refund,
    refund,
    submit_code,
)

SERVER_NAME = "shopagent"
DEMO_TOKEN_PREFIX = "demo-"
"""Without configured tokens, `demo-<handle>` signs in as that demo customer (loopback demo)."""

NO_ELICITATION = (
    "This MCP client cannot ask you to confirm a payment (it does not support elicitation), so "
    "nothing was charged. Order {order_id} waits in the shopagent app (`shopagent ui`): sign in "
    "as {handle} and press Pay under Orders."
)
NO_REFUND_ELICITATION = (
    "This MCP client cannot ask you to confirm a refund (it does not support elicitation), so "
    "nothing was refunded. Order {order_id} is in the shopagent app (`shopagent ui`): sign in "
    "as {handle} and press Refund under Orders."
)
DECLINED = "The customer declined the payment; nothing was charged."
REFUND_DECLINED = "The customer declined the refund; nothing was refunded."
NO_CODE = "The customer did not enter the one-time code; nothing was charged."


class PaymentConfirmation(BaseModel):
    """What the human answers when asked to pay."""

    confirm: bool = Field(description="Pay this order now, with the method shown.")


class RefundConfirmation(BaseModel):
    """What the human answers when asked to refund."""

    confirm: bool = Field(description="Refund this order now, to the method shown.")


class OneTimeCode(BaseModel):
    """The card's one-time code, when the card asks for one."""

    code: str = Field(description="The one-time code the card sent you.")


class _Arguments(ArgModelBase):
    """The call's arguments as sent, whole: the registry's own model validates them."""

    arguments: dict[str, Any]

    @model_validator(mode="before")
    @classmethod
    def _whole(cls, data: Any) -> Any:
        return {"arguments": data}


@dataclass(frozen=True)
class Shop:
    """The store an MCP server acts on, and how it learns who is shopping."""

    engine: Engine
    customer_id: int | None = None
    """The one customer of a stdio server; None: each request's bearer token says."""

    def requester(self) -> int:
        """The id of the current request's customer (call it in the request's task).

        Raises:
            PermissionError: an HTTP request without a valid token (the transport refuses
                those before any tool runs; this is the last guard).
        """
        if self.customer_id is not None:
            return self.customer_id
        token = get_access_token()
        if token is None or token.subject is None:
            raise PermissionError("Sign in with a bearer token to use the shop.")
        return int(token.subject)

    async def context(self) -> tuple[store.CustomerView, ToolContext]:
        """The current request's customer, and the tool context acting for them."""
        customer_id = self.requester()

        def lookup() -> store.CustomerView:
            with store.read_scope(self.engine) as session:
                return store.get_customer(session, customer_id)

        customer = await anyio.to_thread.run_sync(lookup)
        return customer, ToolContext(
            engine=self.engine, customer_id=customer.id, language=customer.language
        )


class TokenCustomers:
    """Bearer tokens to customers: the configured map, else `demo-<handle>` for any customer."""

    def __init__(self, engine: Engine, tokens: Mapping[str, str] | None = None) -> None:
        self.engine = engine
        self.tokens = dict(tokens or {})

    def _handle(self, token: str) -> str | None:
        if self.tokens:
            return self.tokens.get(token)
        handle = token.removeprefix(DEMO_TOKEN_PREFIX)
        return handle if handle and handle != token else None

    async def verify_token(self, token: str) -> AccessToken | None:
        """The customer a token signs in as, or None (the request is refused with 401)."""
        handle = self._handle(token)
        if handle is None:
            return None

        def lookup() -> store.CustomerView | None:
            with store.read_scope(self.engine) as session:
                try:
                    return store.get_customer(session, handle)
                except store.NotFound:
                    return None

        customer = await anyio.to_thread.run_sync(lookup)
        if customer is None:
            return None
        return AccessToken(
            token=token, client_id=customer.handle, scopes=["shop"], subject=str(customer.id)
        )


# --- results ------------------------------------------------------------------------------------


def _result(content: str, *, ok: bool) -> CallToolResult:
    """A tool's compact JSON as text, and as structured content when it is an object."""
    data = json.loads(content)
    return CallToolResult(
        content=[TextContent(type="text", text=content)],
        structured_content=data if isinstance(data, dict) else None,
        is_error=not ok,
    )


def _outcome(outcome: ToolOutcome) -> CallToolResult:
    return _result(outcome.content, ok=outcome.ok)


def _not_charged(order_id: int, message: str) -> CallToolResult:
    return _result(compact_json(not_charged(order_id, message)), ok=False)


def _charged(result: store.PaymentResult) -> CallToolResult:
    ok = result.status == store.PaymentStatus.succeeded
    return _result(compact_json(present_payment(result)), ok=ok)


def payment_text(request: PaymentRequest) -> str:
    """The payment summary the human confirms, as plain text (clients show it as is)."""
    summary = request.summary
    lines = []
    for line in summary.lines:
        options = ", ".join(f"{k} {v}" for k, v in line.options.items())
        title = line.title + (f" ({options})" if options else "")
        lines.append(
            f"  {line.quantity} × {title}: {store.format_money(line.line_total, summary.currency)}"
        )
    return "\n".join(
        [
            f"Pay for order #{summary.order_id}?",
            *lines,
            f"Total: {store.format_money(summary.total, summary.currency)}",
            f"Pay with {summary.payment_method.label}, ship to {summary.address}.",
        ]
    )


def refund_text(request: RefundRequest) -> str:
    """The refund summary the human confirms, as plain text."""
    summary = request.summary
    lines = [
        f"  {line.quantity} × {line.title}: {store.format_money(line.line_total, summary.currency)}"
        for line in summary.lines
    ]
    return "\n".join(
        [
            f"Refund order #{summary.order_id}?",
            *lines,
            f"Refund {store.format_money(summary.amount, summary.currency)} "
            f"to {summary.payment_method.label}.",
        ]
    )


# --- the tools ------------------------------------------------------------------------------------

ToolBody = Callable[..., Awaitable[CallToolResult]]


def _plain(shop: Shop, tool: Tool) -> ToolBody:
    async def run(arguments: dict[str, Any], ctx: Context) -> CallToolResult:
        _, tool_ctx = await shop.context()
        return _outcome(await anyio.to_thread.run_sync(tool.run, tool_ctx, arguments))

    return run


@dataclass(frozen=True)
class _Prepared:
    """A pay_order call prepared for the current request's customer."""

    customer: store.CustomerView
    tool_ctx: ToolContext
    outcome: ToolOutcome


@dataclass(frozen=True)
class _Asking:
    """How one tool that needs the human's yes asks it over MCP, and what a yes does."""

    question: Callable[[Any], str]
    """The request's summary as the human reads it."""
    answer: type[BaseModel]
    carry_out: Callable[[Context, _Prepared], Awaitable[CallToolResult]]
    not_done: Callable[[int, str], CallToolResult]
    declined: str
    no_elicitation: str


def _confirmed(asking: _Asking) -> Callable[[Shop, Tool], ToolBody]:
    """A tool body that prepares, asks the human (elicitation), and acts only on their yes.

    The question is asked by the SDK's resolvers, so it works on every protocol version
    (a mid-call request, or an `input_required` round). The request is prepared again on
    every round, and an answer counts only for the exact summary it was given for.
    """

    def body(shop: Shop, tool: Tool) -> ToolBody:
        async def prepare(arguments: dict[str, Any], ctx: Context) -> _Prepared:
            customer, tool_ctx = await shop.context()
            outcome = await anyio.to_thread.run_sync(tool.run, tool_ctx, arguments)
            return _Prepared(customer, tool_ctx, outcome)

        async def ask(
            prepared: Annotated[_Prepared, Resolve(prepare)], ctx: Context
        ) -> Elicit[Any] | None:
            if not prepared.outcome.ok or not _can_elicit(ctx):
                return None  # nothing to ask: the body says why
            return Elicit(asking.question(prepared.outcome.data), asking.answer)

        async def run(
            arguments: dict[str, Any],
            ctx: Context,
            prepared: Annotated[_Prepared, Resolve(prepare)],
            answer: Annotated[ElicitationResult[Any], Resolve(ask)],
        ) -> CallToolResult:
            if not prepared.outcome.ok:
                return _outcome(prepared.outcome)
            order_id = prepared.outcome.data.summary.order_id
            if not _can_elicit(ctx):
                message = asking.no_elicitation.format(
                    order_id=order_id, handle=prepared.customer.handle
                )
                return asking.not_done(order_id, message)
            confirmed = isinstance(answer, AcceptedElicitation) and answer.data.confirm is True
            if not confirmed:
                return asking.not_done(order_id, asking.declined)
            try:
                return await asking.carry_out(ctx, prepared)
            except store.StoreError as exc:  # the store's re-check: changed meanwhile, say
                return _result(compact_json(exc.to_dict()), ok=False)

        return run

    return body


async def _charge(ctx: Context, prepared: _Prepared) -> CallToolResult:
    """Charge the accepted payment, asking for the card's one-time code if it wants one."""
    request: PaymentRequest = prepared.outcome.data
    order_id = request.summary.order_id
    key = new_idempotency_key()
    result = await anyio.to_thread.run_sync(
        lambda: charge(prepared.tool_ctx, request, idempotency_key=key)
    )
    if result.status == store.PaymentStatus.requires_action and ctx.session.can_send_request:
        # A card that asks for a code: asked mid-call where the connection allows it;
        # otherwise the result says the code is awaited.
        asked = await ctx.elicit(result.message, OneTimeCode)
        if not isinstance(asked, AcceptedElicitation) or not asked.data.code.strip():
            return _not_charged(order_id, NO_CODE)
        code = asked.data.code.strip()
        payment_id = result.payment_id
        result = await anyio.to_thread.run_sync(
            lambda: submit_code(prepared.tool_ctx, payment_id, code)
        )
    return _charged(result)


async def _refund(ctx: Context, prepared: _Prepared) -> CallToolResult:
    """Refund the accepted refund (the store re-checks its token)."""
    request: RefundRequest = prepared.outcome.data
    view = await anyio.to_thread.run_sync(lambda: refund(prepared.tool_ctx, request))
    return _result(compact_json(present_refund(view, prepared.tool_ctx)), ok=True)


def _not_refunded(order_id: int, message: str) -> CallToolResult:
    return _result(compact_json(not_refunded(order_id, message)), ok=False)


def _can_elicit(ctx: Context) -> bool:
    """Whether the client said it can ask its user a question (form elicitation)."""
    capabilities = ctx.client_capabilities
    elicitation = capabilities.elicitation if capabilities is not None else None
    return elicitation is not None and (elicitation.form is not None or elicitation.url is None)


def _confirm_elsewhere(shop: Shop, tool: Tool) -> ToolBody:
    """A tool that needs a confirmation this server cannot ask for: refused, nothing done."""

    async def run(arguments: dict[str, Any], ctx: Context) -> CallToolResult:
        message = f"{tool.name} needs your confirmation in the shopagent app (`shopagent ui`)."
        return _result(compact_json({"error": "confirm_in_app", "message": message}), ok=False)

    return run


CONFIRMED_BODIES: dict[str, Callable[[Shop, Tool], ToolBody]] = {
    "pay_order": _confirmed(
        _Asking(payment_text, PaymentConfirmation, _charge, _not_charged, DECLINED, NO_ELICITATION)
    ),
    "refund_order": _confirmed(
        _Asking(
            refund_text,
            RefundConfirmation,
            _refund,
            _not_refunded,
            REFUND_DECLINED,
            NO_REFUND_ELICITATION,
        )
    ),
}
"""How each tool that needs a human's confirmation asks for it (others are refused)."""


def mcp_tool(shop: Shop, tool: Tool) -> McpTool:
    """The MCP form of a registry tool: its name, description and schema, run by the registry."""
    if tool.needs_confirmation:
        body = CONFIRMED_BODIES.get(tool.name, _confirm_elsewhere)(shop, tool)
    else:
        body = _plain(shop, tool)
    published = McpTool.from_function(
        body,
        name=tool.name,
        description=tool.description,
        annotations=ToolAnnotations(read_only_hint=tool.read_only),
    )
    # The registry's schema on the wire, and its model validating the arguments as sent.
    return published.model_copy(
        update={
            "parameters": tool.schema()["function"]["parameters"],
            "fn_metadata": FuncMetadata(arg_model=_Arguments),
        }
    )


# --- the server -----------------------------------------------------------------------------------


def build_server(
    engine: Engine,
    *,
    customer_id: int | None = None,
    tokens: Mapping[str, str] | None = None,
    url: str = "http://127.0.0.1:8000/mcp",
    registry: ToolRegistry = REGISTRY,
) -> MCPServer[Any]:
    """The shop's MCP server: for one customer (stdio), or by bearer token (HTTP at `url`)."""
    shop = Shop(engine, customer_id)
    auth: dict[str, Any] = {}
    if customer_id is None:
        auth = {
            "auth": AuthSettings(issuer_url=url, resource_server_url=url),  # type: ignore[arg-type]
            "token_verifier": TokenCustomers(engine, tokens),
        }
    server: MCPServer[Any] = MCPServer(
        SERVER_NAME,
        instructions=(
            "A shop: search products, fill the cart, check out and pay. Payments are confirmed "
            "by the customer when pay_order asks them; never pay without being asked to."
        ),
        tools=[mcp_tool(shop, tool) for tool in registry],
        **auth,
    )

    async def read(tool_name: str, **arguments: Any) -> str:
        _, tool_ctx = await shop.context()
        tool = registry.get(tool_name)
        outcome = await anyio.to_thread.run_sync(tool.run, tool_ctx, arguments)
        if not outcome.ok:
            raise ResourceError(outcome.data.get("message", outcome.content))
        return outcome.content

    @server.resource("shop://cart", name="cart", mime_type="application/json")
    async def cart() -> str:
        """The customer's cart: lines, prices and total, as the store has them now."""
        return await read("view_cart")

    @server.resource("shop://orders/{order_id}", name="order", mime_type="application/json")
    async def order(order_id: str) -> str:
        """One of the customer's orders: status, lines, total and payment."""
        return await read("get_order_status", order_id=order_id)

    return server
