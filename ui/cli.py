"""The `shopagent` command line: a thin Typer layer over the store and the agent."""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, get_args

import typer

import store
from store.options import CatalogFormat, SortOrder
from ui.errors import explain
from ui.scenario_cli import scenario_app
from ui.terminal import HelpGroup, LazyConsole, escape

if TYPE_CHECKING:
    from sqlalchemy import Engine

PIPED_WIDTH = 1_000
"""Columns of output that goes to a pipe or file (a table is as wide as its content)."""

app = typer.Typer(
    help="shopagent: a chat shopping assistant over any OpenAI-compatible model.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: Typer's Rich help would load all of Rich first
    cls=HelpGroup,
)
catalog_app = typer.Typer(help="Manage the product catalog.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog", cls=HelpGroup)
app.add_typer(scenario_app, name="scenario", no_args_is_help=True, cls=HelpGroup)

console = LazyConsole()
err_console = LazyConsole(stderr=True, soft_wrap=True)  # an error is one line, however long


def _one_of(option: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    """A parser for an option with fixed choices, failing like our other input errors."""

    def parse(value: str) -> str:
        if value not in choices:
            raise _fail(f"{option} must be {' or '.join(choices)} (got {value!r})")
        return value

    return parse


def _shop() -> Engine:
    """The configured store, with the demo shop loaded if it is empty."""
    engine = store.get_engine()
    store.seed_if_empty(engine)
    return engine


def _fail(message: str) -> typer.Exit:
    err_console().print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(1)


def _price(value: float | None, option: str, currency: str) -> int | None:
    """A price option in minor units, or a clear error for NaN, infinities and out of range."""
    if value is None:
        return None
    minor = store.to_minor(value, currency) if math.isfinite(value) and value >= 0 else -1
    if not 0 <= minor <= store.MAX_AMOUNT:
        raise _fail(f"{option} must be a price of 0 or more that the shop can hold (got {value:g})")
    return minor


@app.command()
def seed(
    reset: Annotated[
        bool, typer.Option(help="Delete all shop data first, then load the demo.")
    ] = False,
) -> None:
    """Load the demo catalog and demo customers."""
    counts = store.seed_demo(store.get_engine(), reset=reset)
    if counts:
        console().print("loaded " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    else:
        console().print("The demo shop is already loaded; `shopagent seed --reset` reloads it.")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Free text, English or Chinese.")] = "",
    category: Annotated[str | None, typer.Option(help="Category slug or name.")] = None,
    brand: Annotated[str | None, typer.Option()] = None,
    seller: Annotated[str | None, typer.Option()] = None,
    min_price: Annotated[float | None, typer.Option(help="Major units, e.g. 99.5")] = None,
    max_price: Annotated[float | None, typer.Option(help="Major units, e.g. 300")] = None,
    in_stock: Annotated[bool, typer.Option("--in-stock", help="Only products in stock.")] = False,
    min_rating: Annotated[float | None, typer.Option(min=0, max=5)] = None,
    option: Annotated[
        list[str] | None, typer.Option(help="Variant option NAME=VALUE, e.g. size=42 (repeatable).")
    ] = None,
    currency: Annotated[str, typer.Option(help="Currency of --min-price and --max-price.")] = "CNY",
    sort: Annotated[
        SortOrder,
        typer.Option(
            parser=_one_of("--sort", get_args(SortOrder)), metavar="|".join(get_args(SortOrder))
        ),
    ] = "relevance",
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Search the catalog."""
    options: dict[str, str] = {}
    for item in option or []:
        name, sep, value = item.partition("=")
        if not sep or not name or not value:
            raise _fail(f"--option takes NAME=VALUE (got {item!r}), e.g. --option size=42")
        options[name.strip()] = value.strip()
    filters = store.SearchFilters(
        category=category,
        brand=brand,
        seller=seller,
        min_price=_price(min_price, "--min-price", currency),
        max_price=_price(max_price, "--max-price", currency),
        in_stock=in_stock,
        min_rating=min_rating,
        options=options,
    )
    try:
        with store.read_scope(_shop()) as session:
            found = store.search_catalog(session, query, filters=filters, sort=sort, limit=limit)
    except store.StoreError as exc:
        raise _fail(exc.message) from None
    hits = found.products
    if as_json:
        fields = (
            "id",
            "title",
            "price",
            "currency",
            "seller",
            "external_id",
            "category",
            "rating",
            "in_stock",
        )
        print(
            json.dumps(
                [hit.model_dump(include=set(fields)) for hit in hits], ensure_ascii=False, indent=2
            )
        )
        return
    from rich.table import Table

    table = Table("id", "title", "price", "rating", "stock", "seller")
    for hit in hits:
        table.add_row(
            str(hit.id),
            hit.title if not hit.title_zh else f"{hit.title}\n{hit.title_zh}",
            store.format_money(hit.price, hit.currency),
            "-" if hit.rating is None else f"{hit.rating:.1f}",
            "yes" if hit.in_stock else "no",
            hit.seller,
        )
    if hits:
        console().print(table)
    elif found.missing:
        instead = ", ".join(s.name for s in found.suggestions)
        console().print(
            f"The shop sells no {found.missing}." + (f" It has: {instead}." if instead else "")
        )
    else:
        console().print("No products match. Try fewer words or filters.")


@catalog_app.command("import")
def catalog_import(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, readable=True)],
    fmt: Annotated[
        CatalogFormat | None,
        typer.Option(
            "--format",
            parser=_one_of("--format", get_args(CatalogFormat)),
            metavar="|".join(get_args(CatalogFormat)),
            help="Default: by file extension.",
        ),
    ] = None,
    seller: Annotated[
        str | None, typer.Option(help="Seller name (default: the file name).")
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option(
            help="Currency of the prices. WooCommerce files name none: default EUR. "
            "JSON files name their own; else this, else CNY."
        ),
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows and report the others.")
    ] = False,
) -> None:
    """Import products from WooCommerce CSV exports or JSON files (each file all or nothing)."""
    failed = False
    for path in files:
        started = time.perf_counter()
        try:
            # The store as it is: an imported catalog is never mixed with the demo one.
            with store.session_scope(store.get_engine()) as session:
                report = store.import_catalog(
                    session,
                    path,
                    fmt=fmt,
                    seller=seller,
                    skip_invalid=skip_invalid,
                    currency=currency,
                )
        except store.StoreError as exc:
            err_console().print(f"[red]{escape(str(path))}[/red]: {escape(exc.message)}")
            failed = True
            continue
        status = "[green]imported[/green]" if report.committed else "[red]not imported[/red]"
        console().print(
            f"{escape(str(path))}: {status} (seller {escape(report.seller)}): "
            f"{report.imported} new, {report.updated} updated, "
            f"{len(report.skipped)} skipped, {len(report.errors)} errors "
            f"in {time.perf_counter() - started:.1f}s"
        )
        for issue in report.errors:
            console().print(f"  [red]line {issue.row}[/red]: {escape(issue.reason)}")
        for issue in report.skipped:
            console().print(f"  [yellow]line {issue.row} skipped[/yellow]: {escape(issue.reason)}")
        if report.errors:
            console().print(
                "  Nothing from this file was written: fix these lines, or pass "
                "--skip-invalid to import the others."
            )
        failed |= not report.committed
    if failed:
        raise typer.Exit(1)


@app.command()
def chat(
    model: Annotated[
        str | None, typer.Option(help="Model endpoint name (default: SHOPAGENT_MODEL or offline).")
    ] = None,
    user: Annotated[str, typer.Option(help="Customer id or handle.")] = "alice",
    thread: Annotated[str | None, typer.Option(help="Continue this conversation thread.")] = None,
) -> None:
    """Chat with the assistant in the terminal; payments are confirmed at a prompt."""
    from agent import ConfigError, ShoppingAgent
    from ui.chat import run_chat

    try:
        agent = ShoppingAgent(user, model=model, thread_id=thread)
    except store.InvalidThreadId as exc:
        raise _fail(f"--thread: {exc.message}") from None
    except (ConfigError, store.StoreError) as exc:
        raise _fail(exc.message) from None
    run_chat(agent, console())


@app.command()
def ui(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Local port to serve on.")] = 8501,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. The default serves this machine only; 0.0.0.0 lets "
            "anyone on the network pick a demo customer and pay."
        ),
    ] = "127.0.0.1",
    open_browser: Annotated[
        bool,
        typer.Option(
            "--open/--no-open",
            help="Open the chat in your web browser (when this machine has a display).",
        ),
    ] = True,
) -> None:
    """Serve the shopping chat (a Streamlit app) and open it in your browser when it can."""
    import subprocess
    import sys

    app_path = Path(__file__).with_name("app.py")
    command = [
        sys.executable,
        "-m",
        "ui.serve",  # `streamlit run`, with the app's imports loaded while the server starts
        str(app_path),
        # Streamlit opens the browser unless headless, which it is by default without a display.
        *([] if open_browser else ["--server.headless", "true"]),
        "--server.showEmailPrompt",
        "false",
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
    ]
    url = f"http://localhost:{port}" if host == "127.0.0.1" else f"http://{host}:{port}"
    console().print(f"shopagent is at {url} (Ctrl+C to stop)")
    try:
        raise typer.Exit(subprocess.call(command))
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


@app.command()
def mcp(
    transport: Annotated[
        str,
        typer.Option(
            parser=_one_of("--transport", ("stdio", "http")),
            metavar="stdio|http",
            help="stdio: for one customer, started by the MCP client. http: streamable HTTP, "
            "each request's bearer token names the customer.",
        ),
    ] = "stdio",
    customer: Annotated[
        str, typer.Option(help="Customer id or handle served over stdio.")
    ] = "alice",
    host: Annotated[str, typer.Option(help="Address the HTTP server listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port of the HTTP server.")] = 8000,
) -> None:
    """Serve the shop's tools to any MCP client; payments are confirmed by elicitation."""
    from store.settings import get_settings
    from ui.mcp_server import build_server

    engine = _shop()
    if transport == "stdio":
        try:
            with store.read_scope(engine) as session:
                served = store.get_customer(session, customer)
        except store.StoreError as exc:
            raise _fail(exc.message) from None
        build_server(engine, customer_id=served.id).run("stdio")
        return
    url = f"http://{host}:{port}/mcp"
    server = build_server(engine, tokens=get_settings().mcp_tokens, url=url)
    err_console().print(f"shopagent MCP server at {url} (Ctrl+C to stop)")
    try:
        server.run("streamable-http", host=host, port=port)
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


@app.command()
def models(
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Send a tiny tool-calling round trip to each endpoint "
            "that has its key (and each local server named in "
            "shopagent.toml), and report what works.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the model endpoints, which have their keys, and (with --check) which work."""
    from agent import ConfigError, check_endpoint, config_path, describe_usage, list_endpoints

    try:
        endpoints = list_endpoints()
        path = config_path()
    except ConfigError as exc:
        raise _fail(exc.message) from None
    # Keyed endpoints, and servers named in shopagent.toml; never a guessed local port.
    checks = {
        info.name: check_endpoint(info.name)
        for info in endpoints
        if check and not info.offline and info.has_key and (info.key_env or info.in_file)
    }
    if as_json:
        rows = [
            {
                **info.model_dump(mode="json"),
                **(
                    {"check": checks[info.name].model_dump(mode="json")}
                    if info.name in checks
                    else {}
                ),
            }
            for info in endpoints
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        raise typer.Exit(1 if any(not c.ok for c in checks.values()) else 0)
    from rich.table import Table

    table = Table(
        "name", "profile", "model", "base_url", "key", "price / M tokens (in, cached, out)"
    )
    if check:
        table.add_column("check")
    failed = False
    for info in endpoints:
        if info.offline:
            key = "built in"
        elif info.key_env is None:
            key = "not needed"
        elif info.has_key:
            key = f"[green]{info.key_env} ✓[/green]"
        else:
            key = f"[dim]{info.key_env} missing[/dim]"
        prices = info.prices
        price = "-"
        if prices:
            cached = "-" if prices.cached_input is None else f"{prices.cached_input:g}"
            price = f"{prices.input:g}, {cached}, {prices.output:g} {prices.currency}"
        row = [
            f"{info.name}{' (default)' if info.default else ''}",
            info.profile,
            escape(info.model or "(not set)"),
            escape(info.base_url),
            key,
            price,
        ]
        if check:
            if info.name not in checks:
                row.append("[dim]skipped[/dim]")
            else:
                result = checks[info.name]
                failed |= not result.ok
                mark = "[green]ok[/green]" if result.ok else "[red]failed[/red]"
                cost = "" if result.usage.empty else f"\n[dim]{describe_usage(result.usage)}[/dim]"
                row.append(f"{mark}: {escape(result.detail)}{cost}")
        table.add_row(*row)
    console().print(table)
    source = path or "presets only (no shopagent.toml found)"
    console().print(
        f"configuration: {source}. Pick one with --model NAME or SHOPAGENT_MODEL=NAME; "
        "keys come from the environment or .env."
    )
    if failed:
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the `shopagent` console script: expected errors end in one line."""
    if "COLUMNS" not in os.environ:
        # Piped output is read by programs (grep, cut): never cut to a terminal's 80 columns.
        console.piped_width = PIPED_WIDTH
    try:
        app()
    except Exception as exc:
        message = explain(exc)
        if message is None:
            raise
        err_console().print(f"[red]error:[/red] {escape(message)}")
        raise SystemExit(1) from None
