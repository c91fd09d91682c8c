"""What every catalog reader produces: validated product records, plus the rows it set aside."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from store.bounds import MAX_AMOUNT
from store.importers.text import slugify
from store.views import ImportIssue

DEFAULT_STOCK = 100
"""Stock given to an item that is in stock but whose file does not count it."""

_SLUG_MAX = 200  # Category.slug

Text = Annotated[str, StringConstraints(strip_whitespace=True)]


def check_currency(code: str) -> str:
    """The code if it looks like an ISO 4217 currency code (three letters, upper case).

    Raises:
        ValueError: if it does not.
    """
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValueError(f"{code!r} is not a currency code such as EUR or CNY")
    return code


Currency = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True), AfterValidator(check_currency)
]
# Friendlier words for the pydantic errors a hand-written file meets most.
_MESSAGES = {"missing": "required", "extra_forbidden": "unknown field"}


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="after")
    def _no_nul_characters(self) -> Self:
        # PostgreSQL text cannot hold NUL; refusing it everywhere keeps both stores alike.
        for name, value in self:
            if _has_nul(value):
                raise ValueError(f"{name} contains a NUL character; remove it")
        return self


class VariantRecord(_Record):
    """A buyable variant. Option names are lower-cased ("Size" -> "size") so filters match."""

    sku: Text = Field(min_length=1, max_length=100)
    options: dict[str, str] = Field(default_factory=dict)
    price: int = Field(ge=0, le=MAX_AMOUNT, description="Minor units of the product's currency.")
    stock: int = Field(ge=0, le=MAX_AMOUNT)

    @field_validator("options")
    @classmethod
    def _tidy_options(cls, options: dict[str, str]) -> dict[str, str]:
        tidy = {name.strip().lower(): value.strip() for name, value in options.items()}
        return {name: value for name, value in tidy.items() if name and value}


class CategoryLevel(_Record):
    """One level of a category path."""

    name_en: Text = Field(min_length=1, max_length=200)
    name_zh: Text | None = Field(default=None, max_length=200)

    @field_validator("name_en")
    @classmethod
    def _has_slug(cls, name: str) -> str:
        if not slugify(name):
            raise ValueError(f"category name {name!r} needs a letter or digit")
        return name


class ProductRecord(_Record):
    """A product as a file describes it.

    Fields a format leaves unset keep their stored value when the product is updated (so a
    CSV never clears a Chinese title set elsewhere).
    """

    external_id: Text = Field(min_length=1, max_length=100)
    title_en: Text = Field(min_length=1, max_length=500)
    title_zh: Text | None = Field(default=None, max_length=500)
    description_en: str = ""
    description_zh: str | None = None
    brand: Text | None = Field(default=None, max_length=100)
    category: list[CategoryLevel] = Field(default_factory=list, description="Root first.")
    image: Text | None = Field(default=None, max_length=500)
    rating: float | None = Field(default=None, ge=0, le=5)
    rating_count: int = Field(default=0, ge=0, le=MAX_AMOUNT)
    currency: Currency
    variants: list[VariantRecord] = Field(min_length=1)

    # SKUs are checked across the whole file and the database by the writer, not here, so
    # that a clash is reported on the line of the variant that causes it.
    @model_validator(mode="after")
    def _check_category_length(self) -> Self:
        slugs = self.category_slugs()
        if slugs and len(slugs[-1]) > _SLUG_MAX:
            raise ValueError(f"category path is too long (slug over {_SLUG_MAX} characters)")
        return self

    def category_slugs(self) -> list[str]:
        """Slug of each level of the category path, e.g. ["pc", "pc/keyboard"]."""
        slugs: list[str] = []
        for level in self.category:
            part = slugify(level.name_en)
            slugs.append(f"{slugs[-1]}/{part}" if slugs else part)
        return slugs


@dataclass(frozen=True)
class Entry:
    """A product record and where it came from: its line and each variant's line."""

    row: int
    record: ProductRecord
    variant_rows: tuple[int, ...]


@dataclass
class ParsedFile:
    """A reader's result: products to write, rows that are not products, and invalid rows."""

    entries: list[Entry] = field(default_factory=list)
    skipped: list[ImportIssue] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)

    def skip(self, row: int, reason: str) -> None:
        """Set a row aside that is legitimately not a product to sell."""
        self.skipped.append(ImportIssue(row=row, reason=reason))

    def reject(self, row: int, reason: str) -> None:
        """Record an invalid row."""
        self.errors.append(ImportIssue(row=row, reason=reason))


def describe_validation_error(exc: ValidationError, labels: Mapping[str, str] | None = None) -> str:
    """One readable line from a pydantic error, naming fields as the file does (`labels`)."""
    labels = labels or {}
    messages = []
    for error in exc.errors(include_url=False):
        where = ""
        for part in error["loc"]:
            where += f"[{part}]" if isinstance(part, int) else f".{labels.get(part, part)}"
        message = _MESSAGES.get(error["type"]) or error["msg"].removeprefix("Value error, ")
        messages.append(f"{where.lstrip('.')}: {message}" if where else message)
    return "; ".join(messages)
