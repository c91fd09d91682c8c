"""Money helpers. Amounts are integer minor units (fen, cents) plus an ISO 4217 code."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Minor units per major unit; every currency we meet here has two decimals except these.
_PLAIN_NUMBER = re.compile(r"\+?([0-9]+\.?[0-9]*|\.[0-9]+)", re.ASCII)
_ZERO_DECIMAL = {"JPY", "KRW", "VND"}
_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def minor_digits(currency: str) -> int:
    """Number of decimal digits of the currency's minor unit."""
    return 0 if currency.upper() in _ZERO_DECIMAL else 2


def to_minor(amount: Decimal | float | str, currency: str) -> int:
    """Major units (yuan, dollars, yen) as minor units of `currency`, rounded to the nearest.

    `to_minor(129.99, "CNY") == 12999`, but `to_minor(1500, "JPY") == 1500`: yen have no cents.
    """
    return int(Decimal(str(amount)).scaleb(minor_digits(currency)).to_integral_value())


def format_money(amount: int, currency: str) -> str:
    """Format minor units for people, e.g. `format_money(12999, "CNY") == "¥129.99"`."""
    digits = minor_digits(currency)
    major = Decimal(amount).scaleb(-digits)
    symbol = _SYMBOLS.get(currency.upper())
    text = f"{major:,.{digits}f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"


def parse_money(text: str, currency: str) -> int:
    """Parse a price written with a decimal comma or dot ("139,99", "1.299,00", "59.9").

    Raises:
        ValueError: if the text is not a non-negative amount.
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    for symbol in (*_SYMBOLS.values(), currency.upper()):
        cleaned = cleaned.replace(symbol, "")
    if "," in cleaned and "." in cleaned:
        # The later separator is the decimal one: "1.299,00" or "1,299.00".
        decimal_sep = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not _PLAIN_NUMBER.fullmatch(cleaned):  # no "1e5", no digits of other scripts
        raise ValueError(f"not a price: {text!r}")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"not a price: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"not a price: {text!r}")
    minor = value.scaleb(minor_digits(currency))
    if minor != minor.to_integral_value():
        raise ValueError(f"more decimals than {currency} allows: {text!r}")
    return int(minor)
