"""The `shopagent` command line: a thin Typer layer over the store and the agent."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import Engine

from store import (
    SearchFilters,
    SortOrder,
    StoreError,
    format_money,
    get_engine,
    import_catalog,
    search_catalog,
    seed_demo,
    seed_if_empty,
    session_scope,
)
from ui.scenario_cli import scenario_app

app = typer.Typer(
    help="shopagent: a chat shopping assistant over any OpenAI-compatible model.",
    no_args_is_help=True,
)
catalog_app = typer.Typer(help="Manage the product catalog.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(scenario_app, name="scenario", no_args_is_help=True)

console = Console()
err_console = Console(stderr=True)


def _shop() -> Engine:
    """The configured store, with the demo shop loaded if it is empty."""
    engine = get_engine()
    seed_if_empty(engine)
    return engine


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {message}")
    return typer.Exit(1)


@app.command()
def seed(
    reset: Annotated[
        bool, typer.Option(help="Delete all shop data first, then load the demo.")
    ] = False,
) -> None:
    """Load the demo catalog and demo customers."""
    counts = seed_demo(get_engine(), reset=reset)
    if counts:
        console.print("loaded " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    else:
        console.print("The demo shop is already loaded; `shopagent seed --reset` reloads it.")


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
    sort: Annotated[
        str, typer.Option(help="relevance, price_asc, price_desc or rating.")
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
    if sort not in ("relevance", "price_asc", "price_desc", "rating"):
        raise _fail(f"--sort must be relevance, price_asc, price_desc or rating (got {sort!r})")
    filters = SearchFilters(
        category=category,
        brand=brand,
        seller=seller,
        min_price=None if min_price is None else round(min_price * 100),
        max_price=None if max_price is None else round(max_price * 100),
        in_stock=in_stock,
        min_rating=min_rating,
        options=options,
    )
    sort_order: SortOrder = sort  # type: ignore[assignment]
    with session_scope(_shop()) as session:
        found = search_catalog(session, query, filters=filters, sort=sort_order, limit=limit)
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
    table = Table("id", "title", "price", "rating", "stock", "seller")
    for hit in hits:
        table.add_row(
            str(hit.id),
            hit.title if not hit.title_zh else f"{hit.title}\n{hit.title_zh}",
            format_money(hit.price, hit.currency),
            "-" if hit.rating is None else f"{hit.rating:.1f}",
            "yes" if hit.in_stock else "no",
            hit.seller,
        )
    if hits:
        console.print(table)
    elif found.missing:
        instead = ", ".join(s.name for s in found.suggestions)
        console.print(
            f"The shop sells no {found.missing}." + (f" It has: {instead}." if instead else "")
        )
    else:
        console.print("No products match. Try fewer words or filters.")


@catalog_app.command("import")
def catalog_import(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, readable=True)],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="woocommerce or json (default: by file extension)."),
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
    if fmt not in (None, "woocommerce", "json"):
        raise _fail(f"--format must be woocommerce or json (got {fmt!r})")
    file_format: Literal["woocommerce", "json"] | None = fmt  # type: ignore[assignment]
    failed = False
    for path in files:
        started = time.perf_counter()
        try:
            # The store as it is: an imported catalog is never mixed with the demo one.
            with session_scope(get_engine()) as session:
                report = import_catalog(
                    session,
                    path,
                    fmt=file_format,
                    seller=seller,
                    skip_invalid=skip_invalid,
                    currency=currency,
                )
        except StoreError as exc:
            err_console.print(f"[red]{escape(str(path))}[/red]: {escape(exc.message)}")
            failed = True
            continue
        status = "[green]imported[/green]" if report.committed else "[red]not imported[/red]"
        console.print(
            f"{escape(str(path))}: {status} (seller {escape(report.seller)}): "
            f"{report.imported} new, {report.updated} updated, "
            f"{len(report.skipped)} skipped, {len(report.errors)} errors "
            f"in {time.perf_counter() - started:.1f}s"
        )
        for issue in report.errors:
            console.print(f"  [red]line {issue.row}[/red]: {escape(issue.reason)}")
        for issue in report.skipped:
            console.print(f"  [yellow]line {issue.row} skipped[/yellow]: {escape(issue.reason)}")
        if report.errors:
            console.print(
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
    except (ConfigError, StoreError) as exc:
        raise _fail(getattr(exc, "message", str(exc))) from None
    run_chat(agent, console)


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
) -> None:
    """Open the shopping chat in the browser (a Streamlit app)."""
    import subprocess
    import sys

    app_path = Path(__file__).with_name("app.py")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path),
        "--server.headless",
        "true",
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
    console.print(f"shopagent is at {url} (Ctrl+C to stop)")
    try:
        raise typer.Exit(subprocess.call(command))
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
) -> None:
    """List the model endpoints, which have their keys, and (with --check) which work."""
    from agent import ConfigError, check_endpoint, config_path, describe_usage, list_endpoints

    try:
        endpoints = list_endpoints()
        path = config_path()
    except ConfigError as exc:
        raise _fail(escape(exc.message)) from None
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
            # Keyed endpoints, and servers named in shopagent.toml; never a guessed local port.
            if info.offline or not info.has_key or (info.key_env is None and not info.in_file):
                row.append("[dim]skipped[/dim]")
            else:
                result = check_endpoint(info.name)
                failed |= not result.ok
                mark = "[green]ok[/green]" if result.ok else "[red]failed[/red]"
                cost = "" if result.usage.empty else f"\n[dim]{describe_usage(result.usage)}[/dim]"
                row.append(f"{mark}: {escape(result.detail)}{cost}")
        table.add_row(*row)
    console.print(table)
    source = path or "presets only (no shopagent.toml found)"
    console.print(
        f"configuration: {source}. Pick one with --model NAME or SHOPAGENT_MODEL=NAME; "
        "keys come from the environment or .env."
    )
    if failed:
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the `shopagent` console script."""
    app()
