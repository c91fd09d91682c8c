"""`shopagent scenario ...`: play scenario files and read the figures (Rich tables, JSON, JUnit).

The commands load what they print with (`ui.scenario_report`) when they run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

scenario_app = typer.Typer(help="Run scripted conversations, each on a fresh demo shop.")

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
    from rich.markup import escape

    from agent import ConfigError
    from agent.scenarios import ScenarioFileError, run_scenarios
    from ui.scenario_report import fail, print_file_problems, print_report, print_turns, progress

    if store not in ("fresh", "current"):
        raise fail(f"--store must be fresh or current (got {store!r})")
    try:
        with progress() as bar:
            task = bar.add_task("playing", total=None)

            def advance(result: object) -> None:
                bar.update(task, advance=1, description=escape(getattr(result, "name", "")))

            report = run_scenarios(
                paths,
                models=model or [],
                repeat=repeat,
                tags=tag or [],
                workers=workers,
                store_choice=store,  # type: ignore[arg-type]
                user_model=user_model,
                on_result=advance,
                on_start=lambda total: bar.update(task, total=total),
            )
    except ScenarioFileError as exc:
        print_file_problems(exc.problems)
        raise typer.Exit(1) from None
    except ConfigError as exc:
        raise fail(exc.message) from None
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
    from rich.markup import escape

    from agent import ConfigError
    from agent.scenarios.webmall import run_webmall
    from ui.scenario_report import console, fail, print_webmall, progress

    try:
        with progress() as bar:
            task = bar.add_task("importing the shops", total=None)
            report = run_webmall(
                catalog,
                tasks,
                model=model,
                on_score=lambda s: bar.update(task, advance=1, description=escape(s.id)),
            )
    except ConfigError as exc:
        raise fail(exc.message) from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    print_webmall(report)
    if json_out:
        json_out.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    console.print(f"WebMall solved {report.rate} in {report.seconds:.0f}s")
    console.print(report.closing_line)
