"""Writing product records: SKU checks first, then inserts and updates in batches.

Nothing here commits: `import_catalog` owns the transaction, so a file is written whole or
not at all. Existing rows are loaded once per file, not once per product.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from store.importers.records import CategoryLevel, Entry, ProductRecord
from store.models import Category, Product, Variant
from store.views import ImportIssue

BATCH_SIZE = 500
"""Products per flush: big enough for multi-row INSERTs, small enough to keep memory flat."""

_IN_LIST_SIZE = 500  # parameters per IN (...) list, well under every backend's limit


@dataclass(frozen=True)
class SkuProblem:
    """A variant that cannot have its SKU: variant `variant` of `entries[entry]`."""

    entry: int
    variant: int
    issue: ImportIssue


def find_sku_problems(
    session: Session, *, seller: str, entries: Sequence[Entry]
) -> list[SkuProblem]:
    """Variants whose SKU is taken, earlier in the file or by another product in the store.

    SKUs are unique store-wide; a SKU may only stay with the product (seller, external_id)
    that already has it.
    """
    problems = []
    first_line: dict[str, int] = {}
    for e, entry in enumerate(entries):
        for v, (variant, row) in enumerate(
            zip(entry.record.variants, entry.variant_rows, strict=True)
        ):
            if variant.sku in first_line:
                reason = f"SKU {variant.sku} is also on line {first_line[variant.sku]}"
                problems.append(SkuProblem(e, v, ImportIssue(row=row, reason=reason)))
            else:
                first_line[variant.sku] = row
    owners = _sku_owners(session, list(first_line))
    for e, entry in enumerate(entries):
        for v, (variant, row) in enumerate(
            zip(entry.record.variants, entry.variant_rows, strict=True)
        ):
            owner = owners.get(variant.sku)
            if (
                owner
                and owner != (seller, entry.record.external_id)
                and first_line[variant.sku] == row
            ):
                reason = (
                    f"SKU {variant.sku} already belongs to product {owner[1]} of seller "
                    f"{owner[0]}; give this variant another SKU"
                )
                problems.append(SkuProblem(e, v, ImportIssue(row=row, reason=reason)))
    return problems


def drop_variants(
    entries: Sequence[Entry], problems: Iterable[SkuProblem]
) -> tuple[list[Entry], list[ImportIssue]]:
    """The entries without the given variants, and the products left with no variant."""
    bad: dict[int, set[int]] = defaultdict(set)
    for problem in problems:
        bad[problem.entry].add(problem.variant)
    kept, emptied = [], []
    for e, entry in enumerate(entries):
        keep = [v for v in range(len(entry.record.variants)) if v not in bad[e]]
        if len(keep) == len(entry.record.variants):
            kept.append(entry)
        elif keep:
            variants = [entry.record.variants[v] for v in keep]
            record = entry.record.model_copy(update={"variants": variants})
            kept.append(Entry(entry.row, record, tuple(entry.variant_rows[v] for v in keep)))
        elif entry.row not in entry.variant_rows:  # else its own line is reported already
            emptied.append(ImportIssue(row=entry.row, reason="no variant left to import"))
    return kept, emptied


def write_entries(session: Session, *, seller: str, entries: Sequence[Entry]) -> tuple[int, int]:
    """Insert new products and update known ones (by seller and external_id).

    Variants are matched by SKU; a variant that is no longer in the file keeps its row (carts
    and orders may point at it) with stock 0.

    Returns:
        (imported, updated): how many products were new and how many existed.
    """
    existing = {
        product.external_id: product
        for product in session.exec(select(Product).where(Product.seller == seller))
    }
    variants_of: dict[int, dict[str, Variant]] = defaultdict(dict)
    for variant in session.exec(select(Variant).join(Product).where(Product.seller == seller)):
        variants_of[variant.product_id][variant.sku] = variant
    category_ids = _ensure_categories(session, (entry.record for entry in entries))
    imported = updated = 0
    for start in range(0, len(entries), BATCH_SIZE):
        new: list[tuple[Product, ProductRecord]] = []
        for entry in entries[start : start + BATCH_SIZE]:
            fields = _product_fields(entry.record, category_ids)
            product = existing.get(entry.record.external_id)
            if product is None:
                product = Product(seller=seller, **fields)
                session.add(product)
                new.append((product, entry.record))
            else:
                for name, value in fields.items():
                    setattr(product, name, value)
                assert product.id is not None  # loaded from the database
                _update_variants(session, product.id, entry.record, variants_of[product.id])
                updated += 1
        session.flush()  # gives the new products their ids
        for product, record in new:
            assert product.id is not None  # flushed above
            session.add_all(
                Variant(product_id=product.id, **variant.model_dump())
                for variant in record.variants
            )
        imported += len(new)
        session.flush()
    return imported, updated


def _product_fields(record: ProductRecord, category_ids: dict[str, int]) -> dict[str, Any]:
    """Product columns from the record: only the fields its file gave."""
    fields = record.model_dump(exclude_unset=True, exclude={"variants", "category"})
    if "category" in record.model_fields_set:
        slugs = record.category_slugs()
        fields["category_id"] = category_ids[slugs[-1]] if slugs else None
    return fields


def _update_variants(
    session: Session, product_id: int, record: ProductRecord, current: dict[str, Variant]
) -> None:
    for wanted in record.variants:
        variant = current.get(wanted.sku)
        if variant is None:
            session.add(Variant(product_id=product_id, **wanted.model_dump()))
        else:
            variant.options, variant.price, variant.stock = (
                wanted.options,
                wanted.price,
                wanted.stock,
            )
    kept = {wanted.sku for wanted in record.variants}
    for sku, variant in current.items():
        if sku not in kept:
            variant.stock = 0


def _ensure_categories(session: Session, records: Iterable[ProductRecord]) -> dict[str, int]:
    """Create the categories of every path that does not exist yet; return slug -> id."""
    levels_by_depth: dict[int, dict[str, CategoryLevel]] = defaultdict(dict)
    for record in records:
        for depth, (slug, level) in enumerate(
            zip(record.category_slugs(), record.category, strict=True)
        ):
            levels_by_depth[depth].setdefault(slug, level)
    if not levels_by_depth:
        return {}
    by_slug = {category.slug: category for category in session.exec(select(Category))}
    for depth in sorted(levels_by_depth):  # parents first: children need their ids
        added = False
        for slug, level in levels_by_depth[depth].items():
            category = by_slug.get(slug)
            if category is None:
                parent = by_slug[slug.rpartition("/")[0]] if depth else None
                category = Category(
                    slug=slug,
                    name_en=level.name_en,
                    name_zh=level.name_zh,
                    parent_id=parent.id if parent else None,
                )
                session.add(category)
                by_slug[slug] = category
                added = True
            elif category.name_zh is None and level.name_zh:
                category.name_zh = level.name_zh
        if added:
            session.flush()
    return {slug: category.id for slug, category in by_slug.items() if category.id is not None}


def _sku_owners(session: Session, skus: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    """SKU -> (seller, external_id) of the product that has it, for SKUs in the store."""
    owners = {}
    for start in range(0, len(skus), _IN_LIST_SIZE):
        rows = session.exec(
            select(Variant.sku, Product.seller, Product.external_id)
            .join(Product)
            .where(col(Variant.sku).in_(skus[start : start + _IN_LIST_SIZE]))
        )
        owners.update({sku: (seller, external_id) for sku, seller, external_id in rows})
    return owners
