"""The shopagent JSON catalog format, documented in docs/catalog-json.md."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from store.errors import ImportFailed
from store.importers.records import (
    DEFAULT_STOCK,
    Currency,
    Entry,
    ParsedFile,
    ProductRecord,
    describe_validation_error,
)
from store.money import parse_money

_DOCS = "See docs/catalog-json.md for the format."
# Record fields under the names the JSON format gives them, for error messages.
_JSON_NAME_OF_FIELD = {"title_en": "title", "description_en": "description"}
# JSON fields copied to the record only when the file gives them, so that an update keeps
# what the file leaves out.
_OPTIONAL_FIELDS = {
    "title_zh": "title_zh",
    "description": "description_en",
    "description_zh": "description_zh",
    "brand": "brand",
    "image": "image",
    "rating": "rating",
    "rating_count": "rating_count",
}


def _price_as_text(value: object) -> object:
    # A JSON number is ambiguous (399 yuan or 399 fen?) and floats round: ask for text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f'write prices as text in major units, e.g. "{value}" not {value}')
    return value


Price = Annotated[str, BeforeValidator(_price_as_text)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class JsonVariant(_Strict):
    """A variant as written in the file."""

    sku: str = Field(min_length=1)
    options: dict[str, str] = Field(default_factory=dict)
    price: Price | None = None
    stock: int | None = Field(default=None, ge=0)


class JsonProduct(_Strict):
    """A product as written in the file."""

    external_id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    title_zh: str | None = None
    description: str = ""
    description_zh: str | None = None
    brand: str | None = None
    category: str | None = Field(default=None, description='A path: "Shoes > Running".')
    category_zh: str | None = Field(default=None, description='Same levels: "鞋 > 跑鞋".')
    currency: Currency | None = None
    price: Price | None = None
    stock: int | None = Field(default=None, ge=0)
    sku: str | None = None
    image: str | None = None
    rating: float | None = Field(default=None, ge=0, le=5)
    rating_count: int = Field(default=0, ge=0)
    variants: list[JsonVariant] = Field(default_factory=list)


class JsonCatalog(_Strict):
    """The whole file: an object with a product list and, optionally, their currency."""

    currency: Currency | None = None
    products: list[Any]


class _ProductError(ValueError):
    """A product that cannot be imported as written."""


def read_json_catalog(path: Path, *, seller: str, currency: str) -> ParsedFile:
    """Read a JSON catalog.

    Args:
        path: The JSON file.
        seller: Seller of the products; generated SKUs are "<seller>-<external_id>".
        currency: Currency of products when neither they nor the file name one.

    Raises:
        ImportFailed: if the file is not JSON or not shaped like a catalog.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ImportFailed(f"{path.name} is not UTF-8 text. {_DOCS}") from None
    except RecursionError:
        raise ImportFailed(
            f"{path.name} is nested too deeply to be a catalog (products hold variants, "
            f"nothing deeper). {_DOCS}"
        ) from None
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno} "
            f"column {exc.colno}. {_DOCS}"
        ) from None
    if not isinstance(data, dict):
        raise ImportFailed(f'{path.name} must hold an object with a "products" list. {_DOCS}')
    try:
        catalog = JsonCatalog.model_validate(data)
    except ValidationError as exc:
        raise ImportFailed(
            f"{path.name} is not a shopagent catalog: {describe_validation_error(exc)}. {_DOCS}"
        ) from None
    parsed = ParsedFile()
    line_of_id: dict[str, int] = {}
    for item, line in zip(catalog.products, _product_lines(text), strict=True):
        if not isinstance(item, dict):
            parsed.reject(line, f"a product is an object {{...}}, not {json.dumps(item)[:40]}")
            continue
        try:
            record = _record(
                JsonProduct.model_validate(item),
                seller=seller,
                currency=catalog.currency or currency,
            )
        except ValidationError as exc:
            parsed.reject(line, describe_validation_error(exc, _JSON_NAME_OF_FIELD))
            continue
        except _ProductError as exc:
            parsed.reject(line, str(exc))
            continue
        if record.external_id in line_of_id:
            parsed.reject(
                line,
                f"external_id {record.external_id!r} is also on line "
                f"{line_of_id[record.external_id]}",
            )
            continue
        line_of_id[record.external_id] = line
        parsed.entries.append(Entry(line, record, (line,) * len(record.variants)))
    return parsed


def _record(product: JsonProduct, *, seller: str, currency: str) -> ProductRecord:
    currency = product.currency or currency
    if product.variants and (product.sku is not None):
        raise _ProductError("sku: a product with variants has its SKUs on the variants")
    written = product.variants or [
        JsonVariant(sku=product.sku or f"{seller}-{product.external_id}")
    ]
    variants = []
    for index, variant in enumerate(written):
        where = f"variants[{index}].price" if product.variants else "price"
        text = variant.price or product.price
        if text is None:
            raise _ProductError(f"{where}: missing; give the product or the variant a price")
        try:
            price = parse_money(text, currency)
        except ValueError as exc:
            raise _ProductError(f"{where}: {exc}") from None
        stock = next((s for s in (variant.stock, product.stock) if s is not None), DEFAULT_STOCK)
        variants.append(
            {"sku": variant.sku, "options": variant.options, "price": price, "stock": stock}
        )
    fields: dict[str, Any] = {
        "external_id": product.external_id,
        "title_en": product.title,
        "currency": currency,
        "variants": variants,
    }
    for name in _OPTIONAL_FIELDS.keys() & product.model_fields_set:
        fields[_OPTIONAL_FIELDS[name]] = getattr(product, name)
    if "category" in product.model_fields_set:
        fields["category"] = _category_path(product.category, product.category_zh)
    return ProductRecord(**fields)


def _category_path(path: str | None, path_zh: str | None) -> list[dict[str, Any]]:
    names = [name.strip() for name in (path or "").split(">") if name.strip()]
    names_zh = [name.strip() for name in (path_zh or "").split(">") if name.strip()]
    if names_zh and len(names_zh) != len(names):
        raise _ProductError(
            f"category_zh has {len(names_zh)} levels but category has "
            f"{len(names)}; give one Chinese name per level"
        )
    return [
        {"name_en": name, "name_zh": names_zh[i] if names_zh else None}
        for i, name in enumerate(names)
    ]


_NOT_WHITESPACE = re.compile(r"[^ \t\n\r]")


def _product_lines(text: str) -> list[int]:
    """The line where each item of the top-level "products" array starts.

    `json` gives no positions, so walk the (already validated) text with raw_decode.
    """
    decoder = json.JSONDecoder()

    def skip(pos: int) -> int:
        match = _NOT_WHITESPACE.search(text, pos)
        return match.start() if match else len(text)

    def items(pos: int) -> list[int]:  # text[pos] == "["
        offsets: list[int] = []
        pos = skip(pos + 1)
        while text[pos] != "]":
            offsets.append(pos)
            _, pos = decoder.raw_decode(text, pos)
            pos = skip(pos)
            pos = skip(pos + 1) if text[pos] == "," else pos
        return offsets

    offsets: list[int] = []
    pos = skip(skip(0) + 1)  # past "{"
    while text[pos] != "}":
        key, pos = decoder.raw_decode(text, pos)
        pos = skip(skip(pos) + 1)  # past ":"
        if key == "products":
            offsets = items(pos)  # the last one wins, as in json.loads
        _, pos = decoder.raw_decode(text, pos)
        pos = skip(pos)
        pos = skip(pos + 1) if text[pos] == "," else pos
    lines, line, previous = [], 1, 0
    for offset in offsets:
        line += text.count("\n", previous, offset)
        lines.append(line)
        previous = offset
    return lines
