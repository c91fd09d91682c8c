"""Small text helpers shared by the panels."""

from __future__ import annotations


def options_text(options: dict[str, str]) -> str:
    """A variant's options for people: "Color: White · Size: 42"."""
    return " · ".join(f"{name.capitalize()}: {value}" for name, value in options.items())
