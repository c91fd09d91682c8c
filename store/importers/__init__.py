"""Catalog import: WooCommerce product-export CSVs and shopagent JSON catalogs.

Each reader module turns one file into validated product records; `import_catalog` picks a
reader, checks the records against the database and writes them in one transaction.

One file is one transaction. Rows that are not products to sell (drafts, grouped or external
products, items without a price) are skipped with a reason. Invalid rows reject the whole file,
all of them listed with their line numbers, unless `skip_invalid` imports the valid rest.
Re-importing a file updates its products, matched by (seller, external_id).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from store.errors import ImportFailed
from store.importers.json_catalog import read_json_catalog
from store.importers.records import DEFAULT_STOCK, ParsedFile, check_currency
from store.importers.woocommerce import read_woocommerce
from store.importers.writer import drop_variants, find_sku_problems, write_entries
from store.options import CatalogFormat
from store.views import ImportIssue, ImportReport

__all__ = ["DEFAULT_CURRENCY", "DEFAULT_STOCK", "CatalogFormat", "import_catalog"]

DEFAULT_CURRENCY: dict[CatalogFormat, str] = {"woocommerce": "EUR", "json": "CNY"}
"""Currency when neither the caller nor the file names one. WooCommerce exports carry no
currency; the shops we import them from are European."""

_FORMAT_OF_SUFFIX: dict[str, CatalogFormat] = {".csv": "woocommerce", ".json": "json"}
_READERS: dict[CatalogFormat, Callable[..., ParsedFile]] = {
    "woocommerce": read_woocommerce,
    "json": read_json_catalog,
}
_SELLER_MAX = 100  # Product.seller


def import_catalog(
    session: Session,
    path: str | Path,
    *,
    fmt: CatalogFormat | None = None,
    seller: str | None = None,
    skip_invalid: bool = False,
    currency: str | None = None,
) -> ImportReport:
    """Import one catalog file in one transaction (committed here).

    Args:
        session: Session to write with; this function commits or rolls back.
        path: The file.
        fmt: "woocommerce" (CSV) or "json"; default from the extension (.csv, .json).
        seller: Seller of the products; default the file name without extension.
        skip_invalid: Import the valid rows and report the invalid ones as skipped, instead
            of rejecting the whole file.
        currency: Currency of the prices. WooCommerce files name none (default EUR); in JSON
            files the product's or the file's currency wins and this is the fallback (CNY).

    Returns:
        What was imported, updated and skipped; `committed` is False when invalid rows left
        the store unchanged (they are listed in `errors`, with 1-based line numbers).

    Raises:
        ImportFailed: if the file is missing, not of the format, or lacks required columns.
    """
    path = Path(path)
    fmt = fmt or _format_of(path)
    seller = _seller_name(seller if seller is not None else path.stem)
    try:
        currency = check_currency((currency or DEFAULT_CURRENCY[fmt]).strip().upper())
    except ValueError as exc:
        raise ImportFailed(f"currency {exc}") from None
    if not path.is_file():
        raise ImportFailed(f"{path} is not a file; check the path.")
    parsed = _READERS[fmt](path, seller=seller, currency=currency)
    try:
        problems = find_sku_problems(session, seller=seller, entries=parsed.entries)
        entries, emptied = drop_variants(parsed.entries, problems)
        invalid = [*parsed.errors, *(problem.issue for problem in problems), *emptied]
        report = ImportReport(
            path=str(path),
            seller=seller,
            committed=False,
            skipped=_by_row(parsed.skipped),
            errors=_by_row(invalid),
        )
        if invalid and not skip_invalid:
            session.rollback()
            return report
        imported, updated = write_entries(session, seller=seller, entries=entries)
        session.commit()
    except IntegrityError as exc:
        # Only a concurrent writer can break what was checked above (on PostgreSQL).
        session.rollback()
        raise ImportFailed(
            f"the store changed during the import of {path.name} (another "
            f"import at the same time?): {exc.orig}. Nothing was written; "
            "run the import again."
        ) from exc
    except BaseException:
        session.rollback()
        raise
    return report.model_copy(
        update={
            "imported": imported,
            "updated": updated,
            "skipped": _by_row([*parsed.skipped, *(_invalid(issue) for issue in invalid)]),
            "errors": [],
            "committed": True,
        }
    )


def _format_of(path: Path) -> CatalogFormat:
    try:
        return _FORMAT_OF_SUFFIX[path.suffix.lower()]
    except KeyError:
        raise ImportFailed(
            f"cannot tell the format of {path.name} from its extension; "
            "say --format woocommerce or --format json"
        ) from None


def _seller_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > _SELLER_MAX:
        raise ImportFailed(
            f"seller name {name!r} must have 1 to {_SELLER_MAX} characters; pass --seller NAME"
        )
    return name


def _invalid(issue: ImportIssue) -> ImportIssue:
    return issue.model_copy(update={"reason": f"invalid: {issue.reason}"})


def _by_row(issues: list[ImportIssue]) -> list[ImportIssue]:
    return sorted(issues, key=lambda issue: issue.row)
