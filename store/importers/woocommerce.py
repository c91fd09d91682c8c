"""WooCommerce product-export CSV (WooCommerce admin: Products > Export).

A row is a product (`simple`), a product with options (`variable`) or one of its options
(`variation`, pointing at it through `Parent`). Variable products become one product whose
variants are their variations. Prices carry no currency; the caller says which.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from store.errors import ImportFailed
from store.importers.records import (
    DEFAULT_STOCK,
    Entry,
    ParsedFile,
    ProductRecord,
    VariantRecord,
    describe_validation_error,
)
from store.importers.text import html_to_text
from store.money import parse_money

REQUIRED_COLUMNS = ("ID", "Name", "Regular price")
PRODUCT_TYPES = ("simple", "variable", "variation", "grouped", "external")
_NOT_SOLD_HERE = {
    "grouped": "grouped product: a set of other products, which come from their own rows",
    "external": "external product: sold on another website",
}
_TYPE_FLAGS = {"virtual", "downloadable"}  # listed in Type beside the product type
_VISIBILITY = {
    "1": None,
    "": None,
    "0": "private (Published 0): hidden from shoppers",
    "-1": "draft (Published -1): not published",
}
# Labels for validation messages: the CSV column behind each record field.
_COLUMN_OF_FIELD = {
    "external_id": "ID",
    "title_en": "Name",
    "brand": "Brands",
    "image": "Images",
    "category": "Categories",
    "sku": "SKU",
}
_ATTRIBUTE_NAME = re.compile(r"Attribute (\d+) name")
# The exporter writes line breaks inside cells as a literal "\n" (sometimes escaped twice).
_WHOLE_NUMBER = re.compile(r"-?[0-9]+", re.ASCII)
_LITERAL_NEWLINE = re.compile(r"\\+n")
# Lists in a cell are comma separated; a comma inside a value is escaped as "\,".
_LIST_SEPARATOR = re.compile(r"(?<!\\),")
# The exporter guards cells that a spreadsheet would run as a formula with a leading quote.
_FORMULA_GUARD = re.compile(r"'(?=[=+\-@\t\r])")


class _RowError(ValueError):
    """A row that cannot be imported as it is; the message says why."""


@dataclass(frozen=True)
class _Row:
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


@dataclass
class _VariableProduct:
    """A variable product waiting for its variations."""

    row: _Row
    fields: dict[str, Any]
    stock: int
    variants: list[VariantRecord] = field(default_factory=list)
    variant_rows: list[int] = field(default_factory=list)


def read_woocommerce(path: Path, *, seller: str, currency: str) -> ParsedFile:
    """Read a WooCommerce product export.

    Args:
        path: The CSV file.
        seller: Seller of the products; generated SKUs are "<seller>-<ID>".
        currency: Currency of the prices in the file.

    Raises:
        ImportFailed: if the file is not UTF-8 CSV or lacks the columns of a product export.
    """
    parsed = ParsedFile()
    header, rows = _read_rows(path, parsed)
    reader = _Reader(parsed, header, seller=seller, currency=currency)
    variations: list[_Row] = []
    for row in rows:
        try:
            if reader.read_product(row) == "variation":
                variations.append(row)
        except _RowError as exc:
            reader.set_aside(row)
            parsed.reject(row.line, str(exc))
    for row in variations:  # after all rows: a variation may come before its product
        try:
            reader.read_variation(row)
        except _RowError as exc:
            parsed.reject(row.line, str(exc))
    reader.finish_variable_products()
    parsed.entries.sort(key=lambda entry: entry.row)
    return parsed


def _read_rows(path: Path, parsed: ParsedFile) -> tuple[list[str], list[_Row]]:
    """The header and the non-blank rows, each with the line it starts on."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file, strict=True)
            try:
                header = [name.strip() for name in next(reader)]
                rows = list(_rows(reader, header, parsed))
            except StopIteration:
                raise ImportFailed(f"{path.name} is empty; export the products again.") from None
            except csv.Error as exc:
                raise ImportFailed(
                    f"{path.name} line {reader.line_num} is not valid CSV ({exc}); "
                    "export the products again from WooCommerce."
                ) from None
    except UnicodeDecodeError:
        raise ImportFailed(
            f"{path.name} is not UTF-8 text; export it again as a WooCommerce CSV."
        ) from None
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        found = ", ".join(header[:6])[:200]
        raise ImportFailed(
            f"{path.name} lacks the column(s) {', '.join(missing)} of a WooCommerce product "
            f"export (its first line has: {found}). Export it from WooCommerce > Products > "
            "Export, or pass --format json for a JSON catalog."
        )
    return header, rows


def _rows(reader: Any, header: list[str], parsed: ParsedFile) -> Iterator[_Row]:
    last_line = reader.line_num
    for cells in reader:
        # line_num counts physical lines, so rows with multi-line cells keep true numbers.
        line, last_line = last_line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            parsed.reject(
                line,
                f"has {len(cells)} cells but the header has {len(header)}; "
                "check the quotes in this row",
            )
            continue
        yield _Row(
            line,
            {
                name: cell[1:] if _FORMULA_GUARD.match(cell) else cell
                for name, cell in zip(header, cells, strict=True)
            },
        )


class _Reader:
    """Turns rows into product records, remembering what variations will need."""

    def __init__(
        self, parsed: ParsedFile, header: list[str], *, seller: str, currency: str
    ) -> None:
        self.parsed = parsed
        self.seller = seller
        self.currency = currency
        self.attribute_columns = [
            (name, f"Attribute {match[1]} value(s)")
            for name in header
            if (match := _ATTRIBUTE_NAME.fullmatch(name))
        ]
        self.line_of_id: dict[str, int] = {}
        self.id_of_sku: dict[str, str] = {}
        self.variable: dict[str, _VariableProduct] = {}
        self.set_aside_ids: set[str] = set()  # rows skipped or rejected

    def set_aside(self, row: _Row) -> None:
        self.set_aside_ids.add(row.get("ID"))

    def read_product(self, row: _Row) -> str:
        """Read a simple or variable product; return the row's type."""
        product_id = row.get("ID")
        if not product_id:
            raise _RowError("ID is empty; every row of a WooCommerce export has one")
        if product_id in self.line_of_id:
            raise _RowError(f"ID {product_id} is also on line {self.line_of_id[product_id]}")
        self.line_of_id[product_id] = row.line
        if row.get("SKU"):
            self.id_of_sku.setdefault(row.get("SKU"), product_id)
        kind = _product_type(row)
        if kind == "variation":
            return kind
        reason = _NOT_SOLD_HERE.get(kind) or _visibility(row)
        if reason:
            self.set_aside(row)
            self.parsed.skip(row.line, reason)
            return kind
        fields = self._product_fields(row)
        stock = _stock(row)
        if kind == "variable":
            self.variable[product_id] = _VariableProduct(row, fields, stock)
            return kind
        price = _price(row, self.currency)
        if price is None:
            self.set_aside(row)
            self.parsed.skip(row.line, "no price: WooCommerce does not sell it either")
            return kind
        options = {
            name: values[0] for name, values in self._attributes(row).items() if len(values) == 1
        }
        variant = self._variant(row, options=options, price=price, stock=stock)
        self._add_entry(row, fields, [variant], [row.line])
        return kind

    def read_variation(self, row: _Row) -> None:
        reason = _visibility(row)
        if reason:
            self.parsed.skip(row.line, reason)
            return
        parent = self._parent(row)
        if parent is None:
            self.parsed.skip(row.line, "its variable product was not imported")
            return
        price = _price(row, self.currency)
        if price is None:
            self.parsed.skip(row.line, "no price: WooCommerce does not sell it either")
            return
        options = {name: ", ".join(values) for name, values in self._attributes(row).items()}
        stock = _stock(row, parent_stock=parent.stock)
        parent.variants.append(self._variant(row, options=options, price=price, stock=stock))
        parent.variant_rows.append(row.line)

    def finish_variable_products(self) -> None:
        for product in self.variable.values():
            if product.variants:
                self._add_entry(product.row, product.fields, product.variants, product.variant_rows)
            else:
                self.parsed.skip(
                    product.row.line,
                    "variable product without a variation to sell (published, with a price)",
                )

    def _parent(self, row: _Row) -> _VariableProduct | None:
        """The variable product of a variation; None if that product was set aside."""
        ref = row.get("Parent")
        if not ref:
            raise _RowError("variation without a Parent; say which variable product it is")
        key = ref[3:].strip() if ref.startswith("id:") else self.id_of_sku.get(ref, ref)
        if key in self.variable:
            return self.variable[key]
        if key in self.set_aside_ids:
            return None
        if key in self.line_of_id:
            raise _RowError(f"Parent {ref} (line {self.line_of_id[key]}) is not a variable product")
        raise _RowError(
            f"Parent {ref} is not in this file; export the variable product "
            "together with its variations"
        )

    def _product_fields(self, row: _Row) -> dict[str, Any]:
        title = html_to_text(row.get("Name"))
        if not title:
            raise _RowError("Name is empty")
        brand_attribute = self._attributes(row).get("brand", [])
        brand = _first(row.get("Brands")) or (brand_attribute[0] if brand_attribute else None)
        return {
            "external_id": row.get("ID"),
            "title_en": title,
            "description_en": _description(row),
            "brand": brand,
            "category": [{"name_en": name} for name in _category_path(row.get("Categories"))],
            "image": _first(row.get("Images")),
            "currency": self.currency,
        }

    def _attributes(self, row: _Row) -> dict[str, list[str]]:
        """Attribute name (lower case) -> its values, e.g. {"size": ["S", "M"]}."""
        attributes = {}
        for name_column, values_column in self.attribute_columns:
            name = row.get(name_column).lower()
            values = _split_list(row.get(values_column))
            if name and values:
                attributes[name] = values
        return attributes

    def _variant(
        self, row: _Row, *, options: dict[str, str], price: int, stock: int
    ) -> VariantRecord:
        sku = row.get("SKU") or f"{self.seller}-{row.get('ID')}"
        try:
            return VariantRecord(sku=sku, options=options, price=price, stock=stock)
        except ValidationError as exc:
            raise _RowError(describe_validation_error(exc, _COLUMN_OF_FIELD)) from None

    def _add_entry(
        self,
        row: _Row,
        fields: dict[str, Any],
        variants: list[VariantRecord],
        variant_rows: list[int],
    ) -> None:
        try:
            record = ProductRecord(**fields, variants=variants)
        except ValidationError as exc:
            self.set_aside(row)
            self.parsed.reject(row.line, describe_validation_error(exc, _COLUMN_OF_FIELD))
            return
        self.parsed.entries.append(Entry(row.line, record, tuple(variant_rows)))


def _product_type(row: _Row) -> str:
    words = {word.strip().lower() for word in row.get("Type").split(",")} - _TYPE_FLAGS - {""}
    if not words:
        return "simple"
    kind = words.pop()
    if words or kind not in PRODUCT_TYPES:
        raise _RowError(f"Type {row.get('Type')!r} is not one of {', '.join(PRODUCT_TYPES)}")
    return kind


def _visibility(row: _Row) -> str | None:
    """Why a published-state keeps the row from shoppers, or None if it is published."""
    published = row.get("Published")
    if published not in _VISIBILITY:
        raise _RowError(f"Published is {published!r}; it must be 1, 0 or -1")
    return _VISIBILITY[published]


def _price(row: _Row, currency: str) -> int | None:
    """The price to charge in minor units: the sale price when set, else the regular one."""
    prices = {}
    for column in ("Sale price", "Regular price"):
        if text := row.get(column):
            try:
                prices[column] = parse_money(text, currency)
            except ValueError as exc:
                raise _RowError(f"{column}: {exc}") from None
    return prices.get("Sale price", prices.get("Regular price"))


def _stock(row: _Row, *, parent_stock: int | None = None) -> int:
    """Units in stock. Out of stock is 0; in stock without a count is DEFAULT_STOCK."""
    status = row.get("In stock?").lower()
    if status not in ("", "1", "0", "backorder"):
        raise _RowError(f"In stock? is {status!r}; it must be 1, 0 or backorder")
    if status == "0":
        return 0
    text = row.get("Stock")
    if not text:
        return DEFAULT_STOCK
    if text == "parent":  # the variation shares its product's stock
        return DEFAULT_STOCK if parent_stock is None else parent_stock
    if not _WHOLE_NUMBER.fullmatch(text):  # int() would take "١٢" or " 1_000 "
        raise _RowError(f"Stock {text!r} is not a whole number written with digits 0-9")
    count = int(text)
    if status == "backorder" and count <= 0:
        return DEFAULT_STOCK  # still taking orders
    return max(count, 0)


def _description(row: _Row) -> str:
    parts = []
    for column in ("Short description", "Description"):
        text = html_to_text(_LITERAL_NEWLINE.sub("\n", row.get(column)))
        if text and text not in parts:
            parts.append(text)
    return "\n\n".join(parts)


def _split_list(cell: str) -> list[str]:
    values = (value.strip().replace("\\,", ",") for value in _LIST_SEPARATOR.split(cell))
    return [value for value in values if value]


def _first(cell: str) -> str | None:
    values = _split_list(cell)
    return values[0] if values else None


def _category_path(cell: str) -> list[str]:
    """The most specific of the row's categories, as a path: "A > B, C" -> ["A", "B"]."""
    paths = [
        [name for part in path.split(">") if (name := html_to_text(part))]
        for path in _split_list(cell)
    ]
    return max(paths, key=len, default=[])
