"""The terminal chat: streamed replies, a line per tool call, a prompt before money moves."""

from __future__ import annotations

import json
from collections.abc import Iterator

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent import (
    OFFLINE_NOTICE,
    ConfirmationRequired,
    Event,
    Failed,
    Finished,
    PendingConfirmation,
    ShoppingAgent,
    TextDelta,
    ToolCalled,
    ToolReturned,
    describe_usage,
)
from store import PaymentSummary, RefundSummary, format_money

QUIT_WORDS = {"exit", "quit", "/quit", "/exit", "退出"}


def _short(arguments: str, limit: int = 80) -> str:
    try:
        text = ", ".join(f"{k}={v!r}" for k, v in json.loads(arguments or "{}").items())
    except (json.JSONDecodeError, AttributeError):
        text = arguments
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_events(console: Console, events: Iterator[Event]) -> PendingConfirmation | None:
    """Print a run as it happens; return what it waits for, if anything."""
    pending: PendingConfirmation | None = None
    streaming = False
    for event in events:
        if isinstance(event, TextDelta):
            if not streaming:
                console.print("[bold cyan]assistant:[/bold cyan] ", end="")
                streaming = True
            console.print(escape(event.text), end="", soft_wrap=True, highlight=False)
            continue
        if streaming:
            console.print()
            streaming = False
        if isinstance(event, ToolCalled):
            console.print(
                f"  [dim]→ {event.call.name}({escape(_short(event.call.arguments))})[/dim]"
            )
        elif isinstance(event, ToolReturned) and event.call.ok is False:
            console.print(
                f"  [yellow]← {event.call.name}: {escape(_short(event.call.result or ''))}[/yellow]"
            )
        elif isinstance(event, ConfirmationRequired):
            pending = event.pending
        elif isinstance(event, Failed):
            console.print(f"[red]model error:[/red] {escape(event.message)}")
        elif isinstance(event, Finished) and event.reply.usage.prompt_tokens:
            console.print(f"  [dim]{escape(describe_usage(event.reply.usage))}[/dim]")
    if streaming:
        console.print()
    return pending


def _lines_table(title: str, summary: PaymentSummary | RefundSummary) -> Table:
    table = Table(title=title, show_lines=False)
    table.add_column("item")
    table.add_column("qty", justify="right")
    table.add_column("price", justify="right")
    for line in summary.lines:
        options = ", ".join(f"{k} {v}" for k, v in line.options.items())
        table.add_row(
            escape(line.title + (f" ({options})" if options else "")),  # seller text, literal
            str(line.quantity),
            format_money(line.line_total, summary.currency),
        )
    return table


def show_refund(console: Console, summary: RefundSummary) -> None:
    """The refund the customer is asked to confirm."""
    table = _lines_table(f"Confirm refund of order #{summary.order_id}", summary)
    amount = format_money(summary.amount, summary.currency)
    table.add_row("[bold]refund[/bold]", "", f"[bold]{amount}[/bold]")
    console.print(table)
    console.print(f"back to {escape(summary.payment_method.label)}")


def show_summary(console: Console, pending: PendingConfirmation) -> None:
    """The payment (or refund) the customer is asked to confirm."""
    summary = pending.summary
    if summary is None:
        return
    if isinstance(summary, RefundSummary):
        show_refund(console, summary)
        return
    table = _lines_table(f"Confirm payment for order #{summary.order_id}", summary)
    if summary.discounts and summary.subtotal is not None:
        table.add_row("subtotal", "", format_money(summary.subtotal, summary.currency))
    for discount in summary.discounts:  # what the human confirms, as the token signs it
        name = discount.label + (f" ({discount.code})" if discount.code else "")
        table.add_row(
            f"[green]{escape(name)}[/green]",
            "",
            f"[green]-{format_money(discount.amount, summary.currency)}[/green]",
        )
    table.add_row(
        "[bold]total[/bold]", "", f"[bold]{format_money(summary.total, summary.currency)}[/bold]"
    )
    console.print(table)
    console.print(
        f"pay with {escape(summary.payment_method.label)}, ship to {escape(summary.address)}"
    )


def resolve_pending(console: Console, agent: ShoppingAgent, pending: PendingConfirmation) -> None:
    """Ask the human about the payment shown, and answer exactly that one.

    The answer is read like any typed message ("y", "ok pay", 确认 confirm; "n", 先不付 or
    nothing decline; a question is answered while the payment keeps waiting).
    """
    current: PendingConfirmation | None = pending
    while current is not None:
        if current.refused:
            console.print(f"[yellow]{escape(current.refused)}[/yellow]")
        if current.kind == "payment_code":
            message = current.message or "The card asks for a one-time code."
            console.print(f"[yellow]{escape(message)}[/yellow]")
            code = console.input("one-time code (empty to cancel): ").strip()
            events = (
                agent.stream_confirm(current, code=code) if code else agent.stream_decline(current)
            )
        else:
            show_summary(console, current)
            verb = "Refund" if current.kind == "confirm_refund" else "Pay"
            answer = console.input(rf"[bold]{verb} now? \[y/N][/bold] ").strip()
            if answer:
                try:
                    events = agent.stream(answer, showing=current)
                except ValueError as exc:  # too long, or only control characters: ask again
                    console.print(f"[yellow]{escape(str(exc))}[/yellow]")
                    continue
            else:
                events = agent.stream_decline(current)
        current = show_events(console, events)


def run_chat(agent: ShoppingAgent, console: Console) -> None:
    """Read lines until EOF or a quit word; every payment is confirmed at the prompt."""
    console.print(
        f"[bold]shopagent[/bold] — {escape(agent.customer.name)} ({agent.customer.handle}), model "
        f"[cyan]{escape(agent.model)}[/cyan], thread {escape(agent.thread_id)}. "
        "Type 'exit' to leave."
    )
    if agent.runtime.endpoint(agent.model).offline:
        console.print(f"[yellow]{escape(OFFLINE_NOTICE)}[/yellow]")  # it names [models.NAME]
    if agent.pending is not None:
        resolve_pending(console, agent, agent.pending)
    while True:
        try:
            text = console.input("[bold green]you:[/bold green] ").strip()
        except EOFError:
            console.print()
            return
        if not text:
            continue
        if text.lower() in QUIT_WORDS:
            return
        try:
            events = agent.stream(text)
        except ValueError as exc:  # too long, or only control characters: nothing was sent
            console.print(f"[yellow]{escape(str(exc))}[/yellow]")
            continue
        pending = show_events(console, events)
        if pending is not None:
            resolve_pending(console, agent, pending)
