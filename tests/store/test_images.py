"""Product pictures: drawn locally, valid PNGs, one look per category, cached on disk."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

import store.images
from store.catalog import get_product
from store.demo import seed_demo
from store.demo.catalog import load_catalog
from store.images import IMAGE_SIZE, product_image_path, render_product_image
from store.views import ProductDetail


def open_png(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_render_gives_a_square_png():
    image = open_png(render_product_image("Apple iPhone 16", category="Phones", brand="Apple"))

    assert image.format == "PNG" and image.size == (IMAGE_SIZE, IMAGE_SIZE)
    colors = image.convert("RGB").getcolors(maxcolors=IMAGE_SIZE * IMAGE_SIZE)
    assert colors is not None and len(colors) > 50  # a picture, not a flat colour


def test_every_demo_category_has_its_own_look():
    catalog = load_catalog()
    plain = render_product_image("Same title", brand="Brand")
    looks = {}
    for category in catalog.categories:
        for name in (category.name_en, category.name_zh, category.slug):
            looks[name] = render_product_image("Same title", category=name, brand="Brand")
            assert looks[name] != plain, f"{name} falls back to the generic picture"
    assert len({looks[c.name_en] for c in catalog.categories}) == len(catalog.categories)


@pytest.mark.parametrize(
    "title, brand", [("李宁 运动鞋", "李宁"), ("", None), ("A" * 300, "B" * 80)]
)
def test_awkward_text_still_renders(title, brand):
    assert open_png(render_product_image(title, category="鞋靴", brand=brand)).size == (320, 320)


def test_path_is_cached_under_the_store_home(monkeypatch):
    product = detail(title="Sony WH-1000XM5 Headphones", image="https://example.com/x.jpg")

    path = product_image_path(product)

    assert path.parent == store.images.get_settings().home / "images"
    assert open_png(path.read_bytes()).size == (IMAGE_SIZE, IMAGE_SIZE)
    written = path.stat().st_mtime_ns

    def fail(*args, **kwargs):
        raise AssertionError("rendered again instead of using the cached file")

    monkeypatch.setattr(store.images, "render_product_image", fail)
    assert product_image_path(product) == path and path.stat().st_mtime_ns == written
    assert not [p for p in path.parent.iterdir() if p.suffix != ".png"]  # no temporary files


def test_different_products_get_different_files():
    paths = {
        product_image_path(detail(title=t, brand=b, category=c))
        for t, b, c in [
            ("Tee", "Uniqlo", "Clothing"),
            ("Tee", "Nike", "Clothing"),
            ("Tee", "Uniqlo", "Shoes"),
            ("Tee 2", "Uniqlo", "Clothing"),
        ]
    }
    assert len(paths) == 4 and all(p.exists() for p in paths)


def test_a_seeded_product_gets_a_picture(session):
    seed_demo(session.get_bind())

    path = product_image_path(get_product(session, 1))

    assert path.exists() and os.path.getsize(path) > 1000


def detail(
    *, title: str, brand: str | None = None, category: str | None = None, image: str | None = None
) -> ProductDetail:
    return ProductDetail(
        id=1,
        title=title,
        description="",
        brand=brand,
        category=category,
        seller="test",
        currency="CNY",
        image=image,
        price=100,
        in_stock=True,
        option_names=[],
        variants=[],
    )
