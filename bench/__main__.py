"""`python -m bench <benchmark> [options]`: run one benchmark (or `all`) and print its figures.

A full run appends its figures, dated, to bench/results/<benchmark>.jsonl (and redraws that
benchmark's chart, if it has one); a --quick run is a smoke test on small sizes and records
nothing.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from bench import (
    charts,
    checkout,
    overhead,
    scenarios,
    search_latency,
    search_quality,
    startup,
    tokens,
)
from bench.record import record

# Every benchmark module has NAME, a docstring, add_arguments(parser) and run(args) -> figures;
# those with QUICK (the option values of a small run) are part of `all`.
BENCHMARKS = (search_latency, search_quality, overhead, tokens, scenarios, checkout, startup)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    subparsers: dict[str, argparse.ArgumentParser] = {}
    for module in BENCHMARKS:
        sub = commands.add_parser(module.NAME, help=module.__doc__.splitlines()[0])
        module.add_arguments(sub)
        _common_arguments(sub, quick=hasattr(module, "QUICK"))
        subparsers[module.NAME] = sub
    every = commands.add_parser("all", help="every benchmark that has a small size, one by one")
    _common_arguments(every, quick=True)
    args = parser.parse_args(argv)
    if args.command == "all":
        figures = {}
        for module in BENCHMARKS:
            if hasattr(module, "QUICK"):
                sub = subparsers[module.NAME]
                own = sub.parse_args([])
                figures[module.NAME] = _run(module, _quick(own, sub, module) if args.quick else own)
    else:
        module = next(m for m in BENCHMARKS if m.NAME == args.command)
        if getattr(args, "quick", False):
            args = _quick(args, subparsers[module.NAME], module)
        figures = _run(module, args)
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        _print_table(figures)


def _common_arguments(parser: argparse.ArgumentParser, *, quick: bool) -> None:
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    if quick:
        parser.add_argument(
            "--quick", action="store_true", help="small sizes, a smoke test (records nothing)"
        )


def _quick(args: argparse.Namespace, parser: argparse.ArgumentParser, module: Any) -> Any:
    """`args` with the module's small sizes wherever an option was left at its default."""
    defaults = parser.parse_args([])
    for key, value in module.QUICK.items():
        if getattr(args, key) == getattr(defaults, key):
            setattr(args, key, value)
    args.quick = True
    return args


def _run(module: Any, args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    figures: dict[str, Any] = module.run(args)
    if not getattr(args, "quick", False):
        record(module.NAME, args, figures, seconds=time.perf_counter() - started)
        charts.redraw(module.NAME)
    return figures


def _print_table(figures: dict[str, Any], indent: str = "") -> None:
    for key, value in figures.items():
        if isinstance(value, dict):
            print(f"{indent}{key}:")
            _print_table(value, indent + "  ")
        else:
            print(f"{indent}{key}: {value}")


if __name__ == "__main__":
    main()
