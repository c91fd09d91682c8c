from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from store.errors import ImportFailed
from store.importers import import_catalog
from store.importers.text import html_to_text, slugify
from store.models import Category, Product, Variant

DATA = Path(__file__).parents[1] / "data" / "catalog"
DOCS = Path(__file__).parents[2] / "docs" / "catalog-json.md"


def table_counts(session: Session) -> dict[str, int]:
    return {
        model.__name__: session.exec(select(func.count()).select_from(model)).one()
        for model in (Product, Variant, Category)
    }


def find_product(session: Session, seller: str, external_id: str) -> Product:
    return session.exec(
        select(Product).where(Product.seller == seller, Product.external_id == external_id)
    ).one()


def variants_of(session: Session, product: Product) -> list[Variant]:
    return list(
        session.exec(select(Variant).where(Variant.product_id == product.id).order_by(Variant.sku))
    )


def category_path(session: Session, category_id: int | None) -> list[str]:
    names = []
    while category_id is not None:
        category = session.get(Category, category_id)
        assert category is not None
        names.insert(0, category.name_en)
        category_id = category.parent_id
    return names


def copy_data(name: str, tmp_path: Path, as_name: str | None = None) -> Path:
    target = tmp_path / (as_name or name)
    shutil.copy(DATA / name, target)
    return target


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- WooCommerce --------------------------------------------------------------------------------


def test_woocommerce_export_imports_simple_products(session: Session) -> None:
    report = import_catalog(session, DATA / "woo_shop.csv")

    assert report.committed and report.errors == []
    assert report.seller == "woo_shop"  # the file name
    assert (report.imported, report.updated) == (6, 0)
    keyboard = find_product(session, "woo_shop", "101")
    assert keyboard.title_en == "Trust TK-350 Wireless Keyboard & Mouse"
    assert keyboard.description_en == "Silent keys & 13 media keys.\n\nSpill-proof"
    assert keyboard.brand == "Trust"
    assert keyboard.image == "https://example.com/tk350.jpg"
    assert keyboard.currency == "EUR"
    [variant] = variants_of(session, keyboard)
    assert (variant.sku, variant.price, variant.stock) == ("woo_shop-101", 3999, 100)


def test_prices_with_decimal_comma_or_dot_and_sale_price_winning(session: Session) -> None:
    import_catalog(session, DATA / "woo_shop.csv")

    def price(external_id: str) -> int:
        [variant] = variants_of(session, find_product(session, "woo_shop", external_id))
        return variant.price

    assert price("101") == 3999  # "39,99"
    assert price("102") == 129900  # "1.299,00"
    assert price("103") == 2550  # sale "25.5" beats regular "59.9"


def test_stock_options_and_html_lists(session: Session) -> None:
    import_catalog(session, DATA / "woo_shop.csv")

    [psu] = variants_of(session, find_product(session, "woo_shop", "102"))
    assert (psu.sku, psu.stock) == ("PSU-THOR", 7)
    [mouse] = variants_of(session, find_product(session, "woo_shop", "108"))
    assert mouse.stock == 0  # In stock? 0
    [memory] = variants_of(session, find_product(session, "woo_shop", "103"))
    assert memory.options == {"memory": "8GB"}  # "Green, Blue" is not one option value
    monitor = find_product(session, "woo_shop", "109")
    assert monitor.description_en == "27 inch\n\n144 Hz"
    assert find_product(session, "woo_shop", "102").description_en == (
        "Quiet PSU\n\n80+ Platinum \u2013 fully modular"
    )


def test_category_paths_create_every_level_and_product_gets_the_leaf(session: Session) -> None:
    import_catalog(session, DATA / "woo_shop.csv")

    keyboard = find_product(session, "woo_shop", "101")
    assert category_path(session, keyboard.category_id) == ["Peripherals", "Keyboard", "Trust"]
    leaf = session.get(Category, keyboard.category_id)
    assert leaf is not None and leaf.slug == "peripherals/keyboard/trust"
    # "Sale, Power Supply > Asus": the most specific path wins
    psu = find_product(session, "woo_shop", "102")
    assert category_path(session, psu.category_id) == ["Power Supply", "Asus"]
    mouse = find_product(session, "woo_shop", "108")
    mouse_category = session.get(Category, mouse.category_id)
    assert mouse_category is not None and leaf.parent_id is not None
    # Keyboard and Mouse share the one "Peripherals" category
    keyboard_level = session.get(Category, leaf.parent_id)
    assert keyboard_level is not None and mouse_category.parent_id == keyboard_level.parent_id
    slugs = set(session.exec(select(Category.slug)))
    assert {"peripherals", "peripherals/mouse", "power-supply/asus", "clothing/t-shirts"} <= slugs


def test_variable_product_and_its_variations_become_one_product(session: Session) -> None:
    import_catalog(session, DATA / "woo_shop.csv")

    shirt = find_product(session, "woo_shop", "200")
    assert shirt.title_en == "Logo T-shirt"
    assert category_path(session, shirt.category_id) == ["Clothing", "T-shirts"]
    small, medium = variants_of(session, shirt)
    assert (small.sku, small.options, small.price, small.stock) == (
        "TSHIRT-S",
        {"size": "S", "color": "Red"},
        1500,
        5,
    )
    # Parent given by SKU; sale price; stock "parent" takes the variable product's 12
    assert (medium.sku, medium.options, medium.price, medium.stock) == (
        "woo_shop-202",
        {"size": "M", "color": "Red"},
        1450,
        12,
    )
    titles = set(session.exec(select(Product.title_en)))
    assert not titles & {"Logo T-shirt - S", "Logo T-shirt - M"}


def test_rows_that_are_not_products_are_skipped_with_line_and_reason(session: Session) -> None:
    report = import_catalog(session, DATA / "woo_shop.csv")

    reasons = {issue.row: issue.reason for issue in report.skipped}
    assert sorted(reasons) == [5, 6, 7, 8, 16, 17]
    assert "private" in reasons[5]
    assert "draft" in reasons[6] and "draft" in reasons[16]  # 16: a draft variation
    assert "grouped" in reasons[7]
    assert "external" in reasons[8]
    assert "no price" in reasons[17]
    titles = set(session.exec(select(Product.title_en)))
    assert not titles & {
        "Gift card",
        "Draft thing",
        "Keyboard bundle",
        "Affiliate monitor",
        "No price widget",
    }


def test_reimport_updates_products_instead_of_duplicating(session: Session, tmp_path: Path) -> None:
    path = copy_data("woo_shop.csv", tmp_path)
    import_catalog(session, path)
    keyboard_id = find_product(session, "woo_shop", "101").id
    keyboard = find_product(session, "woo_shop", "101")
    keyboard.title_zh = "无线键盘"  # set elsewhere; a CSV has no Chinese title to overwrite it
    session.add(keyboard)
    session.commit()
    before = table_counts(session)

    text = path.read_text(encoding="utf-8")
    text = text.replace('"39,99"', '"35,00"')  # keyboard price
    text = re.sub(r"^201,variation.*\n", "", text, flags=re.MULTILINE)  # variation S left
    path.write_text(text, encoding="utf-8")
    report = import_catalog(session, path)

    assert report.committed
    assert (report.imported, report.updated) == (0, 6)
    assert table_counts(session) == before
    keyboard = find_product(session, "woo_shop", "101")
    assert keyboard.id == keyboard_id
    assert keyboard.title_zh == "无线键盘"
    assert [v.price for v in variants_of(session, keyboard)] == [3500]
    small, medium = variants_of(session, find_product(session, "woo_shop", "200"))
    assert (small.sku, small.stock) == ("TSHIRT-S", 0)  # kept for old orders, not for sale
    assert (medium.sku, medium.stock) == ("woo_shop-202", 12)


def test_same_file_under_two_sellers_makes_two_catalogs(session: Session) -> None:
    import_catalog(session, DATA / "woo_broken.csv", skip_invalid=True)
    import_catalog(session, DATA / "woo_broken.csv", seller="other", skip_invalid=True)

    sellers = session.exec(select(Product.seller, func.count()).group_by(Product.seller)).all()
    assert sorted(sellers) == [("other", 3), ("woo_broken", 3)]


def test_invalid_rows_reject_the_whole_file_and_list_every_line(session: Session) -> None:
    import_catalog(session, DATA / "woo_shop.csv")
    before = table_counts(session)

    report = import_catalog(session, DATA / "woo_broken.csv")

    assert not report.committed
    assert (report.imported, report.updated) == (0, 0)
    reasons = {issue.row: issue.reason for issue in report.errors}
    # lines 3 and 9 are rows with multi-line cells: the numbers after them stay true
    assert sorted(reasons) == [5, 6, 7, 8, 12]
    assert "12,3x" in reasons[5]
    assert "Name is empty" in reasons[6]
    assert "id:999" in reasons[7] and "not in this file" in reasons[7]
    assert "many" in reasons[8]
    assert "13 cells" in reasons[12]
    assert table_counts(session) == before
    assert session.exec(select(Product).where(Product.seller == "woo_broken")).all() == []


def test_skip_invalid_imports_the_valid_rows(session: Session) -> None:
    report = import_catalog(session, DATA / "woo_broken.csv", skip_invalid=True)

    assert report.committed and report.errors == []
    assert report.imported == 3
    assert [issue.row for issue in report.skipped] == [5, 6, 7, 8, 12]
    assert all(issue.reason.startswith("invalid: ") for issue in report.skipped)
    ids = set(session.exec(select(Product.external_id).where(Product.seller == "woo_broken")))
    assert ids == {"301", "302", "307"}
    assert find_product(session, "woo_broken", "307").description_en == ("Three\nparagraph\nlines")


def test_line_numbers_with_windows_line_ends(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(
        b"\xef\xbb\xbfID,Name,Description,Regular price\r\n"
        b'1,Lamp,"Warm\r\nlight",12\r\n'
        b"2,Desk,,twelve\r\n"
    )
    report = import_catalog(session, path)
    assert [(issue.row, issue.reason) for issue in report.errors] == [
        (4, "Regular price: not a price: 'twelve'")
    ]


def test_variation_problems_are_reported_on_their_own_line(
    session: Session, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "shirts.csv",
        (
            "ID,Type,SKU,Name,Regular price,Parent,Attribute 1 name,Attribute 1 value(s)\n"
            '1,variable,,Shirt,,,Size,"S, M"\n'
            "2,variation,,Shirt - S,9.99,id:1,Size,S\n"
            "3,variation,,Shirt - M,9.9.9,id:1,Size,M\n"
            "4,simple,,Mug,5,,,\n"
            "5,variation,,Mug - big,6,id:4,,\n"
        ),
    )
    report = import_catalog(session, path)
    assert {issue.row for issue in report.errors} == {4, 6}
    assert "not a variable product" in report.errors[1].reason

    report = import_catalog(session, path, skip_invalid=True)
    assert report.committed and report.imported == 2
    [small] = variants_of(session, find_product(session, "shirts", "1"))
    assert (small.options, small.price) == ({"size": "S"}, 999)


def test_variable_product_without_sellable_variation_is_skipped(
    session: Session, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "drafts.csv",
        (
            "ID,Type,Name,Published,Regular price,Parent\n"
            "1,variable,Shirt,1,,\n"
            "2,variation,Shirt - S,-1,9.99,id:1\n"
            "3,variable,Cap,-1,,\n"
            "4,variation,Cap - S,1,5.00,id:3\n"
        ),
    )
    report = import_catalog(session, path)
    assert report.committed and report.imported == 0
    assert [issue.row for issue in report.skipped] == [2, 3, 4, 5]
    assert "without a variation" in report.skipped[0].reason
    assert "was not imported" in report.skipped[3].reason


def test_sku_taken_by_another_seller_is_an_invalid_row(session: Session, tmp_path: Path) -> None:
    first = write(tmp_path, "first.csv", "ID,SKU,Name,Regular price\n1,ABC,Cable,3\n")
    second = write(
        tmp_path,
        "second.csv",
        "ID,SKU,Name,Regular price\n1,XYZ,Plug,2\n2,ABC,Cable clone,3\n3,XYZ,Dup,1\n",
    )
    import_catalog(session, first)

    report = import_catalog(session, second)

    assert not report.committed
    reasons = {issue.row: issue.reason for issue in report.errors}
    assert sorted(reasons) == [3, 4]
    assert "ABC" in reasons[3] and "first" in reasons[3]
    assert "also on line 2" in reasons[4]
    assert table_counts(session)["Product"] == 1


def test_currency_option_and_zero_decimal_currency(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path, "yen.csv", "ID,Name,Regular price\n1,Teapot,1200\n")
    import_catalog(session, path, currency="jpy")
    teapot = find_product(session, "yen", "1")
    assert teapot.currency == "JPY"
    assert [v.price for v in variants_of(session, teapot)] == [1200]


def test_formula_guard_and_escaped_commas_are_undone(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "guard.csv",
        (
            "ID,Name,Published,Regular price,Categories\n"
            "1,'-20% Deal,1,'+5,\"Cables\\, Plugs > USB\"\n"
            "2,Old deal,'-1,3,\n"
        ),
    )
    report = import_catalog(session, path)
    assert report.committed, report.errors
    assert [(issue.row, issue.reason[:5]) for issue in report.skipped] == [(3, "draft")]
    deal = find_product(session, "guard", "1")
    assert deal.title_en == "-20% Deal"
    assert category_path(session, deal.category_id) == ["Cables, Plugs", "USB"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe binary", "not UTF-8"),
        (b"name,price\nShoe,3\n", "lacks the column(s) ID, Name, Regular price"),
        (b'ID,Name,Regular price\n1,"Open quote,3\n', "not valid CSV"),
    ],
)
def test_files_that_are_not_product_exports_raise(
    session: Session, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as caught:
        import_catalog(session, path)
    assert message in caught.value.message
    assert table_counts(session)["Product"] == 0


def test_unknown_extension_and_missing_file_raise(session: Session, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="--format"):
        import_catalog(session, write(tmp_path, "catalog.txt", "ID,Name,Regular price\n"))
    with pytest.raises(ImportFailed, match="not a file"):
        import_catalog(session, tmp_path / "missing.csv")
    with pytest.raises(ImportFailed, match="'EURO' is not a currency code"):
        import_catalog(session, DATA / "woo_shop.csv", currency="EURO")
    report = import_catalog(
        session, write(tmp_path, "catalog.txt", "ID,Name,Regular price\n"), fmt="woocommerce"
    )
    assert report.committed and report.imported == 0


# --- JSON -------------------------------------------------------------------------------------


def test_json_catalog_imports_products_variants_and_translations(session: Session) -> None:
    report = import_catalog(session, DATA / "shop.json")

    assert report.committed and report.errors == [] and report.imported == 2
    shoe = find_product(session, "shop", "run-001")
    assert (shoe.title_en, shoe.title_zh, shoe.brand) == (
        "Trail running shoe",
        "越野跑鞋",
        "Li-Ning",
    )
    assert (shoe.description_zh, shoe.rating, shoe.rating_count) == ("湿滑山路也抓地。", 4.6, 120)
    assert shoe.currency == "CNY"
    category = session.get(Category, shoe.category_id)
    assert category is not None
    assert (category.slug, category.name_en, category.name_zh) == (
        "shoes/running",
        "Running",
        "跑鞋",
    )
    small, large = variants_of(session, shoe)
    assert (small.sku, small.options, small.price, small.stock) == (
        "RUN-001-41",
        {"size": "41"},
        39900,
        3,
    )
    assert (large.sku, large.options, large.price, large.stock) == (
        "RUN-001-42",
        {"size": "42"},
        42900,
        0,
    )
    mug = find_product(session, "shop", "7")
    assert mug.currency == "USD"
    [cup] = variants_of(session, mug)
    assert (cup.sku, cup.price, cup.stock) == ("shop-7", 1250, 100)


def test_json_invalid_products_are_listed_by_line(session: Session) -> None:
    report = import_catalog(session, DATA / "broken.json")

    assert not report.committed
    reasons = {issue.row: issue.reason for issue in report.errors}
    assert sorted(reasons) == [4, 5, 6, 11, 12, 14, 16]
    assert "write prices as text" in reasons[4]
    assert reasons[5] == "title: required"
    assert reasons[6] == "prise: unknown field"
    assert "also on line 3" in reasons[11]
    assert "category_zh" in reasons[12]
    assert "variants[0].price" in reasons[14]
    assert "object" in reasons[16]
    assert table_counts(session)["Product"] == 0

    report = import_catalog(session, DATA / "broken.json", skip_invalid=True)
    assert report.committed and report.imported == 2
    [ok] = variants_of(session, find_product(session, "broken", "ok-2"))
    assert (ok.price, ok.stock) == (150, 4)


def test_json_reimport_keeps_fields_the_file_leaves_out(session: Session, tmp_path: Path) -> None:
    path = copy_data("shop.json", tmp_path)
    import_catalog(session, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    shoe = data["products"][0]
    del shoe["title_zh"]
    shoe["brand"] = None
    shoe["price"] = "389.00"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    report = import_catalog(session, path)

    assert (report.imported, report.updated) == (0, 2)
    product = find_product(session, "shop", "run-001")
    assert (product.title_zh, product.brand) == ("越野跑鞋", None)
    assert [v.price for v in variants_of(session, product)] == [38900, 42900]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"products": [}', "not valid JSON"),
        ('[{"external_id": "a"}]', 'object with a "products" list'),
        ('{"items": []}', "products: required"),
        ('{"products": [], "currency": "EURO"}', "currency"),
    ],
)
def test_json_files_that_are_not_catalogs_raise(
    session: Session, tmp_path: Path, content: str, message: str
) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_catalog(session, write(tmp_path, "catalog.json", content))
    assert message in caught.value.message


def test_documented_json_example_imports(session: Session, tmp_path: Path) -> None:
    example = re.search(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert example is not None
    report = import_catalog(session, write(tmp_path, "example.json", example[1]))
    assert report.committed and report.imported == 2 and report.errors == []


# --- text -------------------------------------------------------------------------------------


def test_html_to_text() -> None:
    assert html_to_text("<p>Fast &amp; quiet</p><p>Delta E &lt; 2</p>") == (
        "Fast & quiet\n\nDelta E < 2"
    )
    assert html_to_text("Heatsink &amp;amp; Fan") == "Heatsink & Fan"  # escaped twice
    assert html_to_text("a&amp;lt;br /&amp;gt;b") == "a\nb"
    assert html_to_text("<script>alert(1)</script>Safe<style>p{}</style>") == "Safe"
    assert html_to_text("one<br>two<br/>three") == "one\ntwo\nthree"
    assert html_to_text("  lots   of\u00a0 space  ") == "lots of space"
    assert html_to_text("THD <0.05% and <= 10 m") == "THD <0.05% and <= 10 m"
    assert html_to_text("<ul><li>a</li><li>b</li></ul>") == "a\n\nb"
    assert html_to_text("&lt;b&gt;Bold&lt;/b&gt; at &lt;0.5W") == "Bold at <0.5W"


def test_slugify_keeps_words_of_any_script() -> None:
    assert slugify("Power Supply") == "power-supply"
    assert slugify("T-shirts & Tops") == "t-shirts-tops"
    assert slugify("跑鞋") == "跑鞋"
    assert slugify(" -- ") == ""


# --- with the search index ----------------------------------------------------------------------


def test_imported_products_are_searchable_and_rejected_files_are_not(
    session: Session, tmp_path: Path
) -> None:
    from store.search import search_products
    from store.views import SearchFilters

    path = copy_data("woo_shop.csv", tmp_path)
    import_catalog(session, path)
    import_catalog(session, DATA / "woo_broken.csv")  # rejected: nothing written

    [hit] = search_products(session, "wireless keyboard")
    assert (hit.external_id, hit.seller, hit.price, hit.currency) == (
        "101",
        "woo_shop",
        3999,
        "EUR",
    )
    shirts = search_products(session, "", filters=SearchFilters(options={"size": "M"}))
    assert [(shirt.external_id, shirt.price) for shirt in shirts] == [("200", 1450)]
    assert search_products(session, "headset") == []  # only in the rejected file

    path.write_text(
        path.read_text(encoding="utf-8").replace('"39,99"', '"35,00"'), encoding="utf-8"
    )
    import_catalog(session, path)
    [hit] = search_products(session, "wireless keyboard")
    assert hit.price == 3500
