"""Small text helpers shared by the panels: the shop's words in the interface language."""

from __future__ import annotations

from store import locale
from ui.components.state import language


def option_name(name: str) -> str:
    """A variant option's name in the interface language ("size" is 尺码 in Chinese)."""
    shown = locale.option_name(name, language())
    return shown.capitalize() if shown == name else shown


def options_text(options: dict[str, str]) -> str:
    """A variant's options for people: "Color: White · Size: 42", 颜色: 白色 · 尺码: 42."""
    return " · ".join(
        f"{option_name(name)}: {locale.option_value(value, language())}"
        for name, value in options.items()
    )


def option_values(options: dict[str, str]) -> str:
    """A variant's option values alone, in the interface language: "White · 42", 白色 · 42."""
    return " · ".join(locale.option_value(value, language()) for value in options.values())


def line_title(title: str, title_zh: str | None) -> str:
    """A product's title in the interface language; the original when it has no Chinese one."""
    return locale.localized(title, title_zh, language())
