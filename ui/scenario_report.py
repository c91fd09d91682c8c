"""What `shopagent scenario ...` prints: Rich tables of the plays, failures and figures.

Loaded by the commands when they run, so the CLI's help does not load Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from agent.model import Usage
    from agent.scenarios import RunReport, ScenarioResult
    from agent.scenarios.webmall import WebMallReport

console = Console()
err_console = Console(stderr=True)


def fail(message: str) -> typer.Exit:
    """Print an error line; the exit to raise."""
    err_console.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(1)


def print_file_problems(problems: list[str]) -> None:
    """Why scenario files could not be played."""
    for problem in problems:
        err_console.print(f"[red]error:[/red] {escape(problem)}")
    err_console.print("Nothing was played: fix these, then run again.")


def progress() -> Progress:
    """A transient progress bar on standard error."""
    return Progress(
        TextColumn("{task.description}", style="dim"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


def _tokens(usage: Usage) -> str:
    return f"{usage.prompt_tokens + usage.completion_tokens:,}" + ("~" if usage.estimated else "")


def _cost(usage: Usage) -> str:
    return "-" if usage.cost is None else f"{usage.cost:.4f} {usage.currency}"


def print_turns(result: ScenarioResult) -> None:
    """One play, turn by turn."""
    table = Table(
        "step",
        "customer",
        "reply",
        "tools",
        "tokens",
        "ms",
        title=f"{result.name} ({result.model})",
    )
    for turn in result.turns:
        problems = "".join(f"\n[red]{escape(str(f))}[/red]" for f in turn.failures)
        table.add_row(
            str(turn.step),
            escape(turn.action),
            escape(turn.reply[:300]) + problems,
            ", ".join(turn.tools),
            _tokens(turn.usage),
            f"{turn.milliseconds:.0f}",
        )
    console.print(table)


def print_report(report: RunReport) -> None:
    """The per-play table, each failure, pass rates per tag, pass^k and the model comparison."""
    several = len(report.models) > 1
    table = Table("scenario", "model", "pass", "turns", "tools", "tokens", "cost", "latency")
    for result in report.results:
        name = result.name if report.repeat == 1 else f"{result.name} #{result.repeat + 1}"
        table.add_row(
            escape(name),
            escape(result.model),
            "[green]✓[/green]" if result.passed else "[red]✗[/red]",
            str(len(result.turns)),
            str(result.tool_count),
            _tokens(result.usage),
            _cost(result.usage),
            f"{result.seconds:.1f}s",
        )
    console.print(table)
    failed = [result for result in report.results if not result.passed]
    if failed:
        console.print("[bold]Failed[/bold]")
    for result in failed:
        where = f"{result.model}" + (f" #{result.repeat + 1}" if report.repeat > 1 else "")
        console.print(f"[red]✗[/red] {escape(result.name)} ({escape(where)}, {result.source})")
        for problem in result.problems:
            console.print(f"    {escape(problem)}")
    _print_tags(report)
    if report.repeat > 1:
        _print_repeats(report)
    if several:
        _print_models(report)
    console.print(report.closing_line)


def _print_tags(report: RunReport) -> None:
    table = Table("tag", *report.models, title="pass rate per tag")
    rates = {model: report.by_tag(model) for model in report.models}
    for tag in sorted({tag for by_tag in rates.values() for tag in by_tag}):
        table.add_row(escape(tag), *(str(rates[m].get(tag, "-")) for m in report.models))
    console.print(table)


def _print_repeats(report: RunReport) -> None:
    for model in report.models:
        table = Table(
            "scenario", "mean pass rate", f"pass^{report.repeat}", title=f"repeats ({model})"
        )
        for name, rate in report.per_scenario(model).items():
            table.add_row(
                escape(name), f"{rate.rate:.0%}", "✓" if rate.passed == rate.total else "✗"
            )
        console.print(table)
        figures = ", ".join(f"pass^{k} {v:.2f}" for k, v in report.pass_hat_k(model).items())
        console.print(f"{escape(model)}: {figures}")


def _print_models(report: RunReport) -> None:
    k = report.repeat
    table = Table(
        "model", "pass rate", f"pass^{k}", "tokens", "cost", "median turn", title="models"
    )
    for model in report.models:
        summary = report.summary(model)
        table.add_row(
            escape(model),
            str(summary.plays),
            f"{summary.pass_hat_k.get(k, 0.0):.2f}",
            _tokens(summary.usage),
            _cost(summary.usage),
            f"{summary.median_turn_ms:.0f} ms",
        )
    console.print(table)


def print_webmall(report: WebMallReport) -> None:
    """Each task's score, then the figures by task type."""
    table = Table("task", "type", "P", "R", "F1", "pass", title=f"WebMall ({report.model})")
    for score in report.scores:
        table.add_row(
            escape(score.id),
            score.answer_type,
            f"{score.precision:.2f}",
            f"{score.recall:.2f}",
            f"{score.f1:.2f}",
            "[green]✓[/green]" if score.passed else "[red]✗[/red]",
        )
    console.print(table)
    figures = Table("type", "tasks", "passed", "precision", "recall", "F1", title="by task type")
    for kind, row in report.by_type().items():
        figures.add_row(
            kind, *(f"{row[k]:g}" for k in ("tasks", "passed", "precision", "recall", "f1"))
        )
    console.print(figures)
