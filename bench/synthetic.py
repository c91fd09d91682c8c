"""A deterministic synthetic catalog: realistic titles with brands, categories and variants."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert

from store.models import Category, Product, Variant, utcnow

_NOW = utcnow()


@dataclass(frozen=True)
class Kind:
    """A leaf category and how its products are named and varied."""

    slug: str
    name_en: str
    name_zh: str
    parent: str
    nouns: tuple[str, ...]
    noun_zh: str
    brands: tuple[str, ...]
    features: tuple[str, ...]
    options: dict[str, tuple[str, ...]]
    price_range: tuple[int, int]  # major units


PARENTS = {
    "audio": ("Audio", "音频"),
    "computing": ("Computing", "电脑"),
    "phones": ("Phones", "手机"),
    "shoes": ("Shoes", "鞋"),
    "clothing": ("Clothing", "服装"),
    "home": ("Home", "家居"),
}

COLORS = ("Black", "White", "Silver", "Blue", "Red", "Green", "Grey")

KINDS = (
    Kind(
        "headphones",
        "Headphones",
        "耳机",
        "audio",
        ("Headphones", "Over-Ear Headphones"),
        "头戴式耳机",
        ("Sony", "Bose", "Sennheiser", "JBL", "Audio-Technica", "Beyerdynamic", "Anker"),
        ("Wireless", "Noise Cancelling", "Bluetooth 5.3", "Hi-Res", "Foldable", "40h Battery"),
        {"color": COLORS[:4]},
        (30, 450),
    ),
    Kind(
        "earbuds",
        "Earbuds",
        "蓝牙耳机",
        "audio",
        ("Earbuds", "True Wireless Earbuds", "In-Ear Earphones"),
        "无线蓝牙耳机",
        ("Sony", "Apple", "Samsung", "Xiaomi", "Huawei", "Anker", "JBL", "Jabra"),
        ("Wireless", "ANC", "IPX5 Waterproof", "Bluetooth 5.3", "Low Latency", "Wireless Charging"),
        {"color": COLORS[:3]},
        (15, 300),
    ),
    Kind(
        "speakers",
        "Speakers",
        "音箱",
        "audio",
        ("Bluetooth Speaker", "Portable Speaker", "Soundbar"),
        "蓝牙音箱",
        ("JBL", "Bose", "Sony", "Marshall", "Xiaomi", "Anker"),
        ("Waterproof", "Stereo", "Bass Boost", "20W", "Party Mode"),
        {"color": COLORS[:5]},
        (20, 600),
    ),
    Kind(
        "ssd",
        "SSD",
        "固态硬盘",
        "computing",
        ("NVMe SSD", "M.2 SSD", "SATA SSD", "Portable SSD"),
        "固态硬盘",
        ("Samsung", "Crucial", "Kingston", "WD", "Seagate", "Corsair", "Adata", "Team"),
        ("PCIe4", "PCIe 5.0", "M.2 2280", "R/W 7000/6500 MB/s", "3D NAND", "Heatsink"),
        {"capacity": ("500GB", "1TB", "2TB", "4TB")},
        (30, 400),
    ),
    Kind(
        "gpu",
        "Graphics Cards",
        "显卡",
        "computing",
        ("Graphics Card", "GPU"),
        "显卡",
        ("Asus", "MSI", "Gigabyte", "Zotac", "Palit", "PNY", "Sapphire"),
        (
            "RTX 4070",
            "RTX 4060 Ti",
            "RTX 4090",
            "RX 7800 XT",
            "RTX 3050",
            "12GB GDDR6X",
            "OC Edition",
        ),
        {},
        (200, 2000),
    ),
    Kind(
        "cpu",
        "Processors",
        "处理器",
        "computing",
        ("Processor", "CPU", "Desktop Processor"),
        "处理器",
        ("AMD", "Intel"),
        (
            "Ryzen 9 5900X",
            "Ryzen 7 7800X3D",
            "Core i7-14700K",
            "Core i5-13400F",
            "12-Core",
            "AM5",
            "LGA1700",
        ),
        {},
        (100, 700),
    ),
    Kind(
        "memory",
        "Memory",
        "内存",
        "computing",
        ("RAM Kit", "Desktop Memory", "DDR5 Memory"),
        "内存条",
        ("Corsair", "Kingston", "G.Skill", "Crucial", "Team", "Patriot"),
        ("DDR5-6000", "DDR4-3200", "CL30", "RGB", "XMP 3.0", "2x16GB", "32GB Kit"),
        {"capacity": ("16GB", "32GB", "64GB")},
        (40, 350),
    ),
    Kind(
        "keyboards",
        "Keyboards",
        "键盘",
        "computing",
        ("Mechanical Keyboard", "Wireless Keyboard", "Gaming Keyboard"),
        "机械键盘",
        ("Logitech", "Razer", "Corsair", "Keychron", "Asus", "SteelSeries"),
        ("RGB", "Hot-Swappable", "Red Switches", "Brown Switches", "TKL", "65%", "Wireless"),
        {"color": ("Black", "White")},
        (25, 250),
    ),
    Kind(
        "monitors",
        "Monitors",
        "显示器",
        "computing",
        ("Gaming Monitor", "Monitor", "Curved Monitor"),
        "显示器",
        ("LG", "Samsung", "Dell", "Asus", "AOC", "BenQ", "MSI"),
        ('27"', '32"', "144Hz", "165Hz", "4K UHD", "IPS", "1ms", "FreeSync"),
        {},
        (120, 1200),
    ),
    Kind(
        "smartphones",
        "Smartphones",
        "智能手机",
        "phones",
        ("Smartphone", "5G Smartphone"),
        "智能手机",
        ("Samsung", "Apple", "Xiaomi", "Huawei", "Oppo", "Vivo", "Google"),
        (
            "Galaxy A35",
            "Galaxy S24",
            "iPhone 15",
            "Redmi Note 13",
            "Pixel 8",
            "Dual SIM",
            "128GB",
            "256GB",
        ),
        {"color": COLORS[:4], "storage": ("128GB", "256GB", "512GB")},
        (150, 1400),
    ),
    Kind(
        "phone-cases",
        "Phone Cases",
        "手机壳",
        "phones",
        ("Phone Case", "Silicone Case", "Clear Case"),
        "手机壳",
        ("Spigen", "OtterBox", "Apple", "Samsung", "ESR"),
        ("Shockproof", "MagSafe", "Slim", "for iPhone 15", "for Galaxy S24"),
        {"color": COLORS},
        (5, 60),
    ),
    Kind(
        "running-shoes",
        "Running Shoes",
        "跑步鞋",
        "shoes",
        ("Running Shoes", "Trail Running Shoes"),
        "跑步鞋",
        ("Nike", "Adidas", "Asics", "New Balance", "Li-Ning", "Anta", "Hoka"),
        ("Lightweight", "Breathable", "Cushioned", "Men's", "Women's", "Carbon Plate"),
        {"size": tuple(str(s) for s in range(36, 47)), "color": COLORS[:3]},
        (40, 250),
    ),
    Kind(
        "sneakers",
        "Sneakers",
        "运动鞋",
        "shoes",
        ("Sneakers", "Casual Shoes", "Basketball Shoes"),
        "运动鞋",
        ("Nike", "Adidas", "Puma", "Converse", "Vans", "Li-Ning", "Anta"),
        ("Leather", "High-Top", "Low-Top", "Retro", "Men's", "Women's"),
        {"size": tuple(str(s) for s in range(36, 46))},
        (35, 220),
    ),
    Kind(
        "t-shirts",
        "T-Shirts",
        "T恤",
        "clothing",
        ("T-Shirt", "Cotton T-Shirt", "Sports T-Shirt"),
        "T恤",
        ("Uniqlo", "Nike", "Adidas", "H&M", "Zara", "Li-Ning"),
        ("Cotton", "Quick-Dry", "Oversized", "Crew Neck", "Men's", "Women's"),
        {"size": ("XS", "S", "M", "L", "XL", "XXL"), "color": COLORS},
        (8, 60),
    ),
    Kind(
        "jackets",
        "Jackets",
        "夹克",
        "clothing",
        ("Jacket", "Down Jacket", "Rain Jacket"),
        "羽绒服",
        ("The North Face", "Columbia", "Uniqlo", "Patagonia", "Bosideng"),
        ("Waterproof", "Windproof", "Hooded", "Packable", "Men's", "Women's"),
        {"size": ("S", "M", "L", "XL"), "color": COLORS[:4]},
        (40, 400),
    ),
    Kind(
        "coffee",
        "Coffee Machines",
        "咖啡机",
        "home",
        ("Coffee Machine", "Espresso Machine", "Coffee Maker"),
        "咖啡机",
        ("DeLonghi", "Philips", "Nespresso", "Breville", "Krups"),
        ("15 Bar", "Milk Frother", "Automatic", "Capsule", "1.8L"),
        {"color": COLORS[:3]},
        (50, 900),
    ),
    Kind(
        "vacuums",
        "Vacuum Cleaners",
        "吸尘器",
        "home",
        ("Vacuum Cleaner", "Robot Vacuum", "Cordless Vacuum"),
        "吸尘器",
        ("Dyson", "Xiaomi", "Roborock", "Ecovacs", "Philips"),
        ("Cordless", "Cyclone", "HEPA", "60min Runtime", "Self-Emptying"),
        {},
        (80, 800),
    ),
)

_SENTENCES = (
    "{feature} design for everyday use.",
    "Built by {brand} with {feature_lower} and a two-year warranty.",
    "A popular {noun_lower} with {feature_lower}.",
    "Compatible with most devices; ships in recyclable packaging.",
    "Customers praise the build quality and the {feature_lower}.",
)


def categories() -> list[dict[str, Any]]:
    """Category rows: the parents first (ids 1..), then the leaves."""
    rows: list[dict[str, Any]] = []
    parent_ids = {}
    for slug, (name_en, name_zh) in PARENTS.items():
        parent_ids[slug] = len(rows) + 1
        rows.append(
            {
                "id": len(rows) + 1,
                "slug": slug,
                "name_en": name_en,
                "name_zh": name_zh,
                "parent_id": None,
            }
        )
    for kind in KINDS:
        rows.append(
            {
                "id": len(rows) + 1,
                "slug": kind.slug,
                "name_en": kind.name_en,
                "name_zh": kind.name_zh,
                "parent_id": parent_ids[kind.parent],
            }
        )
    return rows


def _product(rng: random.Random, product_id: int, category_id: int, kind: Kind) -> dict[str, Any]:
    brand = rng.choice(kind.brands)
    noun = rng.choice(kind.nouns)
    suffix = rng.choice(["", "", "X", "S", "Pro"])
    model = f"{rng.choice('ABCDEFGHKMRSTXZ')}{rng.randint(1, 99)}{suffix}"
    features = rng.sample(kind.features, k=min(2, len(kind.features)))
    title = f"{brand} {model} {features[0]} {noun}, {features[1]}, {rng.choice(COLORS)}"
    values = {"brand": brand, "noun_lower": noun.lower()}
    description = " ".join(
        sentence.format(feature=f, feature_lower=f.lower(), **values)
        for sentence, f in zip(
            rng.sample(_SENTENCES, k=3), rng.choices(kind.features, k=3), strict=True
        )
    )
    return {
        "id": product_id,
        "external_id": f"SYN-{product_id}",
        "seller": f"seller_{rng.randint(1, 20)}",
        "brand": brand,
        "category_id": category_id,
        "title_en": title,
        "title_zh": f"{brand} {model} {kind.noun_zh}" if rng.random() < 0.5 else None,
        "description_en": description,
        "rating": round(rng.uniform(2.5, 5.0), 1),
        "rating_count": rng.randint(0, 5000),
        "currency": "CNY",
        "created_at": _NOW,
        "updated_at": _NOW,
    }


def _variants(
    rng: random.Random, product_id: int, kind: Kind, next_id: int
) -> list[dict[str, Any]]:
    base = rng.randint(*kind.price_range) * 100 - 1
    names = list(kind.options)
    count = rng.randint(1, 4) if names else 1
    rows = []
    seen = set()
    for n in range(count):
        options = {name: rng.choice(kind.options[name]) for name in names}
        key = tuple(sorted(options.items()))
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "id": next_id + len(rows),
                "product_id": product_id,
                "sku": f"SYN-{product_id}-{n}",
                "options": options,
                "price": base + 1000 * n,
                "stock": rng.choice([0, 0, 3, 10, 50, 200]),
            }
        )
    return rows


def generate(count: int, seed: int) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Products and their variants, in batches of up to 5,000 products."""
    rng = random.Random(seed)
    leaf_ids = {kind.slug: len(PARENTS) + i + 1 for i, kind in enumerate(KINDS)}
    variant_id = 1
    batch: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
    for product_id in range(1, count + 1):
        kind = rng.choice(KINDS)
        batch[0].append(_product(rng, product_id, leaf_ids[kind.slug], kind))
        variants = _variants(rng, product_id, kind, variant_id)
        variant_id += len(variants)
        batch[1].extend(variants)
        if len(batch[0]) == 5000:
            yield batch
            batch = ([], [])
    if batch[0]:
        yield batch


def load(conn: Connection, count: int, seed: int) -> None:
    """Bulk-insert the synthetic catalog (multi-row INSERTs; the search index catches up later)."""
    conn.execute(insert(Category), categories())
    for products, variants in generate(count, seed):
        conn.execute(insert(Product), products)
        conn.execute(insert(Variant), variants)
