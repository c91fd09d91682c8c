"""Small text helpers shared by the panels."""

from __future__ import annotations

from ui.components.state import t
from ui.i18n import TEXT


def option_name(name: str) -> str:
    """A variant option's name in the interface language ("size" is 尺码 in Chinese)."""
    key = f"option_{name.casefold()}"
    return t(key) if key in TEXT["en"] else name.capitalize()


def options_text(options: dict[str, str]) -> str:
    """A variant's options for people: "Color: White · Size: 42"."""
    return " · ".join(f"{option_name(name)}: {value}" for name, value in options.items())
