"""`shopagent scenario ...`: play scenario files and read the figures (Rich tables, JSON, JUnit)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from agent.model import Usage
    from agent.scenarios import RunReport, ScenarioResult

scenario_app = typer.Typer(help="Run scripted conversations, each on a fresh demo shop.")
console = Console()
err_console = Console(stderr=True)

Paths = Annotated[
    list[Path],
    typer.Argument(exists=True, readable=True, help="Scenario files, or folders of them."),
]


@scenario_app.command("run")
def scenario_run(
    paths: Paths,
    model: Annotated[
        list[str] | None,
        typer.Option(help="Model endpoint (repeat to compare several; default: the file's)."),
    ] = None,
    repeat: Annotated[int, typer.Option(min=1, help="Plays per scenario (K of pass^k).")] = 1,
    tag: Annotated[
        list[str] | None, typer.Option(help="Only scenarios with this tag (repeatable).")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Scenarios played in parallel (processes).")
    ] = 1,
    store: Annotated[
        str,
        typer.Option(
            help="fresh: a new copy of the seeded demo shop per scenario; "
            "current: your configured store (its orders, carts and threads change)."
        ),
    ] = "fresh",
    user_model: Annotated[
        str | None, typer.Option(help="Endpoint playing the customer of `goal:` scenarios.")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write every play, turn by turn, as JSON.")
    ] = None,
    junit_out: Annotated[
        Path | None, typer.Option("--junit", help="Write a JUnit XML file.")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show every turn: reply, tools, tokens, time.")
    ] = False,
) -> None:
    """Play scenarios and report pass rates (per tag, pass^k, per model); exit 1 if any fails."""
    from agent import ConfigError
    from agent.scenarios import ScenarioFileError, run_scenarios

    if store not in ("fresh", "current"):
        raise _fail(f"--store must be fresh or current (got {store!r})")
    try:
        with _progress() as progress:
            task = progress.add_task("playing", total=None)

            def advance(result: object) -> None:
                progress.update(task, advance=1, description=escape(getattr(result, "name", "")))

            report = run_scenarios(
                paths,
                models=model or [],
                repeat=repeat,
                tags=tag or [],
                workers=workers,
                store_choice=store,  # type: ignore[arg-type]
                user_model=user_model,
                on_result=advance,
                on_start=lambda total: progress.update(task, total=total),
            )
    except ScenarioFileError as exc:
        for problem in exc.problems:
            err_console.print(f"[red]error:[/red] {escape(problem)}")
        err_console.print("Nothing was played: fix these, then run again.")
        raise typer.Exit(1) from None
    except ConfigError as exc:
        raise _fail(exc.message) from None
    if verbose:
        for result in report.results:
            print_turns(result)
    print_report(report)
    if json_out:
        report.write_json(json_out)
    if junit_out:
        report.write_junit(junit_out)
    if report.failed or not report.results:
        raise typer.Exit(1)


@scenario_app.command("schema")
def scenario_schema() -> None:
    """Print the JSON Schema of a scenario file (for editors and validators)."""
    from agent.scenarios import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(1)


def _progress() -> Progress:
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


@scenario_app.command("webmall")
def scenario_webmall(
    catalog: Annotated[
        Path,
        typer.Option(
            exists=True, file_okay=False, help="Folder of webmall_1.csv ... webmall_4.csv."
        ),
    ],
    tasks: Annotated[
        Path, typer.Option(exists=True, dir_okay=False, help="WebMall task file (JSON).")
    ],
    model: Annotated[str | None, typer.Option(help="Model endpoint (default: configured).")] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write every task's score as JSON.")
    ] = None,
) -> None:
    """Score an endpoint on WebMall tasks: the four shops in a fresh store, each task on a copy."""
    from agent import ConfigError
    from agent.scenarios.webmall import run_webmall

    try:
        with _progress() as progress:
            task = progress.add_task("importing the shops", total=None)
            report = run_webmall(
                catalog,
                tasks,
                model=model,
                on_score=lambda s: progress.update(task, advance=1, description=escape(s.id)),
            )
    except ConfigError as exc:
        raise _fail(exc.message) from None
    except ValueError as exc:
        raise _fail(str(exc)) from None
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
    if json_out:
        json_out.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    console.print(f"WebMall solved {report.rate} in {report.seconds:.0f}s")
    console.print(report.closing_line)
