"""Dated figures of full benchmark runs, one JSON line per run in bench/results/<name>.jsonl."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"


def record(name: str, args: argparse.Namespace, figures: dict[str, Any], *, seconds: float) -> None:
    """Append one run: when, with which options, how long it took, and its figures."""
    options = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    options.pop("command", None)
    options.pop("json", None)
    line = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "options": options,
        "seconds": round(seconds, 1),
        "figures": figures,
    }
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / f"{name}.jsonl").open("a", encoding="utf-8") as file:
        file.write(json.dumps(line, ensure_ascii=False) + "\n")


def runs(name: str) -> list[dict[str, Any]]:
    """Every recorded run of a benchmark, oldest first."""
    path = RESULTS / f"{name}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
