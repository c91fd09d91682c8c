"""`python -m bench <benchmark> [options]`: run one benchmark and print its figures."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from bench import agent_turns, scenarios, search_latency, search_quality


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    runners: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {}
    for module in (search_latency, search_quality, agent_turns, scenarios):
        sub = commands.add_parser(module.NAME, help=module.__doc__.splitlines()[0])
        module.add_arguments(sub)
        sub.add_argument("--json", action="store_true", help="print the figures as JSON")
        runners[module.NAME] = module.run
    args = parser.parse_args(argv)
    figures = runners[args.command](args)
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        _print_table(figures)


def _print_table(figures: dict[str, Any], indent: str = "") -> None:
    for key, value in figures.items():
        if isinstance(value, dict):
            print(f"{indent}{key}:")
            _print_table(value, indent + "  ")
        else:
            print(f"{indent}{key}: {value}")


if __name__ == "__main__":
    main()
