"""`python -m bench <benchmark> [options]`: run one benchmark and print its figures.

Each run's figures are also appended, dated, to `bench/results/<benchmark>.jsonl`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import overhead, scenarios, search_latency, search_quality, tokens

RESULTS = Path(__file__).parent / "results"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    runners: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {}
    for module in (search_latency, search_quality, overhead, tokens, scenarios):
        sub = commands.add_parser(module.NAME, help=module.__doc__.splitlines()[0])
        module.add_arguments(sub)
        sub.add_argument("--json", action="store_true", help="print the figures as JSON")
        runners[module.NAME] = module.run
    args = parser.parse_args(argv)
    figures = runners[args.command](args)
    record(args.command, figures)
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        _print_table(figures)


def record(name: str, figures: dict[str, Any]) -> None:
    """Append a run's figures, dated, to its benchmark's results file."""
    RESULTS.mkdir(exist_ok=True)
    line = {"date": datetime.now(UTC).isoformat(timespec="seconds"), **figures}
    with (RESULTS / f"{name}.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def _print_table(figures: dict[str, Any], indent: str = "") -> None:
    for key, value in figures.items():
        if isinstance(value, dict):
            print(f"{indent}{key}:")
            _print_table(value, indent + "  ")
        else:
            print(f"{indent}{key}: {value}")


if __name__ == "__main__":
    main()
