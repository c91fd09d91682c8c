"""Build store/demo/catalog.json, the demo catalog that ships with shopagent.

Run from the repository root:  python scripts/build_demo_catalog.py

The product lines are data, written by hand in scripts/demo_catalog.yaml (English and
Simplified Chinese). This adds what a real shop would generate: variants (the product of the
option axes), SKUs, prices in minor units, stock and ratings. A fixed random seed makes the
output deterministic, so re-running it changes the JSON only when the YAML changes.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.demo.catalog import DemoCatalog  # noqa: E402  (the repository is on the path now)
from store.money import to_minor  # noqa: E402

SOURCE = ROOT / "scripts" / "demo_catalog.yaml"
OUTPUT = ROOT / "store" / "demo" / "catalog.json"
SEED = 20250101
OUT_OF_STOCK_SHARE = 0.08


class Line(BaseModel):
    """One product line, as written in the YAML."""

    model_config = ConfigDict(extra="forbid")

    brand: str
    name_en: str
    name_zh: str
    price: Decimal = Field(ge=0, description="Major units, of the cheapest variant.")
    desc_en: str
    desc_zh: str
    options: dict[str, list[str] | dict[str, Decimal]] = Field(
        default_factory=dict,
        description="Option axes: a list of values, or values with their extra price.",
    )
    sold_out: list[str] = Field(default_factory=list)
    available: bool = True

    def axes(self) -> list[tuple[str, list[tuple[str, Decimal]]]]:
        """Each option axis with (value, price difference) pairs."""
        return [
            (
                name,
                list(values.items())
                if isinstance(values, dict)
                else [(v, Decimal(0)) for v in values],
            )
            for name, values in self.options.items()
        ]


class Section(BaseModel):
    """A category and its product lines."""

    model_config = ConfigDict(extra="forbid")

    slug: str
    name_en: str
    name_zh: str
    brand_in_title: bool = True
    products: list[Line]


class Source(BaseModel):
    """The whole YAML file."""

    model_config = ConfigDict(extra="forbid")

    currency: str
    brands_zh: dict[str, str]
    categories: list[Section]


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by dashes ("Air Force 1 '07" -> "air-force-1-07")."""
    ascii_text = text.replace("ö", "o").replace("Ä", "A").replace("é", "e").replace("è", "e")
    ascii_text = ascii_text.replace("ô", "o").replace("á", "a").replace("·", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def variants(line: Line, slug: str, currency: str, rng: random.Random) -> list[dict[str, Any]]:
    """Every combination of the line's options, each its own SKU, price and stock."""
    axes = line.axes()
    result = []
    for combo in itertools.product(*(values for _, values in axes)):
        options = {name: value for (name, _), (value, _) in zip(axes, combo, strict=True)}
        sold_out = not line.available or any(value in line.sold_out for value in options.values())
        # Only some variants of a product run out at random; a whole product only on purpose.
        sold_out |= len(axes) > 0 and rng.random() < OUT_OF_STOCK_SHARE
        stock = 0 if sold_out else rng.randint(2, 240)
        price = line.price + sum((delta for _, delta in combo), Decimal(0))
        result.append(
            {
                "sku": "-".join([slug, *(slugify(value) for value in options.values())]),
                "options": options,
                "price": to_minor(price, currency),
                "stock": stock,
            }
        )
    return result


def product(section: Section, line: Line, source: Source, rng: random.Random) -> dict[str, Any]:
    """The JSON record of one product line."""
    brand_zh = source.brands_zh.get(line.brand, line.brand)
    title_en, title_zh = line.name_en, line.name_zh
    if section.brand_in_title:
        title_en, title_zh = f"{line.brand} {title_en}", f"{brand_zh} {title_zh}"
    slug = slugify(f"{line.brand} {line.name_en}")
    return {
        "slug": slug,
        "category": section.slug,
        "brand": line.brand,
        "title_en": title_en,
        "title_zh": title_zh,
        "description_en": line.desc_en,
        "description_zh": line.desc_zh,
        "rating": round(rng.triangular(3.5, 5.0, 4.7), 1),
        "rating_count": int(rng.lognormvariate(6.0, 1.5)) + 1,
        "variants": variants(line, slug, source.currency, rng),
    }


def build(path: Path = SOURCE) -> dict[str, Any]:
    """The whole catalog as JSON-ready data."""
    source = Source.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    rng = random.Random(SEED)
    return {
        "currency": source.currency,
        "categories": [
            {"slug": s.slug, "name_en": s.name_en, "name_zh": s.name_zh} for s in source.categories
        ],
        "products": [
            product(s, line, source, rng) for s in source.categories for line in s.products
        ],
    }


def dumps(data: dict[str, Any]) -> str:
    """JSON with one category or product per line: compact, yet diffs stay readable."""

    def rows(items: list[dict[str, Any]]) -> str:
        return ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)

    return (
        f'{{"currency": {json.dumps(data["currency"])},\n'
        f'"categories": [\n{rows(data["categories"])}\n],\n'
        f'"products": [\n{rows(data["products"])}\n]}}\n'
    )


def main() -> None:
    """Write the catalog, validated by the same schema the seeder loads it with."""
    data = build()
    DemoCatalog.model_validate(data)
    OUTPUT.write_text(dumps(data), encoding="utf-8")
    n_variants = sum(len(item["variants"]) for item in data["products"])
    sys.stdout.write(
        f"wrote {OUTPUT}: {len(data['categories'])} categories, "
        f"{len(data['products'])} products, {n_variants} variants\n"
    )


if __name__ == "__main__":
    main()
