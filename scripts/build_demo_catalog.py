"""Build store/demo/catalog.json, the demo catalog that ships with shopagent.

Run from the repository root:  python scripts/build_demo_catalog.py

Each product line below is written by hand in English and Simplified Chinese; the script adds
what a real shop would generate: variants (the product of the option axes), SKUs, prices in
fen, stock and ratings. A fixed random seed makes the output deterministic, so re-running it
changes the JSON only when the lines below change.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parent.parent / "store" / "demo" / "catalog.json"
SEED = 20250101
OUT_OF_STOCK_SHARE = 0.08

Axis = tuple[str, tuple[tuple[str, Decimal], ...]]


def opt(name: str, *values: str | tuple[str, float]) -> Axis:
    """An option axis; a value is a name, or (name, price difference in yuan)."""
    pairs = tuple(
        (v, Decimal(0)) if isinstance(v, str) else (v[0], Decimal(str(v[1]))) for v in values
    )
    return name, pairs


def color(*values: str | tuple[str, float]) -> Axis:
    """A colour axis; a value is a name, or (name, price difference in yuan)."""
    return opt("color", *values)


CLOTHING_SIZES = opt("size", "S", "M", "L", "XL", "XXL")


def shoe_sizes(low: int = 36, high: int = 45) -> Axis:
    """EU shoe sizes from `low` to `high`."""
    return opt("size", *(str(size) for size in range(low, high + 1)))


def storage(*steps: tuple[str, float]) -> Axis:
    """Phone or tablet storage tiers with their price steps."""
    return opt("storage", *steps)


@dataclass
class Line:
    """One product line, as written by hand."""

    brand: str
    name_en: str
    name_zh: str
    price: Decimal  # yuan, of the cheapest variant
    desc_en: str
    desc_zh: str
    axes: tuple[Axis, ...] = ()
    sold_out: tuple[str, ...] = ()  # option values that are sold out in every combination
    available: bool = True  # False: the whole product is sold out


def p(
    brand: str,
    name_en: str,
    name_zh: str,
    price: float,
    desc_en: str,
    desc_zh: str,
    *axes: Axis,
    sold_out: tuple[str, ...] = (),
    available: bool = True,
) -> Line:
    """A product line; `price` in yuan."""
    return Line(
        brand, name_en, name_zh, Decimal(str(price)), desc_en, desc_zh, axes, sold_out, available
    )


@dataclass
class Section:
    """A category and its product lines."""

    slug: str
    name_en: str
    name_zh: str
    lines: list[Line] = field(default_factory=list)
    brand_in_title: bool = True


# fmt: off
# Hand-written tables: one product line per call, kept compact on purpose.

# Chinese shop names of the brands (some brands are written the same way in both languages).
BRAND_ZH = {
    "90FUN": "90分", "Adidas": "阿迪达斯", "Anessa": "安热沙", "Anta": "安踏", "Anker": "安克",
    "Asics": "亚瑟士", "Bandai": "万代",
    "Be & Cheery": "百草味", "Bear": "小熊", "Bestore": "良品铺子", "Bialetti": "比乐蒂",
    "Bosideng": "波司登", "Braun": "博朗", "CeraVe": "适乐肤", "Chando": "自然堂",
    "CIAO": "CIAO 啾噜",
    "Coach": "蔻驰", "Converse": "匡威", "Corelle": "康宁", "Crocs": "卡骇", "Decathlon": "迪卡侬",
    "Dior": "迪奥", "DJI": "大疆", "Dove": "多芬", "Dr. Martens": "马汀博士", "Dyson": "戴森",
    "Ecovacs": "科沃斯", "Edifier": "漫步者", "Estée Lauder": "雅诗兰黛", "Ferrero": "费列罗",
    "Feiyue": "飞跃", "Fissler": "菲仕乐", "Florasis": "花西子", "Garmin": "佳明",
    "Genki Forest": "元气森林", "Giant": "捷安特", "Gree": "格力", "Greenies": "GREENIES 绿的",
    "Haidilao": "海底捞", "Haier": "海尔", "Haitian": "海天", "Hasbro": "孩之宝",
    "Head & Shoulders": "海飞丝", "Heilan Home": "海澜之家", "Herman Miller": "赫曼米勒",
    "Honor": "荣耀", "Hot Wheels": "风火轮", "Huawei": "华为", "IKEA": "宜家", "iReader": "掌阅",
    "JanSport": "杰斯伯", "Jeanswest": "真维斯", "Joyoung": "九阳", "Kailas": "凯乐石",
    "Kiehl's": "科颜氏", "Kuka": "顾家家居", "L'Oreal": "欧莱雅", "La Roche-Posay": "理肤泉",
    "Lancôme": "兰蔻", "Lao Gan Ma": "老干妈", "Lay's": "乐事", "Lee Kum Kee": "李锦记",
    "LEGO": "乐高", "Lenovo": "联想", "Levi's": "李维斯", "Li-Ning": "李宁", "LINSY": "林氏家居",
    "Lock&Lock": "乐扣乐扣", "Loctek": "乐歌", "Logitech": "罗技", "Longchamp": "珑骧",
    "M·A·C": "魅可", "Master Kong": "康师傅", "Mattel": "美泰", "Mengniu": "蒙牛",
    "Michael Kors": "迈克高仕", "Midea": "美的", "Molten": "摩腾", "MUJI": "无印良品",
    "Myfoodie": "麦富迪", "Naturehike": "挪客", "Nike": "耐克", "Nongfu Spring": "农夫山泉",
    "OnePlus": "一加", "Oral-B": "欧乐B", "Orijen": "渴望", "Orion": "好丽友",
    "Panasonic": "松下", "Peacebird": "太平鸟", "Pechoin": "百雀羚", "Perfect Diary": "完美日记",
    "PETKIT": "小佩", "Philips": "飞利浦", "Pop Mart": "泡泡玛特", "Proya": "珀莱雅",
    "Purina Pro Plan": "冠能", "Ravensburger": "睿思", "Royal Canin": "皇家",
    "Samsonite": "新秀丽", "Samsung": "三星", "Saturnbird": "三顿半", "Semir": "森马",
    "Shiseido": "资生堂", "Sihoo": "西昊", "Skechers": "斯凯奇", "Sleemon": "喜临门",
    "Sony": "索尼", "Spalding": "斯伯丁", "Speedo": "速比涛", "Staub": "珐宝",
    "Suncha": "双枪", "Supor": "苏泊尔", "The North Face": "北面",
    "Thermos": "膳魔师", "Three Squirrels": "三只松鼠", "Tiger": "虎牌", "Uniqlo": "优衣库",
    "Victor": "胜利", "Want Want": "旺旺", "Warrior": "回力", "Weilong": "卫龙", "Wilson": "威尔胜",
    "Winona": "薇诺娜", "Wufangzhai": "五芳斋", "Xiaomi": "小米", "Xtep": "特步", "Yili": "伊利",
    "Yonex": "尤尼克斯", "Yuanshi": "源氏木语", "Zhang Xiaoquan": "张小泉",
    "Zhang Yiyuan": "张一元", "Zhou Hei Ya": "周黑鸭", "Zwilling": "双立人",
    # Book publishers (brand of a book; never part of its title).
    "Beijing October Arts & Literature": "北京十月文艺出版社",
    "Beijing United Publishing": "北京联合出版公司", "Bloomsbury": "Bloomsbury",
    "China Machine Press": "机械工业出版社", "Chongqing Publishing House": "重庆出版社",
    "CITIC Press": "中信出版社", "Hunan Literature and Art Publishing": "湖南文艺出版社",
    "Nanhai Publishing": "南海出版公司", "Peking University Press": "北京大学出版社",
    "Penguin": "企鹅兰登", "People's Literature Publishing House": "人民文学出版社",
    "Posts & Telecom Press": "人民邮电出版社",
    "Shanghai People's Publishing House": "上海人民出版社",
    "Tomorrow Publishing House": "明天出版社", "Writers Publishing House": "作家出版社",
    "Zhonghua Book Company": "中华书局",
}

PHONE_COLORS = ("Black", "White", "Blue")
IPHONE_STORAGE = storage(("128GB", 0), ("256GB", 1000), ("512GB", 3000))
PRO_STORAGE = storage(("256GB", 0), ("512GB", 500), ("1TB", 1500))

PHONES = Section("phones", "Phones", "手机", [
    p("Apple", "iPhone 16", "iPhone 16 手机", 5999,
      "A18 chip, a 48MP Fusion camera and the new Camera Control button, in a colour-infused "
      "glass back. Built for Apple Intelligence.",
      "搭载 A18 芯片和 4800 万像素融合式摄像头，新增相机控制按钮，"
      "彩色玻璃背板，为 Apple 智能而打造。",
      color("Black", "White", "Pink", "Teal", "Ultramarine"), IPHONE_STORAGE),
    p("Apple", "iPhone 16 Plus", "iPhone 16 Plus 手机", 6999,
      "Everything iPhone 16 can do on a larger 6.7-inch display, with even longer battery life.",
      "拥有 iPhone 16 的全部功能，配备 6.7 英寸大屏和更持久的电池续航。",
      color("Black", "White", "Pink", "Teal"), IPHONE_STORAGE),
    p("Apple", "iPhone 16 Pro", "iPhone 16 Pro 手机", 7999,
      "A titanium design with a 6.3-inch display, the A18 Pro chip and a 5x telephoto camera. "
      "Records 4K 120 fps Dolby Vision video.",
      "钛金属设计，6.3 英寸显示屏，搭载 A18 Pro 芯片和 5 倍长焦摄像头，"
      "支持 4K 120 帧杜比视界视频拍摄。",
      color("Desert Titanium", "Natural Titanium", "White Titanium", "Black Titanium"),
      storage(("128GB", 0), ("256GB", 1000), ("512GB", 3000), ("1TB", 5000))),
    p("Apple", "iPhone 16 Pro Max", "iPhone 16 Pro Max 手机", 9999,
      "The biggest iPhone display yet at 6.9 inches, with A18 Pro and the longest battery life "
      "ever on an iPhone.",
      "6.9 英寸超大显示屏，搭载 A18 Pro 芯片，拥有 iPhone 史上最长的电池续航。",
      color("Desert Titanium", "Natural Titanium", "White Titanium", "Black Titanium"),
      storage(("256GB", 0), ("512GB", 2000), ("1TB", 4000))),
    p("Apple", "iPhone 15", "iPhone 15 手机", 4799,
      "Dynamic Island, a 48MP main camera and USB-C in a colour-infused back glass. A "
      "great-value iPhone for everyday use.",
      "灵动岛、4800 万像素主摄与 USB-C 接口，采用彩色磨砂玻璃背板，日常使用的高性价比之选。",
      color("Black", "Blue", "Green", "Yellow", "Pink"), IPHONE_STORAGE),
    p("Huawei", "Mate 70 Pro", "Mate 70 Pro 手机", 6499,
      "A HarmonyOS flagship with an XMAGE variable-aperture camera, second-generation Kunlun "
      "Glass and 100W SuperCharge. Supports Beidou satellite messaging.",
      "鸿蒙旗舰手机，XMAGE 可变光圈影像、第二代昆仑玻璃和 100W 超级快充，支持北斗卫星消息。",
      color("Obsidian Black", "Snow White", "Spruce Green", "Hyacinth Purple"), PRO_STORAGE),
    p("Huawei", "Pura 70", "Pura 70 手机", 5499,
      "A slim flagship with an ultra-fast snap camera and a 6.6-inch Kunlun Glass screen, "
      "powered by HarmonyOS.",
      "轻薄旗舰，超高速风驰闪拍影像，6.6 英寸昆仑玻璃屏，运行鸿蒙操作系统。",
      color("Black", "White", "Pink", "Blue"), PRO_STORAGE),
    p("Huawei", "nova 13", "nova 13 手机", 2699,
      "A 60MP front camera with portrait lighting in a light body, made for selfies and vlogs.",
      "6000 万像素前置人像摄像头，机身轻盈，自拍和 Vlog 都出片。",
      color("Black", "White", "Purple", "Green"), storage(("256GB", 0), ("512GB", 300))),
    p("Huawei", "Mate X6 Foldable Phone", "Mate X6 折叠屏手机", 12999,
      "A book-style foldable with a 7.93-inch inner screen that closes flat and thin. Work, "
      "read and watch on one big display.",
      "书本式折叠屏手机，7.93 英寸内屏，合上轻薄无缝，工作、阅读、追剧一屏搞定。",
      color("Black", "Red", "White"), storage(("512GB", 0), ("1TB", 1000))),
    p("Xiaomi", "15", "15 手机", 4499,
      "A compact 6.36-inch flagship with Snapdragon 8 Elite, Leica optics and a 5400 mAh battery.",
      "6.36 英寸小屏旗舰，骁龙 8 至尊版处理器，徕卡光学镜头，内置 5400mAh 大电池。",
      color("Black", "White", "Green", "Lilac"),
      storage(("256GB", 0), ("512GB", 500), ("1TB", 1000))),
    p("Xiaomi", "15 Pro", "15 Pro 手机", 5299,
      "A Leica periscope telephoto, a 2K curved-edge display and 90W wired plus 50W wireless "
      "charging.",
      "徕卡潜望长焦，2K 四微曲屏，支持 90W 有线和 50W 无线快充。",
      color(*PHONE_COLORS), storage(("256GB", 0), ("512GB", 700), ("1TB", 1700))),
    p("Xiaomi", "Redmi K80", "Redmi K80 手机", 2499,
      "Snapdragon 8 Gen 3 performance, a 2K flat display and a 6550 mAh battery at a mid-range "
      "price.",
      "骁龙 8 Gen 3 性能，2K 直屏搭配 6550mAh 超大电池，中端价位享受旗舰体验。",
      color(*PHONE_COLORS), storage(("256GB", 0), ("512GB", 500))),
    p("Xiaomi", "Redmi Note 14 Pro", "Redmi Note 14 Pro 手机", 1399,
      "A 50MP camera with optical stabilisation, IP68 water resistance and a bright 1.5K "
      "curved screen.",
      "5000 万像素光学防抖主摄，IP68 防尘防水，1.5K 高亮曲面屏。",
      color("Black", "White", "Purple", "Green"), IPHONE_STORAGE),
    p("Xiaomi", "Redmi 14C", "Redmi 14C 手机", 699,
      "A big 6.88-inch display and a 5160 mAh battery for calls, chats and videos all day. "
      "Simple, dependable and affordable.",
      "6.88 英寸大屏，5160mAh 大电池，打电话、聊天、刷视频都能用上一整天，简单可靠又实惠。",
      color("Black", "Blue", "Green"), storage(("128GB", 0), ("256GB", 200))),
    p("Honor", "Magic7 Pro", "Magic7 Pro 手机", 5699,
      "A 200MP periscope telephoto, an on-device AI agent and a 5850 mAh silicon-carbon battery.",
      "2 亿像素潜望长焦，端侧 AI 智能体，5850mAh 硅碳电池。",
      color("Black", "Grey", "Blue"), storage(("256GB", 0), ("512GB", 500), ("1TB", 1300))),
    p("Honor", "X60", "X60 手机", 1199,
      "A drop-resistant build with a 5800 mAh battery that lasts two days of normal use.",
      "机身抗摔耐用，5800mAh 大电池，正常使用两天一充。",
      color("Black", "Blue", "White"), IPHONE_STORAGE),
    p("OPPO", "Find X8", "Find X8 手机", 4199,
      "Hasselblad-tuned cameras with a 3x periscope telephoto, a Dimensity 9400 chip and a "
      "flat 6.59-inch display.",
      "哈苏影像调校，3 倍潜望长焦，天玑 9400 处理器，6.59 英寸直屏。",
      color("Black", "White", "Blue", "Pink"),
      storage(("256GB", 0), ("512GB", 500), ("1TB", 1000))),
    p("OPPO", "Reno13", "Reno13 手机", 2699,
      "An AI portrait camera that can shoot underwater, in a slim body with IP69 water "
      "resistance.",
      "AI 人像镜头，支持水下拍摄，机身轻薄，IP69 防水。",
      color(*PHONE_COLORS), storage(("256GB", 0), ("512GB", 300))),
    p("vivo", "X200 Pro", "X200 Pro 手机", 5299,
      "A 200MP ZEISS APO telephoto for sharp zoom and concert shots, with a 6000 mAh battery.",
      "2 亿像素蔡司 APO 超级长焦，远摄演唱会也清晰，内置 6000mAh 电池。",
      color("Black", "White", "Blue", "Titanium"),
      storage(("256GB", 0), ("512GB", 700), ("1TB", 1700))),
    p("vivo", "S20", "S20 手机", 2299,
      "Slim and light at 7.19 mm, with a soft-light portrait selfie camera and a 6500 mAh "
      "battery.",
      "7.19mm 轻薄机身，柔光人像自拍，6500mAh 大电池。",
      color("Black", "White", "Purple"), storage(("256GB", 0), ("512GB", 400))),
    p("vivo", "iQOO 13", "iQOO 13 手机", 3999,
      "A gaming phone with Snapdragon 8 Elite, a 144 Hz 2K display and 120W FlashCharge.",
      "骁龙 8 至尊版游戏手机，144Hz 2K 屏幕，120W 超快闪充。",
      color("Black", "White", "Green"), storage(("256GB", 0), ("512GB", 500), ("1TB", 1000))),
    p("OnePlus", "13", "13 手机", 4499,
      "Snapdragon 8 Elite, a 6000 mAh battery and Hasselblad cameras, with the alert slider "
      "and IP69 protection.",
      "骁龙 8 至尊版，6000mAh 冰川电池，哈苏影像，保留三段式按键，IP69 防水。",
      color(*PHONE_COLORS), storage(("256GB", 0), ("512GB", 600), ("1TB", 1400))),
    p("OnePlus", "Ace 5", "Ace 5 手机", 2299,
      "Flagship-grade Snapdragon 8 Gen 3 and a 6400 mAh battery in a metal frame, built for "
      "smooth gaming.",
      "旗舰级骁龙 8 Gen 3，6400mAh 电池，金属中框，玩游戏流畅稳定。",
      color("Black", "Silver", "Green"), storage(("256GB", 0), ("512GB", 500))),
    p("Samsung", "Galaxy S25", "Galaxy S25 手机", 6499,
      "Galaxy AI on a compact 6.2-inch phone, with Snapdragon 8 Elite for Galaxy and seven "
      "years of updates.",
      "6.2 英寸小巧机身，Galaxy AI 加持，搭载骁龙 8 至尊版 for Galaxy，提供七年系统更新。",
      color("Navy", "Mint", "Silver", "Blue"), storage(("256GB", 0), ("512GB", 1000))),
    p("Samsung", "Galaxy Z Flip6 Foldable Phone", "Galaxy Z Flip6 折叠屏手机", 7999,
      "A pocketable flip phone with a 3.4-inch cover screen and a 50MP camera that shoots "
      "hands-free in Flex Mode.",
      "小巧翻盖折叠屏，3.4 英寸外屏，5000 万像素主摄，悬停模式免手持拍摄。",
      color("Blue", "Mint", "Silver", "Yellow"), storage(("256GB", 0), ("512GB", 1000))),
])

ELECTRONICS = Section("electronics", "Electronics", "数码电子", [
    p("Apple", "AirPods Pro 2 Wireless Earbuds", "AirPods Pro 2 主动降噪无线耳机", 1899,
      "Up to twice the active noise cancellation of the first generation, Adaptive Audio and "
      "personalised spatial audio, with a USB-C MagSafe charging case.",
      "主动降噪效果最高可达上一代的两倍，支持自适应音频和个性化空间音频，"
      "配 USB-C MagSafe 充电盒。"),
    p("Apple", "AirPods 4 Wireless Earbuds", "AirPods 4 无线耳机", 999,
      "A redesigned open-ear fit for all-day comfort, with voice isolation and a smaller USB-C "
      "case.",
      "重新设计的半入耳式佩戴，全天舒适，支持语音突显，充电盒更小巧并采用 USB-C 接口。",
      opt("model", "Standard", ("Active Noise Cancellation", 400))),
    p("Huawei", "FreeBuds Pro 4 Noise Cancelling Wireless Earbuds", "FreeBuds Pro 4 降噪无线耳机",
      1499,
      "Dual-driver sound with intelligent dynamic noise cancellation, and lossless audio over "
      "Bluetooth with HarmonyOS devices.",
      "双单元声学系统，智能动态降噪，搭配鸿蒙设备可享蓝牙无损音质。",
      color("Black", "White", "Green")),
    p("Huawei", "FreeBuds 6i Wireless Earbuds", "FreeBuds 6i 降噪无线耳机", 549,
      "Strong active noise cancellation and punchy bass at an entry price, with up to 35 hours "
      "of playback with the case.",
      "入门价位也有强劲主动降噪和澎湃低音，搭配充电盒续航可达 35 小时。",
      color("Black", "White", "Purple")),
    p("Huawei", "FreeClip Open-Ear Wireless Earbuds", "FreeClip 耳夹式无线耳机", 1299,
      "Clip-on open-ear earbuds that stay put during workouts and keep you aware of your "
      "surroundings.",
      "耳夹式开放设计，运动时稳固不掉，还能听见周围的环境声。",
      color("Black", "Purple")),
    p("Xiaomi", "Buds 5 Wireless Earbuds", "Buds 5 无线耳机", 699,
      "Half in-ear earbuds with adaptive noise cancellation and Harman-tuned sound, light "
      "enough to forget you are wearing them.",
      "半入耳式无线耳机，自适应降噪，哈曼调音，佩戴轻盈无感。",
      color("Black", "White")),
    p("Xiaomi", "Redmi Buds 6 Pro Wireless Earbuds", "Redmi Buds 6 Pro 降噪无线耳机", 399,
      "Up to 55 dB of noise cancellation, triple drivers and 36 hours of battery life at a "
      "friendly price.",
      "最高 55dB 深度降噪，三单元发声，续航 36 小时，价格亲民。",
      color("Black", "White", "Purple")),
    p("Sony", "WF-1000XM5 Noise Cancelling Wireless Earbuds", "WF-1000XM5 降噪无线耳机", 1799,
      "Sony's best noise cancelling earbuds, with Dynamic Driver X for rich, detailed sound and "
      "LDAC high-resolution wireless audio.",
      "索尼旗舰降噪耳机，Dynamic Driver X 单元带来饱满细腻的声音，支持 LDAC 高解析度无线音频。",
      color("Black", "Silver")),
    p("Sony", "WH-1000XM5 Wireless Noise Cancelling Headphones", "WH-1000XM5 头戴式降噪无线耳机",
      2499,
      "Over-ear headphones with industry-leading noise cancellation, a 30-hour battery and a "
      "soft, light fit for long flights.",
      "头戴式耳机，业界领先的降噪效果，续航 30 小时，轻量柔软，长途飞行也舒适。",
      color("Black", "Silver", "Midnight Blue")),
    p("Bose", "QuietComfort Ultra Wireless Earbuds", "QuietComfort Ultra 消噪无线耳机", 2299,
      "World-class noise cancellation with Bose Immersive Audio that places sound all around "
      "you.",
      "世界级消噪效果，Bose 沉浸式音频让声音环绕身边。",
      color("Black", "White Smoke")),
    p("Bose", "QuietComfort Ultra Wireless Headphones", "QuietComfort Ultra 头戴式无线消噪耳机",
      3299,
      "Premium over-ear headphones with Bose's quietest noise cancellation, spatial audio and a "
      "plush fold-flat design.",
      "高端头戴式耳机，Bose 顶级消噪与空间音频，佩戴柔软舒适，可折叠收纳。",
      color("Black", "White Smoke", "Sandstone")),
    p("Anker", "Soundcore Liberty 4 NC Wireless Earbuds",
      "Soundcore Liberty 4 NC 降噪无线耳机", 599,
      "Adaptive noise cancellation that reduces up to 98.5% of noise, LDAC support and up to "
      "50 hours of playback with the case.",
      "自适应降噪最高可消除 98.5% 的噪音，支持 LDAC，搭配充电盒续航可达 50 小时。",
      color("Black", "White", "Blue")),
    p("Anker", "Soundcore P40i Wireless Earbuds", "Soundcore P40i 无线耳机", 299,
      "Budget-friendly earbuds with adaptive noise cancellation, big bass and a case that "
      "doubles as a phone stand.",
      "高性价比无线耳机，自适应降噪，低音浑厚，充电盒还能当手机支架。",
      color("Black", "White", "Purple")),
    p("Edifier", "W820NB Wireless Noise Cancelling Headphones", "W820NB 头戴式降噪无线耳机", 299,
      "Comfortable over-ear headphones with hybrid noise cancellation and up to 49 hours of "
      "playback.",
      "头戴舒适，混合主动降噪，续航最长可达 49 小时。",
      color("Black", "White", "Blue")),
    p("Beats", "Studio Buds + Wireless Earbuds", "Studio Buds + 降噪无线耳机", 1099,
      "Balanced, powerful sound with active noise cancellation and one-touch pairing on both "
      "iPhone and Android.",
      "音色均衡有力，主动降噪，iPhone 和安卓手机都能一键配对。",
      color("Black/Gold", "Ivory", "Transparent")),
    p("Anker", "737 Power Bank 24000mAh 140W", "737 充电宝 24000mAh 140W", 599,
      "A 24,000 mAh power bank with 140W output that can charge a laptop, and a smart display "
      "that shows power and time remaining.",
      "24000mAh 大容量，140W 输出可为笔记本充电，智能数显屏实时显示电量与剩余时间。"),
    p("Anker", "Nano 65W GaN Charger", "Nano 65W 氮化镓充电器", 169,
      "A pocket-size three-port charger that powers a laptop, a phone and earbuds at the same "
      "time.",
      "口袋大小的三口充电器，笔记本、手机、耳机可以同时充电。",
      color("Black", "White")),
    p("Anker", "USB-C to USB-C Cable 240W", "USB-C 快充数据线 240W", 49,
      "A braided cable rated for 240W fast charging and 35,000 bends, for phones, tablets and "
      "laptops.",
      "编织线身，支持 240W 快充，可承受 35000 次弯折，手机、平板、笔记本通用。",
      opt("length", "0.9 m", ("1.8 m", 10))),
    p("Xiaomi", "Power Bank 20000mAh 22.5W", "充电宝 20000mAh 22.5W", 129,
      "A 20,000 mAh power bank with 22.5W fast charging, two USB-A ports and USB-C, enough for "
      "about four phone charges.",
      "20000mAh 大容量，22.5W 快充，两个 USB-A 加一个 USB-C 接口，可为手机充电约四次。",
      color("Black", "White")),
    p("Apple", "Watch Series 10", "Watch Series 10 智能手表", 2999,
      "The thinnest Apple Watch yet, with a bigger wide-angle OLED display, sleep apnoea "
      "notifications and faster charging.",
      "迄今最薄的 Apple Watch，更大的广视角 OLED 显示屏，支持睡眠呼吸暂停提醒和更快充电。",
      color("Jet Black", "Silver", "Rose Gold"), opt("size", "42mm", ("46mm", 200))),
    p("Huawei", "Watch GT 5 Smartwatch", "Watch GT 5 智能手表", 1488,
      "Up to two weeks of battery life, TruSense health monitoring and accurate GPS for running "
      "and cycling.",
      "续航最长可达两周，玄玑感知系统健康监测，精准 GPS 适合跑步与骑行。",
      color("Black", "Brown", "Blue"), opt("size", "41mm", ("46mm", 100))),
    p("Xiaomi", "Smart Band 9", "手环 9", 249,
      "A light fitness band with a bright AMOLED screen, 150+ workout modes and up to 21 days "
      "of battery.",
      "轻巧的智能手环，高亮 AMOLED 屏幕，150 多种运动模式，续航最长 21 天。",
      color("Black", "Silver", "Pink")),
    p("Apple", "iPad Air 11-inch (M2)", "iPad Air 11 英寸 (M2) 平板电脑", 4799,
      "The M2 chip in a thin, light design with a Liquid Retina display; works with Apple "
      "Pencil Pro and Magic Keyboard.",
      "M2 芯片，轻薄设计，Liquid 视网膜显示屏，支持 Apple Pencil Pro 和妙控键盘。",
      color("Space Grey", "Blue", "Purple", "Starlight"),
      storage(("128GB", 0), ("256GB", 800), ("512GB", 2300))),
    p("Huawei", "MatePad 11.5 S Tablet", "MatePad 11.5 S 平板电脑", 2199,
      "A 144 Hz PaperMatte display that cuts glare for reading and note-taking, with HarmonyOS "
      "multi-device collaboration.",
      "144Hz 云晰柔光屏，阅读和记笔记更护眼，支持鸿蒙多设备协同。",
      color("Grey", "White", "Purple"), storage(("256GB", 0), ("512GB", 400))),
    p("Xiaomi", "Pad 7 Tablet", "平板 7", 1999,
      "An 11.2-inch 3.2K display with Snapdragon 7+ Gen 3, great for study, streaming and "
      "light gaming.",
      "11.2 英寸 3.2K 高清屏，骁龙 7+ Gen 3，学习、追剧、轻度游戏都合适。",
      color("Grey", "Blue", "Green"), IPHONE_STORAGE),
    p("Apple", "MacBook Air 13-inch (M3) Laptop", "MacBook Air 13 英寸 (M3) 笔记本电脑", 7999,
      "Strikingly thin and fanless with the M3 chip, up to 18 hours of battery and a Liquid "
      "Retina display.",
      "M3 芯片，无风扇静音设计，轻薄出众，续航最长 18 小时，配备 Liquid 视网膜显示屏。",
      color("Midnight", "Starlight", "Space Grey", "Silver"),
      storage(("256GB", 0), ("512GB", 1500))),
    p("Lenovo", "Xiaoxin Pro 14 Laptop", "小新 Pro 14 笔记本电脑", 5499,
      "A 14-inch 2.8K 120 Hz laptop with an Intel Core Ultra 5 processor and 32GB of RAM, for "
      "work and study.",
      "14 英寸 2.8K 120Hz 屏幕，英特尔酷睿 Ultra 5 处理器，32GB 内存，办公学习都轻松。",
      storage(("512GB", 0), ("1TB", 400))),
    p("DJI", "Osmo Pocket 3 Gimbal Camera", "Osmo Pocket 3 口袋云台相机", 3499,
      "A pocket gimbal camera with a 1-inch sensor and a 2-inch rotating screen for smooth 4K "
      "vlogs.",
      "口袋云台相机，1 英寸大底传感器，2 英寸旋转屏，轻松拍出稳定的 4K Vlog。",
      opt("edition", "Standard", ("Creator Combo", 1000))),
    p("DJI", "Mini 4 Pro Camera Drone", "Mini 4 Pro 航拍无人机", 4788,
      "A mini drone under 249 g with omnidirectional obstacle sensing and 4K/60fps HDR video.",
      "249 克以下迷你航拍机，全向避障，支持 4K/60fps HDR 视频。",
      opt("edition", "Standard", ("Fly More Combo", 1600)), sold_out=("Fly More Combo",)),
    p("Sony", "Alpha 7 IV Full-Frame Mirrorless Camera", "Alpha 7 IV 全画幅微单相机", 13999,
      "A 33MP full-frame mirrorless camera with real-time eye autofocus and 4K 60p video, for "
      "photo and video creators.",
      "3300 万像素全画幅微单，实时眼部对焦，支持 4K 60p 视频，拍照摄像两相宜。",
      opt("edition", "Body only", ("With 28-70mm lens", 2000))),
    p("Logitech", "MX Master 3S Wireless Mouse", "MX Master 3S 无线鼠标", 699,
      "A quiet-click wireless mouse with an 8K DPI sensor that tracks on glass and the MagSpeed "
      "scroll wheel.",
      "静音点击无线鼠标，8K DPI 传感器可在玻璃上使用，配备 MagSpeed 电磁滚轮。",
      color("Graphite", "Pale Grey")),
    p("JBL", "Flip 6 Portable Bluetooth Speaker", "Flip 6 便携蓝牙音箱", 899,
      "A waterproof Bluetooth speaker with bold JBL sound and 12 hours of playtime, ready for "
      "the beach or the park.",
      "IP67 防水蓝牙音箱，JBL 原音澎湃，续航 12 小时，海边公园随身带。",
      color("Black", "Blue", "Red")),
    p("Sony", "SRS-XB100 Portable Bluetooth Speaker", "SRS-XB100 便携蓝牙音箱", 449,
      "A small but loud Bluetooth speaker with a strap, IP67 dust and water resistance and a "
      "16-hour battery.",
      "小巧却响亮的蓝牙音箱，附挂绳，IP67 防尘防水，续航 16 小时。",
      color("Black", "Blue", "Orange")),
    p("iReader", "Ocean 4 E-Reader", "Ocean 4 电子书阅读器", 1299,
      "A 7-inch E Ink reader with a warm front light and physical page-turn buttons, easy on "
      "the eyes for long reads.",
      "7 英寸墨水屏阅读器，冷暖阅读灯，实体翻页键，长时间阅读也不累眼。"),
])

APPLIANCES = Section("home-appliances", "Home Appliances", "家用电器", [
    p("Midea", "Cool Saver Inverter Wall Air Conditioner",
      "酷省电 新一级能效变频冷暖空调挂机", 2299,
      "A tier-1 energy-efficient inverter air conditioner for heating and cooling, with "
      "self-cleaning and app control.",
      "新一级能效变频冷暖空调，支持自清洁，可用手机 App 远程控制。",
      opt("capacity", "1 HP", ("1.5 HP", 300))),
    p("Gree", "Yunjia Inverter Wall Air Conditioner", "云佳 新一级能效变频冷暖空调挂机", 2499,
      "A quiet, efficient Gree inverter air conditioner with fast cooling and heating, and a "
      "10-year warranty on the whole unit.",
      "格力变频冷暖空调，静音节能，制冷制热迅速，整机十年保修。",
      opt("capacity", "1 HP", ("1.5 HP", 300))),
    p("Midea", "Floor-Standing Inverter Air Conditioner", "立式柜机 变频冷暖空调", 5499,
      "A floor-standing inverter air conditioner for living rooms, with wide-angle airflow that "
      "cools the whole room evenly.",
      "客厅立式柜机，新一级能效变频，广角送风，全屋制冷均匀。",
      opt("capacity", "2 HP", ("3 HP", 1200))),
    p("Haier", "510L French Door Refrigerator", "510 升法式多门冰箱", 3999,
      "A 510-litre French-door fridge with separate dry and moist storage and frost-free "
      "cooling, slim enough to fit flush with cabinets.",
      "510 升大容量法式多门冰箱，干湿分储，风冷无霜，超薄机身可嵌入橱柜。",
      color("Silver", ("Black Glass", 200))),
    p("Midea", "10kg Front-Load Washing Machine", "10 公斤滚筒洗衣机", 1799,
      "A 10 kg inverter front loader with steam sterilisation and a quick 15-minute wash.",
      "10 公斤变频滚筒洗衣机，高温蒸汽除菌，15 分钟快洗。"),
    p("Haier", "10kg Washer Dryer", "10 公斤洗烘一体机", 2999,
      "Washes and dries in one machine, with smart detergent dosing and a gentle drying cycle "
      "for everyday clothes.",
      "洗烘一体，智能投放洗涤剂，温和烘干，日常衣物一机搞定。"),
    p("Midea", "20L Microwave Oven", "20 升微波炉", 399,
      "A 20-litre microwave with a rotary dial for quick reheating and defrosting, simple "
      "enough for anyone at home.",
      "20 升微波炉，旋钮操作，快速加热和解冻，全家老少都会用。"),
    p("Midea", "IH Rice Cooker", "IH 电饭煲", 349,
      "IH heating cooks fluffy rice evenly, with presets for porridge, soup and claypot rice.",
      "IH 电磁加热，米饭受热均匀更香软，预设煮粥、煲汤、煲仔饭等功能。",
      opt("capacity", "3 L", ("4 L", 50), ("5 L", 100))),
    p("Supor", "Spherical Pot IH Rice Cooker 4L", "球釜 IH 电饭煲 4 升", 599,
      "A spherical inner pot for even heat and a low-sugar rice programme, in a 4-litre size "
      "for 3 to 8 people.",
      "球形内胆，热对流更均匀，支持低糖饭程序，4 升容量适合 3-8 人。"),
    p("Joyoung", "Filter-Free Soy Milk Maker", "免滤豆浆机", 399,
      "Makes smooth, filter-free soy milk, rice paste and juice in about 30 minutes, and cleans "
      "itself afterwards.",
      "免过滤豆浆口感细腻，约 30 分钟做好豆浆、米糊和果汁，用完还能自动清洗。"),
    p("Midea", "5L Air Fryer", "5 升空气炸锅", 299,
      "A 5-litre air fryer with a viewing window, so you can watch fries and chicken wings turn "
      "golden with little oil.",
      "5 升大容量可视空气炸锅，少油烹饪，薯条鸡翅金黄酥脆一目了然。",
      color("White", "Black")),
    p("Xiaomi", "Mijia Robot Vacuum and Mop", "米家 扫拖机器人", 1999,
      "A robot vacuum and mop with LDS laser navigation, 6000 Pa suction and an auto-empty dock.",
      "激光导航扫拖机器人，6000Pa 大吸力，配自动集尘座。"),
    p("Dyson", "V12 Detect Slim Cordless Vacuum", "V12 Detect Slim 无绳吸尘器", 4490,
      "A light cordless vacuum with a laser that reveals hidden dust and a screen that counts "
      "the particles it picks up.",
      "轻量无绳吸尘器，激光探测隐藏灰尘，屏幕实时显示吸入的颗粒数量。"),
    p("Dyson", "Supersonic Hair Dryer", "Supersonic 吹风机", 2999,
      "Fast drying with intelligent heat control that protects hair from extreme heat, with "
      "five magnetic attachments.",
      "快速干发，智能温控防止过热伤发，附五款磁吸风嘴。",
      color("Fuchsia", "Prussian Blue", "Black Nickel")),
    p("Panasonic", "Nanoe Hair Dryer", "纳诺怡 吹风机", 599,
      "A foldable hair dryer with nanoe ions that leave hair smooth and shiny, plus a hot-cold "
      "alternating mode.",
      "可折叠吹风机，纳诺怡水离子让头发柔顺有光泽，支持冷热交替风。",
      color("White", "Pink")),
    p("Xiaomi", "Mijia Air Purifier 4", "米家 空气净化器 4", 899,
      "Removes pollen, dust and formaldehyde in rooms up to 48 m², with an OLED air-quality "
      "display and app control.",
      "有效去除花粉、粉尘和甲醛，适用 48 平方米以内的房间，OLED 屏显示空气质量，可用 App 控制。"),
    p("Gree", "Bladeless Tower Fan", "无叶塔扇", 299,
      "A slim bladeless tower fan with 12 speeds, a remote and a timer, quiet enough for the "
      "bedroom.",
      "纤薄无叶塔扇，12 档风速，带遥控和定时，卧室使用也安静。"),
    p("Midea", "1.7L Electric Kettle", "1.7 升电热水壶", 99,
      "A 1.7-litre stainless-steel kettle that boils in minutes and switches itself off when "
      "dry.",
      "1.7 升不锈钢电热水壶，几分钟即可烧开，防干烧自动断电。"),
    p("Haier", "Electric Water Heater", "储水式电热水器", 1099,
      "A storage water heater with 3300W fast heating and magnesium anode protection, enough "
      "for back-to-back showers.",
      "3300W 速热储水式电热水器，镁棒防护，全家连续洗澡也够用。",
      opt("capacity", "50 L", ("60 L", 200), ("80 L", 500))),
    p("Ecovacs", "Deebot T30 Robot Vacuum", "地宝 T30 扫地机器人", 3999,
      "A robot vacuum that washes its mop with hot water and lifts it on carpets, with 11,000 "
      "Pa suction.",
      "热水洗拖布的扫拖机器人，遇到地毯自动抬升拖布，11000Pa 大吸力。"),
    p("Bear", "Yogurt Maker", "酸奶机", 89,
      "Makes thick homemade yogurt and sweet rice wine overnight, with eight glass jars "
      "included.",
      "一晚做出浓稠的自制酸奶和米酒，附送八个玻璃分杯。"),
    p("Philips", "Handheld Garment Steamer", "手持挂烫机", 399,
      "A handheld steamer that smooths creases in shirts and dresses, ready to use in 30 "
      "seconds.",
      "手持挂烫机，衬衫连衣裙的褶皱轻松熨平，30 秒快速出汽。"),
    p("Midea", "13-Place Built-In Dishwasher", "13 套嵌入式洗碗机", 3999,
      "A built-in dishwasher for 13 place settings with high-temperature sterilisation and "
      "hot-air drying.",
      "13 套大容量嵌入式洗碗机，高温除菌，热风烘干。"),
    p("Haier", "100L Chest Freezer", "100 升卧式冰柜", 999,
      "A compact chest freezer that switches between freezing and chilling, handy for frozen "
      "food and summer drinks.",
      "小巧卧式冰柜，冷冻冷藏一键切换，囤冻品、冰饮料都方便。"),
])

CLOTHING = Section("clothing", "Clothing", "服装", [
    p("Uniqlo", "AIRism Cotton Crew Neck T-Shirt", "AIRism 棉混纺圆领T恤", 79,
      "A cotton-look tee with AIRism inside that wicks sweat and dries fast, in a relaxed fit "
      "for summer days.",
      "外观似纯棉，内里采用 AIRism 面料，吸汗速干，宽松版型适合夏天。",
      color("White", "Black", "Navy", "Grey"), CLOTHING_SIZES),
    p("Uniqlo", "Ultra Light Down Jacket", "高级轻型羽绒服", 499,
      "A light, packable down jacket that folds into its own pouch, warm enough for chilly "
      "autumn mornings.",
      "轻盈可收纳，能装进附带的收纳袋，足以抵御深秋清晨的寒意。",
      color("Black", "Navy", "Beige", "Olive"), CLOTHING_SIZES),
    p("Uniqlo", "HEATTECH Crew Neck Long-Sleeve T-Shirt", "HEATTECH 圆领保暖内衣", 99,
      "A thin thermal layer that turns body moisture into heat. Wear it under shirts and "
      "sweaters all winter.",
      "轻薄发热面料，能把身体的湿气转化为热量，整个冬天都可以穿在衬衫毛衣里面。",
      color("Black", "White", "Grey"), CLOTHING_SIZES),
    p("Uniqlo", "Smart Ankle Pants", "弹力九分西裤", 199,
      "Stretchy, crease-resistant ankle-length trousers that work for the office and the "
      "weekend.",
      "弹力面料、不易起皱的九分裤，通勤和周末都能穿。",
      color("Black", "Navy", "Grey", "Beige"), CLOTHING_SIZES),
    p("Uniqlo", "Fleece Full-Zip Jacket", "摇粒绒拉链茄克", 199,
      "A soft, warm fleece jacket with a full zip, easy to layer and machine washable.",
      "柔软保暖的摇粒绒拉链外套，方便叠穿，可以机洗。",
      color("Navy", "Grey", "Off White"), CLOTHING_SIZES),
    p("Uniqlo", "Oxford Slim-Fit Long-Sleeve Shirt", "牛津纺修身长袖衬衫", 199,
      "A classic Oxford shirt in sturdy, breathable cotton, with a slim fit and a button-down "
      "collar.",
      "经典牛津纺衬衫，纯棉挺括透气，修身版型，纽扣领设计。",
      color("White", "Blue", "Pink"), CLOTHING_SIZES),
    p("Uniqlo", "Cashmere Crew Neck Sweater", "羊绒圆领毛衣", 599,
      "A 100% cashmere sweater that is soft, warm and light, with a clean crew neck for "
      "layering.",
      "100% 羊绒毛衣，柔软轻暖，简洁圆领便于叠穿。",
      color("Grey", "Navy", "Beige", "Red"), CLOTHING_SIZES),
    p("Li-Ning", "Quick-Dry Sports T-Shirt", "速干运动短袖T恤", 99,
      "A lightweight quick-dry tee for running and training, with ventilated mesh panels.",
      "轻薄速干运动T恤，适合跑步和训练，网眼拼接更透气。",
      color("Black", "White", "Red", "Blue"), CLOTHING_SIZES),
    p("Li-Ning", "Fleece-Lined Hoodie", "加绒连帽卫衣", 299,
      "A cosy fleece-lined hoodie with the Li-Ning logo, a roomy hood and a kangaroo pocket.",
      "内里加绒的连帽卫衣，李宁标志，宽大帽兜和袋鼠兜。",
      color("Black", "Grey", "Red"), CLOTHING_SIZES),
    p("Anta", "Stand-Collar Track Jacket", "运动立领外套", 259,
      "A stand-collar track jacket with stretch and zip pockets, good for the gym or a morning "
      "run.",
      "立领运动外套，面料有弹性，带拉链口袋，健身晨跑都合适。",
      color("Black", "Navy", "White"), CLOTHING_SIZES),
    p("Anta", "Woven Sports Shorts", "梭织运动短裤", 99,
      "Light woven shorts with an inner liner and a zip pocket for your phone, for running and "
      "basketball.",
      "轻薄梭织运动短裤，带内衬和手机拉链袋，跑步打球都合适。",
      color("Black", "Grey", "Blue"), CLOTHING_SIZES),
    p("Nike", "Dri-FIT Training T-Shirt", "Dri-FIT 速干训练T恤", 199,
      "Nike's sweat-wicking Dri-FIT fabric keeps you dry and comfortable through tough "
      "workouts.",
      "耐克 Dri-FIT 排汗面料，高强度训练中也保持干爽舒适。",
      color("Black", "White", "Grey", "Red"), CLOTHING_SIZES),
    p("Nike", "Club Fleece Hoodie", "Club Fleece 连帽卫衣", 449,
      "Brushed-back fleece for everyday warmth, with a classic fit and an embroidered Swoosh.",
      "内里磨毛抓绒，日常保暖，经典版型，刺绣 Swoosh 标志。",
      color("Black", "Grey", "Navy"), CLOTHING_SIZES),
    p("Nike", "Windrunner Hooded Jacket", "Windrunner 连帽防风夹克", 599,
      "The iconic chevron windbreaker with a hood, water-repellent and light enough for spring "
      "trips.",
      "标志性人字拼接设计的连帽防风夹克，防泼水，轻便适合春季出行。",
      color("Black", "Blue", "Green"), CLOTHING_SIZES),
    p("Adidas", "3-Stripes Track Pants", "三条纹运动裤", 399,
      "Classic track pants with the three stripes, tapered legs and ankle zips.",
      "经典三条纹运动裤，收脚版型，裤脚带拉链。",
      color("Black", "Navy"), CLOTHING_SIZES),
    p("Adidas", "Originals Firebird Track Top", "三叶草 Firebird 运动外套", 599,
      "A retro track top with the Trefoil logo and three stripes down the sleeves, made from "
      "recycled polyester.",
      "复古运动外套，三叶草标志和袖侧三条纹，采用再生聚酯纤维。",
      color("Black", "Blue"), CLOTHING_SIZES),
    p("Bosideng", "Hooded Long Down Coat", "连帽长款羽绒服", 1599,
      "A knee-length goose down coat with a detachable hood, made for northern winters.",
      "及膝长款鹅绒羽绒服，帽子可拆卸，专为北方寒冬打造。",
      color("Black", "Navy", "Khaki"), CLOTHING_SIZES),
    p("Semir", "Washed Denim Jacket", "水洗牛仔外套", 259,
      "A casual washed-denim jacket with a loose fit, easy to wear over a hoodie or a tee.",
      "休闲水洗牛仔外套，宽松版型，搭配卫衣和T恤都好看。",
      color("Light Blue", "Dark Blue"), CLOTHING_SIZES),
    p("Peacebird", "V-Neck Knit Cardigan", "V领针织开衫", 399,
      "A soft V-neck cardigan in a wool blend, an easy extra layer for air-conditioned offices.",
      "柔软的羊毛混纺V领开衫，空调房里随手一搭。",
      color("Cream", "Black", "Light Grey"), CLOTHING_SIZES),
    p("The North Face", "1996 Retro Nuptse Down Jacket", "1996 Nuptse 经典羽绒服", 2399,
      "The boxy 1996 classic with 700-fill goose down and a stowable hood, a winter street-style "
      "icon.",
      "1996 经典廓形羽绒服，700 蓬鹅绒，帽子可收纳，冬季街头经典款。",
      color("Black", "Yellow", "Navy"), CLOTHING_SIZES),
    p("Levi's", "501 Original Straight Jeans", "501 经典直筒牛仔裤", 699,
      "The original button-fly straight-leg jeans, made since 1873 in rigid cotton denim that "
      "fits better with every wear.",
      "始于 1873 年的经典纽扣门襟直筒牛仔裤，纯棉牛仔布越穿越合身。",
      color("Dark Blue", "Light Blue", "Black"), CLOTHING_SIZES),
    p("MUJI", "Washed French Linen Shirt", "法国亚麻水洗衬衫", 298,
      "A washed French linen shirt that is soft from the first wear and stays cool in humid "
      "weather.",
      "水洗法国亚麻衬衫，初次上身就很柔软，闷热天气依然清爽。",
      color("White", "Navy", "Beige"), CLOTHING_SIZES),
    p("Heilan Home", "Cotton Piqué Polo Shirt", "纯棉商务休闲 Polo 衫", 169,
      "A smart-casual cotton piqué polo with a neat collar, for work and weekends.",
      "纯棉珠地 Polo 衫，领型挺括，上班周末都合适。",
      color("Navy", "White", "Black"), CLOTHING_SIZES),
    p("lululemon", "Align High-Rise Yoga Pants", "Align 高腰瑜伽裤", 750,
      "Buttery-soft, barely-there leggings for yoga and lounging, with a high rise and a hidden "
      "waistband pocket.",
      "柔软裸感的高腰瑜伽裤，练瑜伽和居家都舒适，腰部内置隐形口袋。",
      color("Black", "Navy", "Sage Green"), CLOTHING_SIZES),
    p("UR", "Floral Midi Dress", "碎花中长款连衣裙", 399,
      "A flowing floral midi dress with a tie waist, light and breezy for spring and summer.",
      "飘逸的碎花中长连衣裙，系带收腰，轻盈适合春夏。",
      color("Blue Floral", "Pink Floral"), CLOTHING_SIZES),
    p("Jeanswest", "Stretch Slim Chinos", "弹力修身休闲裤", 129,
      "Everyday slim chinos with a little stretch for comfort, easy to pair with sneakers or "
      "loafers.",
      "日常修身休闲裤，微弹舒适，配运动鞋或乐福鞋都好看。",
      color("Khaki", "Black", "Navy"), CLOTHING_SIZES),
])

SHOES = Section("shoes", "Shoes", "鞋靴", [
    p("Nike", "Air Force 1 '07 Sneakers", "Air Force 1 '07 空军一号板鞋", 799,
      "The basketball original turned street classic, with crisp leather and Nike Air "
      "cushioning.",
      "从篮球场走向街头的经典之作，皮革鞋面挺括，内置 Nike Air 气垫。",
      color("White", "Black"), shoe_sizes()),
    p("Nike", "Dunk Low Retro Sneakers", "Dunk Low Retro 板鞋", 799,
      "The 80s basketball icon in the popular black-and-white 'Panda' colourway, with a padded "
      "low-cut collar.",
      "80 年代篮球经典，人气黑白“熊猫”配色，低帮鞋口柔软包裹。",
      color("Black/White", "Grey"), shoe_sizes()),
    p("Nike", "Pegasus 41 Running Shoes", "Pegasus 41 飞马跑步鞋", 899,
      "A responsive everyday running shoe with ReactX foam and Air Zoom units in the forefoot "
      "and heel.",
      "日常训练跑鞋，ReactX 泡棉中底，前后掌均配 Air Zoom 气垫，回弹灵敏。",
      color("Black", "White", "Blue"), shoe_sizes(39)),
    p("Nike", "Air Max 270 Sneakers", "Air Max 270 运动鞋", 1099,
      "Nike's tallest heel Air unit for an ultra-soft ride, with a breathable mesh upper for "
      "all-day wear.",
      "超大后跟 Air 气垫带来柔软脚感，透气网面，全天穿着舒适。",
      color("Black", "White"), shoe_sizes()),
    p("Adidas", "Samba OG Sneakers", "Samba OG 德训鞋", 899,
      "The football-born classic with a suede T-toe, a leather upper and a gum rubber sole.",
      "源自足球场的经典款，麂皮T型鞋头，皮革鞋面，生胶大底。",
      color("White", "Black"), shoe_sizes()),
    p("Adidas", "Ultraboost Light Running Shoes", "Ultraboost Light 跑步鞋", 1499,
      "The lightest Ultraboost yet, with Light BOOST cushioning that returns energy on every "
      "stride.",
      "史上最轻的 Ultraboost，Light BOOST 中底，每一步都回弹有力。",
      color("Black", "White"), shoe_sizes(39)),
    p("Li-Ning", "Feidian 4 Elite Carbon Racing Shoes", "飞电 4 Elite 碳板竞速跑鞋", 1199,
      "A carbon-plated racing shoe with BOOM foam, worn by top Chinese marathon runners.",
      "全掌碳板竞速跑鞋，采用䨻科技中底，国内顶尖马拉松选手的选择。",
      color("White/Red", "Black"), shoe_sizes(39)),
    p("Li-Ning", "Way of Wade 11 Basketball Shoes", "韦德之道 11 篮球鞋", 1499,
      "Dwyane Wade's signature basketball shoe, with full-length BOOM cushioning and a carbon "
      "plate for stability.",
      "韦德签名篮球鞋，全掌䨻科技中底，碳板支撑更稳定。",
      color("Black", "White"), shoe_sizes(39)),
    p("Li-Ning", "Chitu 7 Running Shoes", "赤兔 7 跑步鞋", 499,
      "A light, fast tempo trainer that many runners pick for daily miles and 5K races.",
      "轻量速度训练鞋，很多跑者日常训练和 5 公里比赛的首选。",
      color("Black", "White", "Blue"), shoe_sizes()),
    p("Anta", "KT9 Basketball Shoes", "KT9 汤普森篮球鞋", 999,
      "Klay Thompson's signature shoe with nitrogen-infused cushioning and strong support and "
      "grip.",
      "克莱·汤普森签名篮球鞋，氮科技中底，支撑与抓地表现出色。",
      color("White", "Black"), shoe_sizes(39)),
    p("Anta", "Mach 4 Running Shoes", "马赫 4 跑步鞋", 499,
      "A versatile running shoe with a nitrogen-infused midsole and a breathable upper, at a "
      "great price.",
      "多面手跑鞋，氮科技中底，鞋面透气，价格实惠。",
      color("Black", "White", "Green"), shoe_sizes()),
    p("Xtep", "160X 6.0 Carbon Running Shoes", "160X 6.0 碳板跑鞋", 1099,
      "A marathon racing shoe with a carbon plate and PB foam, built for your next personal "
      "best.",
      "马拉松竞速跑鞋，碳板搭配 PB 中底，为下一次刷新个人最好成绩而生。",
      color("White", "Orange"), shoe_sizes(39)),
    p("Skechers", "D'Lites Chunky Sneakers", "D'Lites 老爹鞋", 499,
      "Chunky retro sneakers with a cushioned memory foam insole, comfortable for walking all "
      "day.",
      "复古厚底老爹鞋，记忆棉鞋垫，全天走路也舒适。",
      color("White", "Black", "Pink"), shoe_sizes(36, 40)),
    p("New Balance", "530 Retro Running Sneakers", "530 复古跑鞋", 699,
      "A 2000s running-inspired sneaker with breathable mesh and ABZORB cushioning.",
      "千禧年复古跑鞋风格，透气网布，ABZORB 缓震中底。",
      color("White", "Grey"), shoe_sizes()),
    p("New Balance", "574 Classic Sneakers", "574 经典运动鞋", 659,
      "The everyday classic in suede and mesh, with ENCAP midsole support.",
      "麂皮与网布拼接的日常经典款，ENCAP 中底支撑稳定。",
      color("Grey", "Navy"), shoe_sizes()),
    p("Converse", "Chuck 70 High-Top Canvas Shoes", "Chuck 70 高帮帆布鞋", 569,
      "The 1970s-style high-top in heavier canvas, with a cushioned insole and vintage details.",
      "复刻 70 年代高帮帆布鞋，帆布更厚实，鞋垫更柔软，复古细节满满。",
      color("Black", "Cream"), shoe_sizes()),
    p("Vans", "Old Skool Skate Shoes", "Old Skool 板鞋", 499,
      "The classic skate shoe with the side stripe, tough suede and canvas, and a waffle sole.",
      "经典侧边条纹滑板鞋，麂皮帆布拼接耐磨，华夫格大底。",
      color("Black", "Navy"), shoe_sizes()),
    p("HOKA", "Clifton 9 Cushioned Running Shoes", "Clifton 9 缓震跑鞋", 1099,
      "A lighter, softer Clifton with more cushioning, great for easy runs and long walks.",
      "更轻更软的 Clifton，缓震更足，适合慢跑和长时间步行。",
      color("Black", "White", "Blue"), shoe_sizes(39)),
    p("Asics", "Gel-Kayano 31 Stability Running Shoes", "Gel-Kayano 31 稳定跑鞋", 1299,
      "A stability running shoe with 4D guidance and PureGEL cushioning, for runners whose feet "
      "roll inwards.",
      "稳定支撑跑鞋，4D 导向系统和 PureGEL 缓震，适合足部内翻的跑者。",
      color("Black", "Blue"), shoe_sizes(39)),
    p("Dr. Martens", "1460 8-Eye Leather Boots", "1460 经典 8 孔马丁靴", 1499,
      "The original 8-eye boot in smooth leather, with yellow welt stitching and an "
      "air-cushioned sole.",
      "经典 8 孔马丁靴，光面皮革，标志性黄色缝线和气垫鞋底。",
      color("Black", "Cherry Red"), shoe_sizes()),
    p("UGG", "Classic Mini Boots", "Classic Mini 经典短靴", 1499,
      "A short sheepskin boot that is warm and soft inside, with a light, grippy sole.",
      "羊皮毛一体短靴，内里温暖柔软，鞋底轻便防滑。",
      color("Chestnut", "Black"), shoe_sizes(36, 40)),
    p("Crocs", "Classic Clogs", "经典洞洞鞋", 349,
      "Light, comfy clogs you can rinse clean, with a pivoting heel strap and holes for "
      "Jibbitz charms.",
      "轻便舒适的洞洞鞋，可以水洗，后跟带可翻转，鞋孔可装饰 Jibbitz 鞋花。",
      color("Black", "White", "Pink"), shoe_sizes()),
    p("Warrior", "Classic Canvas Sneakers", "经典帆布鞋", 89,
      "The Shanghai canvas classic since 1927: simple, light and easy to wear every day.",
      "1927 年诞生的上海经典帆布鞋，简约轻便，日常百搭。",
      color("White", "Black"), shoe_sizes()),
    p("Feiyue", "Classic Kung Fu Canvas Shoes", "经典功夫帆布鞋", 99,
      "Light canvas shoes with a flexible rubber sole, first made in Shanghai for martial arts "
      "practice.",
      "轻便帆布鞋，柔软橡胶底，最初在上海为习武练功而生。",
      color("White", "Black"), shoe_sizes()),
])

BEAUTY = Section("beauty", "Beauty & Personal Care", "美妆个护", [
    p("L'Oreal", "Revitalift Hyaluronic Acid Serum", "复颜玻尿酸水光充盈精华", 299,
      "A plumping serum with multi-weight hyaluronic acid that hydrates deeply and leaves skin "
      "bouncy.",
      "多重分子玻尿酸精华，深层补水，让肌肤饱满有弹性。",
      opt("volume", "30 ml", ("50 ml", 120))),
    p("L'Oreal", "Revitalift Retinol Eye Cream for Face", "紫熨斗全脸淡纹眼霜", 429,
      "A retinol eye cream you can use on the whole face to soften fine lines and dark circles.",
      "含视黄醇的全脸可用眼霜，淡化细纹与黑眼圈。"),
    p("L'Oreal", "Men Expert Energising Face Wash", "男士劲能醒肤洁面乳", 69,
      "A refreshing men's face wash that clears oil and wakes up tired skin, even after a late "
      "night.",
      "清爽型男士洁面乳，洗去油光，熬夜后也能让肌肤焕发精神。"),
    p("L'Oreal", "Elvive Extraordinary Hair Oil", "奇焕护发精油", 89,
      "A light hair oil with six flower oils that tames frizz and adds shine without feeling "
      "greasy.",
      "轻盈护发精油，融合六种花朵精油，抚平毛躁，增添光泽又不油腻。"),
    p("Lancôme", "Advanced Génifique Serum", "小黑瓶精华肌底液", 760,
      "Lancôme's best-selling serum, which strengthens the skin barrier and leaves skin looking "
      "radiant.",
      "兰蔻明星精华，修护肌肤屏障，让肌肤透亮有光泽。",
      opt("volume", "30 ml", ("50 ml", 320), ("100 ml", 1040))),
    p("Estée Lauder", "Advanced Night Repair Serum", "特润修护肌活精华露（小棕瓶）", 720,
      "The iconic 'little brown bottle' night serum that helps skin renew itself while you "
      "sleep.",
      "经典小棕瓶夜间精华，帮助肌肤在睡眠中自我修护。",
      opt("volume", "30 ml", ("50 ml", 330))),
    p("SK-II", "Facial Treatment Essence", "护肤精华露（神仙水）", 1190,
      "The cult essence with over 90% PITERA that refines texture for a clear, crystal-like "
      "glow.",
      "含 90% 以上 PITERA 的神仙水，细腻肤质，焕发晶莹剔透的光彩。",
      opt("volume", "160 ml", ("230 ml", 350))),
    p("Shiseido", "Ultimune Power Infusing Serum", "红妍肌活精华露（红腰子）", 790,
      "The red-bottle serum that strengthens skin's defences against dryness and city stress.",
      "红腰子精华，增强肌肤防御力，抵御干燥与都市压力。",
      opt("volume", "50 ml", ("75 ml", 300))),
    p("Proya", "Double Resist Essence", "双抗精华", 269,
      "An antioxidant and anti-glycation serum that brightens dull skin, a favourite among "
      "Chinese skincare brands.",
      "抗氧化、抗糖化双重功效，提亮暗沉肤色，国货护肤的人气之选。",
      opt("volume", "30 ml", ("50 ml", 100))),
    p("Winona", "Soothing Repair Cream", "舒敏保湿特护霜", 268,
      "A gentle moisturiser for sensitive skin that calms redness and supports the skin "
      "barrier.",
      "温和的敏感肌面霜，舒缓泛红，修护肌肤屏障。"),
    p("Florasis", "Setting Loose Powder", "空气蜜粉", 149,
      "An ultra-fine setting powder with a soft-focus finish that keeps make-up matte without "
      "looking cakey.",
      "超细蜜粉，柔焦妆效，控油定妆不卡粉。",
      opt("shade", "Translucent", "Light", "Natural")),
    p("Perfect Diary", "Velvet Matte Lipstick", "丝绒哑光口红", 69,
      "A light matte lipstick with rich colour that stays comfortable all day.",
      "轻薄哑光口红，显色饱满，全天不干。",
      opt("shade", "Ruby Red", "Rose", "Brick", "Nude Pink")),
    p("M·A·C", "Retro Matte Lipstick", "子弹头哑光口红", 230,
      "The classic bullet lipstick with long-wearing colour; Ruby Woo is the legendary "
      "blue-red.",
      "经典子弹头口红，持久显色，Ruby Woo 是传奇的蓝调正红色。",
      opt("shade", "Ruby Woo", "Chili", "Marrakesh", "Velvet Teddy")),
    p("Dior", "Rouge Dior Lipstick", "烈艳蓝金唇膏", 380,
      "Couture colour in a refillable case; shade 999 is Dior's signature red.",
      "高定色彩，外壳可替换，999 是迪奥标志性的正红色。",
      opt("shade", "999 Velvet", "720 Icone", "100 Nude Look")),
    p("Anessa", "Perfect UV Sunscreen Milk SPF50+", "金瓶防晒乳 SPF50+", 198,
      "A water- and sweat-resistant SPF50+ PA++++ sunscreen, light enough to wear every day.",
      "防水防汗的 SPF50+ PA++++ 防晒乳，质地轻薄，适合日常使用。"),
    p("Kiehl's", "Ultra Facial Cream", "高保湿面霜", 360,
      "A light daily moisturiser with squalane and glacial glycoprotein that keeps skin "
      "hydrated for 24 hours.",
      "轻盈的日常面霜，含角鲨烷和冰川糖蛋白，24 小时持续保湿。",
      opt("volume", "50 ml", ("125 ml", 300))),
    p("La Roche-Posay", "Cicaplast Baume B5", "B5 修复霜", 168,
      "A soothing balm with panthenol and madecassoside for dry, irritated or freshly treated "
      "skin.",
      "含泛醇和积雪草苷的舒缓修复霜，适合干燥、受刺激或医美术后的肌肤。"),
    p("CeraVe", "Moisturising Cream", "C 霜 保湿润肤霜", 199,
      "A rich, fragrance-free cream with three essential ceramides, for dry skin on the face "
      "and body.",
      "滋润无香料润肤霜，含三种必需神经酰胺，干性肌肤的脸部和身体都能用。"),
    p("Philips", "Sonicare 9000 Electric Toothbrush", "Sonicare 9000 电动牙刷", 899,
      "A sonic toothbrush with four modes and a pressure sensor that removes up to 10 times "
      "more plaque than a manual brush.",
      "声波电动牙刷，四种模式，带压力感应，清除牙菌斑能力高达手动牙刷的 10 倍。",
      color("Black", "White", "Pink")),
    p("Oral-B", "iO7 Electric Toothbrush", "iO7 电动牙刷", 1299,
      "Oscillating micro-vibration brushing with an interactive display and AI brushing "
      "guidance in the app.",
      "圆头微震清洁，互动显示屏，App 中有 AI 刷牙指导。",
      color("Black", "White")),
    p("Braun", "Series 7 Wet & Dry Shaver", "7 系干湿两用电动剃须刀", 1199,
      "A wet-and-dry shaver with a 360° flex head that follows every contour for a close, "
      "gentle shave.",
      "干湿两用电动剃须刀，360° 浮动刀头贴合面部轮廓，剃得干净又温和。"),
    p("Pechoin", "Hydrating Skincare Set", "水能量补水套装", 199,
      "A classic Shanghai skincare set with toner, lotion and cream for daily hydration.",
      "上海老牌护肤套装，含爽肤水、乳液和面霜，日常补水保湿。"),
    p("Chando", "Hydrating Sheet Masks (10 pack)", "补水面膜 10 片装", 99,
      "Ten hydrating sheet masks with Himalayan glacier water for a quick moisture boost.",
      "十片装补水面膜，含喜马拉雅冰川水，快速补充水分。"),
    p("Head & Shoulders", "Cool Menthol Anti-Dandruff Shampoo", "清爽去屑洗发水", 49.9,
      "An anti-dandruff shampoo that leaves hair clean and fresh, with a cooling menthol "
      "tingle.",
      "去屑洗发水，洗后清爽干净，带来薄荷清凉感。",
      opt("volume", "400 ml", ("750 ml", 30))),
    p("Dove", "Deeply Nourishing Body Wash 1kg", "深层滋养沐浴露 1kg", 59.9,
      "A creamy body wash that cleans gently and leaves skin soft and smooth.",
      "绵密沐浴露，温和清洁，洗后肌肤柔嫩顺滑。"),
])

FOOD = Section("food-snacks", "Food & Snacks", "食品零食", [
    p("Three Squirrels", "Daily Mixed Nuts", "每日坚果", 49.9,
      "A daily mix of cashews, almonds, hazelnuts, walnuts and dried fruit in single-serve "
      "packs.",
      "每日一袋，混合腰果、巴旦木、榛子、核桃和果干，独立小包装。",
      opt("pack", "375 g (15 packs)", ("750 g (30 packs)", 40))),
    p("Three Squirrels", "Hand-Peeled Pecans 210g", "手剥碧根果 210g", 39.9,
      "Cream-flavoured pecans with thin shells that crack easily by hand.",
      "奶油味碧根果，壳薄易剥，用手就能轻松剥开。"),
    p("Three Squirrels", "Macadamia Nuts 265g", "夏威夷果 265g", 29.9,
      "Buttery macadamia nuts with a pre-cut shell, with a little opener included.",
      "奶香夏威夷果，开口设计，附赠开果器。"),
    p("Three Squirrels", "Hand-Torn Beef Jerky", "手撕牛肉干", 29.9,
      "Tender hand-torn beef jerky, slowly marinated and dried, a protein-rich snack for the "
      "road.",
      "手撕牛肉干，慢腌风干，口感有嚼劲，出门路上的高蛋白零食。",
      opt("flavor", "Spicy", "Five-Spice")),
    p("Three Squirrels", "Snack Gift Box", "零食大礼包", 99,
      "A big gift box of more than 20 snacks, including nuts, jerky, cakes and dried fruit, "
      "great for sharing.",
      "20 多款零食大礼包，坚果、肉干、糕点、果干都有，适合分享和送礼。"),
    p("Bestore", "Pork Jerky", "猪肉脯", 29.9,
      "Thin, sweet and savoury slices of pork jerky, a classic Jiangnan-style snack.",
      "薄而香的猪肉脯，甜咸适口，经典江南风味小零食。",
      opt("flavor", "Original", "Spicy")),
    p("Be & Cheery", "Dried Mango Slices", "芒果干", 19.9,
      "Chewy dried mango slices with a natural sweet and tangy taste.",
      "软糯芒果干，酸甜自然。"),
    p("Weilong", "Spicy Gluten Strips (Latiao)", "大面筋辣条", 19.9,
      "China's favourite spicy snack: chewy gluten strips in sweet and spicy chilli oil.",
      "国民辣味零食，面筋劲道有嚼劲，甜辣红油香。",
      opt("pack", "10 packs", ("20 packs", 15))),
    p("Want Want", "Rice Cracker Gift Pack", "仙贝雪饼大礼包", 49.9,
      "Crispy rice crackers and senbei in a festive pack, a childhood favourite in China.",
      "仙贝、雪饼酥脆大礼包，很多人的童年回忆。"),
    p("Haidilao", "Self-Heating Hotpot", "自热小火锅", 39.9,
      "A complete hotpot meal that heats itself in 15 minutes, with no stove needed.",
      "自热小火锅，无需明火，15 分钟即可享用一顿完整的火锅。",
      opt("flavor", "Spicy Beef", "Vegetarian"), available=False),
    p("Master Kong", "Braised Beef Instant Noodles (5 pack)", "红烧牛肉面 5 连包", 14.9,
      "China's classic instant noodles in a rich braised beef broth, five packs.",
      "经典红烧牛肉面，汤底浓郁，五连包。"),
    p("Nongfu Spring", "Natural Drinking Water 550ml x 24", "饮用天然水 550ml×24 瓶", 35.9,
      "Natural drinking water from protected sources, in a case of 24 bottles.",
      "来自优质水源地的饮用天然水，整箱 24 瓶。"),
    p("Yili", "Pure Milk 250ml x 24", "纯牛奶 250ml×24 盒", 59.9,
      "Whole pure milk in handy cartons, rich in protein and calcium for the whole family.",
      "全脂纯牛奶，小盒装方便携带，富含蛋白质和钙，全家都能喝。"),
    p("Mengniu", "Deluxe Pure Milk 250ml x 12", "特仑苏 纯牛奶 250ml×12 盒", 69.9,
      "Premium pure milk with 3.6 g of protein per 100 ml, from selected farms.",
      "每 100 毫升含 3.6 克优质乳蛋白，甄选牧场奶源。"),
    p("Genki Forest", "Sugar-Free Sparkling Water 480ml x 15", "0 糖气泡水 480ml×15 瓶", 59.9,
      "Sugar-free, zero-calorie sparkling water with a light fruity flavour.",
      "0 糖 0 卡气泡水，果味清爽。",
      opt("flavor", "White Peach", "Grapefruit", "Cola")),
    p("Saturnbird", "Instant Specialty Coffee (24 cups)", "超即溶精品咖啡 24 颗", 99,
      "Specialty instant coffee that dissolves even in cold milk or water, in collectable mini "
      "cups.",
      "精品超即溶咖啡，冷水冷牛奶也能秒溶，迷你杯装可收藏。",
      opt("roast", "Medium Roast", "Dark Roast")),
    p("Zhang Yiyuan", "Jasmine Tea 200g", "茉莉花茶 200g", 68,
      "Fragrant jasmine green tea from a Beijing tea house founded in 1900.",
      "创立于 1900 年的北京老字号，茉莉花香清雅浓郁。"),
    p("Lee Kum Kee", "Premium Oyster Sauce", "旧庄特级蚝油", 22.9,
      "A rich Cantonese oyster sauce for stir-fries, braises and dipping.",
      "浓郁的广式蚝油，炒菜、红烧、蘸料都适合。"),
    p("Haitian", "Premium Light Soy Sauce", "味极鲜酱油", 15.9,
      "A bright, savoury light soy sauce for cold dishes, stir-fries and dumpling dips.",
      "鲜味浓郁的生抽，凉拌、炒菜、蘸饺子都好用。"),
    p("Lao Gan Ma", "Chilli Crisp Oil", "风味油辣椒", 12.9,
      "The famous Guizhou chilli crisp: crunchy, fragrant and addictive on noodles, rice and "
      "eggs.",
      "贵州经典油辣椒，香脆下饭，拌面、拌饭、炒蛋都好吃。",
      opt("flavor", "Crispy Chilli", "Black Bean")),
    p("Zhou Hei Ya", "Braised Duck Necks", "卤鸭脖", 39.9,
      "Wuhan-style braised duck necks, sweet and spicy, sealed for freshness.",
      "武汉风味卤鸭脖，甜辣入味，锁鲜装更新鲜。"),
    p("Wufangzhai", "Zongzi Gift Box", "粽子礼盒", 88,
      "A gift box of Jiaxing zongzi with pork, red bean and egg yolk fillings, wrapped in "
      "bamboo leaves.",
      "嘉兴粽子礼盒，鲜肉、豆沙、蛋黄多种口味，粽叶包裹清香。"),
    p("Ferrero", "Rocher Chocolates (30 pieces)", "榛果威化巧克力 30 粒", 139,
      "Crispy hazelnut wafers in smooth chocolate, a favourite gift for the holidays.",
      "香脆榛果威化裹上丝滑巧克力，节日送礼首选。"),
    p("Orion", "Choco Pie (12 pieces)", "巧克力派 12 枚", 24.9,
      "Soft cake with marshmallow inside and a chocolate coating, twelve individually wrapped "
      "pies.",
      "松软蛋糕夹着棉花糖，外裹巧克力，12 枚独立包装。"),
    p("Lay's", "Potato Chips", "薯片", 14.9,
      "Thin, crispy potato chips in China's favourite flavours, including the refreshing "
      "cucumber.",
      "薄脆薯片，多种人气口味，还有清爽的黄瓜味。",
      opt("flavor", "Original", "Cucumber", "Tomato")),
])

BOOKS = Section("books", "Books", "图书", brand_in_title=False, lines=[
    p("Chongqing Publishing House", "The Three-Body Problem Trilogy (Liu Cixin)",
      "三体（全三册）刘慈欣", 93,
      "Liu Cixin's Hugo Award-winning science fiction epic about humanity's first contact with "
      "an alien civilisation. Chinese edition.",
      "刘慈欣雨果奖获奖科幻巨作，讲述人类与外星文明的第一次接触。"),
    p("Writers Publishing House", "To Live (Yu Hua)", "活着 余华", 35,
      "Yu Hua's moving novel of one man's life through decades of upheaval in "
      "twentieth-century China.",
      "余华代表作，讲述一个人在二十世纪中国历经时代变迁的一生，感人至深。"),
    p("People's Literature Publishing House", "Fortress Besieged (Qian Zhongshu)",
      "围城 钱锺书", 39,
      "A witty classic about marriage and ambition: those outside want to get in, and those "
      "inside want to get out.",
      "钱锺书妙趣横生的经典小说：城外的人想冲进去，城里的人想逃出来。"),
    p("Beijing October Arts & Literature", "Ordinary World (Lu Yao, 3 volumes)",
      "平凡的世界（全三册）路遥", 108,
      "Lu Yao's Mao Dun Prize-winning saga of rural young people striving for a better life in "
      "1970s and 80s China.",
      "路遥茅盾文学奖作品，描写七八十年代农村青年奋斗与成长的史诗。"),
    p("People's Literature Publishing House", "Dream of the Red Chamber (Cao Xueqin, 2 volumes)",
      "红楼梦（全二册）曹雪芹", 59.7,
      "The masterpiece of classical Chinese fiction, in the annotated People's Literature "
      "edition.",
      "中国古典小说的巅峰之作，人民文学出版社注释版。"),
    p("Nanhai Publishing", "One Hundred Years of Solitude (García Márquez)",
      "百年孤独 加西亚·马尔克斯", 55,
      "García Márquez's magical-realist saga of the Buendía family, in the authorised Chinese "
      "translation.",
      "马尔克斯魔幻现实主义巨作，讲述布恩迪亚家族七代人的传奇，中文授权译本。",
      opt("format", "Paperback", ("Hardcover", 20))),
    p("CITIC Press", "Sapiens: A Brief History of Humankind (Yuval Noah Harari)",
      "人类简史：从动物到上帝 尤瓦尔·赫拉利", 68,
      "Harari's bestseller on how Homo sapiens came to rule the world. Chinese edition.",
      "尤瓦尔·赫拉利的畅销书，讲述智人如何一步步成为地球的主宰。"),
    p("CITIC Press", "Principles (Ray Dalio)", "原则 瑞·达利欧", 98,
      "Ray Dalio's principles for life and work, drawn from decades of running Bridgewater. "
      "Chinese edition.",
      "瑞·达利欧总结数十年经营桥水基金的经验，分享生活与工作的原则。"),
    p("CITIC Press", "The Almanack of Naval Ravikant", "纳瓦尔宝典", 68,
      "Naval Ravikant's ideas on building wealth and finding happiness, collected from his "
      "talks and posts. Chinese edition.",
      "汇集纳瓦尔关于积累财富与获得幸福的思考。"),
    p("People's Literature Publishing House", "The Little Prince (Saint-Exupéry)",
      "小王子 圣埃克苏佩里", 32,
      "A timeless tale for children and grown-ups, with the original watercolour illustrations. "
      "Chinese edition.",
      "写给孩子也写给大人的永恒童话，附原版水彩插图。",
      opt("format", "Paperback", ("Hardcover", 16))),
    p("Bloomsbury", "Harry Potter and the Philosopher's Stone (English edition)",
      "哈利·波特与魔法石（英文原版）", 69,
      "The first book of J.K. Rowling's Harry Potter series in the original English, "
      "paperback.",
      "J.K. 罗琳《哈利·波特》系列第一部，英文原版平装。"),
    p("Penguin", "Atomic Habits (James Clear, English edition)", "掌控习惯（英文原版）", 98,
      "James Clear's practical guide to building good habits and breaking bad ones, in the "
      "original English.",
      "詹姆斯·克利尔关于养成好习惯、戒掉坏习惯的实用指南，英文原版。"),
    p("Nanhai Publishing", "The Miracles of the Namiya General Store (Keigo Higashino)",
      "解忧杂货店 东野圭吾", 39.5,
      "Keigo Higashino's heart-warming novel about a shop where letters asking for advice are "
      "answered across time.",
      "东野圭吾温暖治愈之作，一家能跨越时空回信、解答烦恼的杂货店。"),
    p("Shanghai People's Publishing House", "The Kite Runner (Khaled Hosseini)",
      "追风筝的人 卡勒德·胡赛尼", 36,
      "A story of friendship, betrayal and redemption set in Afghanistan. Chinese edition.",
      "一个关于友谊、背叛与救赎的故事，背景设在阿富汗。"),
    p("Beijing United Publishing", "Those Things in the Ming Dynasty (7 volumes)",
      "明朝那些事儿（全七册）当年明月", 198,
      "A lively, humorous retelling of Ming dynasty history that made millions of readers fall "
      "in love with history.",
      "以幽默生动的笔法讲述明朝历史，让无数读者爱上了历史。"),
    p("Peking University Press", "From the Soil (Fei Xiaotong)", "乡土中国 费孝通", 26,
      "Fei Xiaotong's classic study of rural Chinese society: short, clear and still "
      "insightful.",
      "费孝通研究中国乡土社会的经典之作，篇幅不长，至今仍有启发。"),
    p("Posts & Telecom Press", "Deep Learning (Goodfellow, Bengio, Courville)", "深度学习", 168,
      "The 'flower book' of deep learning, covering the maths, the models and the practice. "
      "Chinese edition.",
      "深度学习领域的“花书”，涵盖数学基础、模型与实践。"),
    p("Posts & Telecom Press", "Python Crash Course, 3rd Edition (Eric Matthes)",
      "Python 编程：从入门到实践（第 3 版）", 89,
      "A hands-on introduction to Python through a game, data visualisation and a web app. "
      "Chinese edition.",
      "通过游戏、数据可视化和 Web 应用项目，动手学习 Python 编程。"),
    p("China Machine Press", "The Courage to Be Disliked (Kishimi, Koga)",
      "被讨厌的勇气 岸见一郎 古贺史健", 55,
      "A dialogue between a philosopher and a young man on Adlerian psychology and how to be "
      "free and happy. Chinese edition.",
      "哲人与青年的对话，借阿德勒心理学探讨如何获得自由与幸福。"),
    p("People's Literature Publishing House", "The Last Quarter of the Moon (Chi Zijian)",
      "额尔古纳河右岸 迟子建", 36,
      "Chi Zijian's Mao Dun Prize novel about the Evenki reindeer herders of northeastern "
      "China.",
      "迟子建茅盾文学奖作品，讲述东北鄂温克族驯鹿部落的百年沧桑。"),
    p("Writers Publishing House", "Sophie's World (Jostein Gaarder)", "苏菲的世界 乔斯坦·贾德", 46,
      "A novel that walks a teenage girl, and the reader, through the history of Western "
      "philosophy. Chinese edition.",
      "以小说的形式带领少女苏菲和读者走进西方哲学史。"),
    p("Zhonghua Book Company", "1587, A Year of No Significance (Ray Huang)",
      "万历十五年 黄仁宇", 38,
      "Ray Huang's classic history of the late Ming dynasty, seen through one seemingly "
      "ordinary year.",
      "黄仁宇经典史学著作，从看似平淡无奇的一年透视晚明社会。"),
    p("Hunan Literature and Art Publishing", "The Lychee Road (Ma Boyong)", "长安的荔枝 马伯庸", 45,
      "Ma Boyong's gripping Tang dynasty tale of a minor official ordered to deliver fresh "
      "lychees to the capital.",
      "马伯庸的唐代故事，紧张好看：一个小吏受命把新鲜荔枝从岭南送到长安。"),
    p("People's Literature Publishing House", "Me and the Temple of Earth (Shi Tiesheng)",
      "我与地坛 史铁生", 39,
      "Shi Tiesheng's celebrated essays on life, loss and his mother, written in a quiet "
      "Beijing park.",
      "史铁生在地坛写下的经典散文，关于生命、失去与母爱。"),
    p("Tomorrow Publishing House", "Guess How Much I Love You (picture book)",
      "猜猜我有多爱你（绘本）", 32.8,
      "A gentle picture book about Little Nutbrown Hare and Big Nutbrown Hare, perfect for "
      "bedtime. Chinese edition.",
      "温馨的亲子绘本，小兔子和大兔子比一比谁更爱对方，适合睡前共读。"),
])

SPORTS = Section("sports", "Sports & Outdoors", "运动户外", [
    p("Li-Ning", "Full Carbon Badminton Racket", "全碳素羽毛球拍", 399,
      "A full carbon-fibre racket with a head-heavy balance for powerful smashes, strung and "
      "ready to play.",
      "全碳素羽毛球拍，头重设计杀球有力，已穿线，到手即可使用。",
      opt("weight", "3U", "4U")),
    p("Yonex", "Astrox 88D Pro Badminton Racket", "天斧 88D Pro 羽毛球拍", 1380,
      "A head-heavy attacking racket for doubles back-court players who love to smash.",
      "头重进攻型球拍，适合喜欢后场重杀的双打选手。",
      opt("weight", "3U", "4U")),
    p("Victor", "Goose Feather Shuttlecocks (12 pack)", "鹅毛羽毛球 12 只装", 99,
      "Durable goose feather shuttlecocks with a stable flight, for club play and training.",
      "耐打鹅毛羽毛球，飞行稳定，适合俱乐部比赛和日常训练。"),
    p("Spalding", "Size 7 Indoor/Outdoor Basketball", "7 号室内外篮球", 199,
      "A size 7 composite-leather basketball with a soft feel and great grip indoors and out.",
      "7 号标准篮球，复合皮材质，手感柔软，室内室外都抓手。"),
    p("Decathlon", "Kipsta Size 5 Football", "Kipsta 5 号足球", 99,
      "A hand-stitched size 5 training ball that keeps its shape match after match.",
      "手缝 5 号训练足球，久踢不变形。"),
    p("Molten", "Size 5 Competition Volleyball", "5 号比赛排球", 299,
      "An official-size volleyball with a soft touch and a stable flight, used in many "
      "competitions.",
      "5 号标准比赛排球，手感柔软，飞行稳定，众多赛事指定用球。"),
    p("Wilson", "Clash 100 Tennis Racket", "Clash 100 网球拍", 1899,
      "A flexible, arm-friendly racket that still gives plenty of control and power.",
      "拍框柔韧，对手臂友好，同时兼顾控制与力量。",
      opt("grip", "Grip 2", "Grip 3")),
    p("Keep", "Double-Sided Non-Slip Yoga Mat 6mm", "双面防滑瑜伽垫 6mm", 129,
      "A 6 mm non-slip yoga mat with alignment lines, light enough to carry to class.",
      "6mm 双面防滑瑜伽垫，带体位线，轻便易携带。",
      color("Purple", "Blue", "Black")),
    p("Keep", "Smart Counting Jump Rope", "智能计数跳绳", 99,
      "A jump rope that counts your skips and syncs each workout to the Keep app.",
      "智能计数跳绳，训练数据同步到 Keep App。"),
    p("Decathlon", "Domyos Adjustable Dumbbell Set 20kg", "Domyos 可调节哑铃套装 20 公斤", 399,
      "A 20 kg screw-lock dumbbell set with cast-iron plates, for strength training at home.",
      "20 公斤螺母锁可调节哑铃套装，铸铁哑铃片，居家力量训练。"),
    p("Xiaomi", "Mijia Foldable Walking Pad", "米家 折叠走步机", 1199,
      "A foldable walking pad that slides under the sofa, for steps while you work or watch TV.",
      "可折叠走步机，收起来能塞进沙发底，边工作边看电视也能走路。"),
    p("Garmin", "Forerunner 265 GPS Running Watch", "Forerunner 265 GPS 跑步手表", 2680,
      "A GPS running watch with an AMOLED screen, training readiness and race-time "
      "predictions.",
      "AMOLED 屏 GPS 跑步手表，提供训练准备程度和比赛成绩预测。",
      color("Black", "White")),
    p("Decathlon", "Quechua 2 Seconds Pop-Up Camping Tent", "Quechua 2 秒速开露营帐篷", 399,
      "A pop-up camping tent that opens in seconds, with blackout fabric so the sunrise "
      "doesn't wake you.",
      "秒开帐篷，几秒即可搭好，遮光面料，早上不会被太阳晒醒。",
      opt("capacity", "2 people", ("3 people", 200))),
    p("Naturehike", "Cloud Up 2 Ultralight Tent", "云尚 2 超轻双人帐篷", 599,
      "A 1.5 kg double-wall tent for two, popular with backpackers and cycle tourers.",
      "1.5 公斤双层双人帐篷，徒步和骑行爱好者的人气之选。"),
    p("Kailas", "40L Hiking Backpack", "40L 登山徒步背包", 699,
      "A 40-litre trekking pack with an adjustable back system and a rain cover, for weekend "
      "hikes.",
      "40 升徒步背包，背负系统可调节，附防雨罩，适合周末徒步。",
      color("Black", "Blue", "Red")),
    p("Giant", "ATX 860 Mountain Bike", "ATX 860 山地自行车", 2898,
      "A 27.5-inch aluminium mountain bike with hydraulic disc brakes and a lockout suspension "
      "fork.",
      "27.5 英寸铝合金山地车，液压碟刹，前叉可锁死。",
      opt("frame", "S", "M", "L")),
    p("Xiaomi", "Electric Scooter 4", "电动滑板车 4", 1999,
      "A foldable electric scooter with about 35 km of range and dual brakes, for short city "
      "commutes.",
      "可折叠电动滑板车，续航约 35 公里，双刹车系统，适合城市短途通勤。"),
    p("Speedo", "Anti-Fog Swim Goggles", "防雾泳镜", 129,
      "Comfortable anti-fog goggles with UV protection and an easy-adjust strap.",
      "佩戴舒适的防雾泳镜，防紫外线，头带调节方便。",
      opt("lens", "Clear", "Smoke")),
    p("Decathlon", "Btwin 500 Cycling Helmet", "Btwin 500 骑行头盔", 149,
      "A light, ventilated cycling helmet with a rear dial, for commuting and weekend rides.",
      "轻量透气骑行头盔，后脑旋钮调节，通勤和周末骑行都适用。",
      opt("size", "M", "L")),
    p("Decathlon", "Kalenji Running Belt", "Kalenji 跑步腰包", 59,
      "A slim running belt that holds your phone and keys without bouncing.",
      "贴身跑步腰包，装着手机钥匙跑起来也不晃。"),
    p("Li-Ning", "Cushioned Sports Socks (5 pairs)", "加厚运动中筒袜 5 双装", 59,
      "Cushioned cotton-blend sports socks with arch support, five pairs per pack.",
      "毛巾底加厚运动袜，足弓支撑，5 双装。"),
    p("Anta", "Sports Duffel Bag", "运动健身包", 129,
      "A roomy gym bag with a separate shoe compartment and a water-resistant base.",
      "大容量健身包，独立鞋仓，底部防泼水。"),
])

TOYS = Section("toys", "Toys & Collectibles", "玩具潮玩", [
    p("Pop Mart", "THE MONSTERS Labubu Exciting Macaron Blind Box",
      "THE MONSTERS 心动马卡龙 搪胶毛绒盲盒", 99,
      "A plush Labubu pendant with a vinyl face in macaron colours; each blind box hides one "
      "of six designs.",
      "搪胶脸毛绒 Labubu 挂件，马卡龙配色，每个盲盒随机一款，共六款。",
      opt("pack", "Single box", ("Whole set (6 boxes)", 495)), sold_out=("Whole set (6 boxes)",)),
    p("Pop Mart", "SKULLPANDA Blind Box Figure", "SKULLPANDA 盲盒手办", 69,
      "A collectible SKULLPANDA art figure; open the box to find out which of 12 designs you "
      "got.",
      "SKULLPANDA 潮玩手办，拆开盲盒才知道是 12 款中的哪一款。",
      opt("pack", "Single box", ("Whole set (12 boxes)", 759))),
    p("Pop Mart", "MOLLY Blind Box Figure", "MOLLY 盲盒手办", 69,
      "Kenny Wong's pouting Molly in a new themed series, a classic for Pop Mart collectors.",
      "王信明设计的嘟嘴 Molly 全新主题系列，泡泡玛特收藏者的经典之选。",
      opt("pack", "Single box", ("Whole set (12 boxes)", 759))),
    p("Pop Mart", "CRYBABY Blind Box Figure", "CRYBABY 盲盒手办", 69,
      "Teary-eyed Crybaby figures, cute with a touch of melancholy.",
      "眼含泪光的 Crybaby 手办，可爱中带着一点小忧伤。",
      opt("pack", "Single box", ("Whole set (12 boxes)", 759))),
    p("Pop Mart", "DIMOO Blind Box Figure", "DIMOO 盲盒手办", 69,
      "Dreamy DIMOO figures with cloud-like hair; every box is a surprise from a 12-piece "
      "series.",
      "云朵头发的梦幻 DIMOO 手办，12 款系列，每一盒都是惊喜。",
      opt("pack", "Single box", ("Whole set (12 boxes)", 759))),
    p("Pop Mart", "HIRONO Blind Box Figure", "HIRONO 小野 盲盒手办", 69,
      "Lang's thoughtful little Hirono figures, with quiet expressions that each tell a story.",
      "艺术家 Lang 创作的小野，安静的表情里都藏着故事。"),
    p("Pop Mart", "MEGA SPACE MOLLY 400% Collectible", "MEGA 珍藏系列 SPACE MOLLY 400%", 1299,
      "A 28 cm SPACE MOLLY in a limited-edition colourway, made for the display shelf.",
      "高约 28 厘米的 SPACE MOLLY 大娃，限定配色，适合收藏摆件。", available=False),
    p("LEGO", "Icons Bonsai Tree 10281", "Icons 盆景树 10281", 399,
      "A relaxing 878-piece build of a bonsai tree with swappable green leaves or pink cherry "
      "blossoms.",
      "878 块积木拼出一棵盆景树，可替换绿叶或粉色樱花，拼搭过程很解压。"),
    p("LEGO", "Technic Ferrari Daytona SP3 42143", "机械组 法拉利 Daytona SP3 42143", 3299,
      "A 1:8 scale Ferrari with a working V12 engine, an 8-speed gearbox and butterfly doors, "
      "in 3,778 pieces.",
      "1:8 比例法拉利，带可动的 V12 引擎、8 速变速箱和蝴蝶门，共 3778 块。"),
    p("LEGO", "City Fire Station 60320", "城市系列 消防局 60320", 699,
      "A three-storey fire station with a fire engine, a motorbike and five minifigures for "
      "imaginative play.",
      "三层消防局，附消防车、摩托车和五个人仔，激发孩子的想象力。"),
    p("LEGO", "Harry Potter Hogwarts Castle and Grounds 76419",
      "哈利·波特 霍格沃茨城堡 76419", 1299,
      "A detailed micro-scale Hogwarts with the Great Hall, the Astronomy Tower and the "
      "boathouse, in 2,660 pieces.",
      "微缩比例的霍格沃茨城堡，有大礼堂、天文塔和船屋，共 2660 块。"),
    p("Keeppley", "Doraemon Time Machine Building Set", "哆啦A梦 时光机 积木", 199,
      "A buildable Doraemon riding the time machine, a fun set for fans of the blue robot cat.",
      "哆啦A梦乘坐时光机的拼装积木，蓝胖子粉丝的有趣之选。"),
    p("Bandai", "RG 1/144 RX-78-2 Gundam Model Kit", "RG 1/144 RX-78-2 高达 拼装模型", 199,
      "A 1/144 Real Grade kit of the original Gundam, with an inner frame and fine detail.",
      "1/144 RG 初代高达拼装模型，内构骨架，细节丰富。"),
    p("Hot Wheels", "20-Car Gift Pack", "20 辆装合金小车", 129,
      "Twenty 1:64 die-cast cars in one box, an instant collection for young racers.",
      "20 辆 1:64 合金小车一盒装，小小赛车迷马上拥有一套收藏。"),
    p("Jellycat", "Bashful Bunny Plush", "害羞邦尼兔 毛绒玩具", 199,
      "The famously soft bunny with long floppy ears, a cuddly companion for kids and grown-ups.",
      "超柔软的长耳朵邦尼兔，大人小孩都爱抱。",
      color("Beige", "Blush"), opt("size", "Small (18 cm)", ("Medium (31 cm)", 100),
                                   ("Large (36 cm)", 300))),
    p("Jellycat", "Amuseable Avocado Plush", "趣味牛油果 毛绒玩具", 229,
      "A smiling plush avocado with a soft stone, from Jellycat's playful food range.",
      "面带微笑的牛油果毛绒玩具，内有柔软果核，Jellycat 趣味食物系列。"),
    p("GAN", "12 Maglev Speed Cube", "12 磁悬浮三阶魔方", 269,
      "A magnetic 3x3 speed cube with maglev tech for fast, smooth turning, used by "
      "competitive cubers.",
      "三阶磁悬浮竞速魔方，转动顺滑迅速，比赛选手常用。"),
    p("Mattel", "UNO Card Game", "UNO 优诺牌", 29.9,
      "The classic colour-matching card game for 2 to 10 players, quick to learn and great for "
      "parties.",
      "经典配色出牌游戏，2-10 人同玩，上手快，聚会必备。"),
    p("Mattel", "Barbie Dreamhouse", "芭比 梦想豪宅", 1599,
      "A three-storey dollhouse with a pool, a slide, a lift and more than 75 accessories.",
      "三层梦想豪宅，有泳池、滑梯、电梯和 75 件以上的配件。"),
    p("Hasbro", "Nerf Elite 2.0 Blaster", "Nerf 热火 精英 2.0 发射器", 199,
      "A foam dart blaster that fires up to 27 metres, with 24 darts included.",
      "软弹发射器，射程可达 27 米，附 24 发软弹。"),
    p("Ravensburger", "1000-Piece Jigsaw Puzzle", "1000 片拼图", 139,
      "A premium 1000-piece puzzle with glare-free printing and pieces that fit snugly.",
      "高品质 1000 片拼图，防反光印刷，拼块咬合紧密。",
      opt("design", "Great Wall", "Starry Night")),
])

FURNITURE = Section("furniture", "Furniture & Home", "家具家居", [
    p("IKEA", "MALM Bed Frame", "MALM 马尔姆 床架", 1499,
      "A clean-lined bed frame with adjustable sides that suit mattresses of different "
      "thicknesses.",
      "线条简洁的床架，床侧可调节，适合不同厚度的床垫。",
      color("White", "Black-Brown", "Oak Veneer"),
      opt("size", "150x200 cm", ("180x200 cm", 300))),
    p("IKEA", "POÄNG Armchair", "POÄNG 波昂 扶手椅", 699,
      "A bent-birch armchair with a gentle bounce that has been comfortable for over 40 years.",
      "弯曲桦木扶手椅，坐下有轻微弹性，40 多年来一直舒适耐用。",
      color("Beige", "Dark Grey")),
    p("IKEA", "STRANDMON Wing Chair", "STRANDMON 斯特朗 翼椅", 1999,
      "A classic wing chair with generous proportions, for reading by the window.",
      "经典高背翼椅，宽大舒适，适合在窗边读书。",
      color("Grey", "Yellow", "Green")),
    p("IKEA", "BILLY Bookcase", "BILLY 毕利 书柜", 399,
      "The classic 80x28x202 cm bookcase with adjustable shelves for books, toys and display "
      "pieces.",
      "经典书柜，尺寸 80x28x202 厘米，搁板可调，书、玩具和摆件都能放。",
      color("White", "Black-Brown", "Birch")),
    p("IKEA", "KALLAX Shelving Unit", "KALLAX 卡莱克 格子架", 499,
      "A cube shelf you can stand up or lay down, perfect with storage boxes or as a room "
      "divider.",
      "可竖放也可横放的格子架，搭配收纳盒或做隔断都好用。",
      color("White", "Black-Brown")),
    p("IKEA", "LACK Side Table", "LACK 拉克 边桌", 49,
      "A light 55x55 cm side table that is easy to move, cheap and surprisingly sturdy.",
      "55x55 厘米的轻便边桌，移动方便，价格实惠又意外结实。",
      color("White", "Black-Brown")),
    p("IKEA", "MARKUS Office Chair", "MARKUS 马库斯 办公椅", 1199,
      "A high-back office chair with a mesh back and built-in lumbar support, with a 10-year "
      "guarantee.",
      "高背网布办公椅，内置腰部支撑，享有 10 年质保。"),
    p("IKEA", "HEMNES 8-Drawer Dresser", "HEMNES 汉尼斯 八斗柜", 2299,
      "A solid pine dresser with eight smooth-running drawers and a traditional look.",
      "实木松木八斗柜，抽屉推拉顺滑，传统风格。",
      color("White", "Black-Brown")),
    p("IKEA", "MICKE Desk", "MICKE 米克 书桌", 399,
      "A compact 105x50 cm desk with a drawer and a cable outlet, good for small rooms.",
      "105x50 厘米的小巧书桌，带抽屉和走线孔，适合小房间。",
      color("White", "Black-Brown")),
    p("IKEA", "FRIHETEN Corner Sofa Bed", "FRIHETEN 弗里顿 转角沙发床", 3499,
      "A corner sofa that pulls out into a bed, with storage for bedding under the chaise.",
      "可拉出变成床的转角沙发，贵妃位下方可收纳被褥。",
      color("Dark Grey", "Beige")),
    p("IKEA", "SKUBB Storage Boxes (6 pack)", "SKUBB 斯库布 收纳盒 6 件装", 79,
      "Soft fabric boxes for wardrobe drawers and shelves that fold flat when you don't need "
      "them.",
      "布艺收纳盒，适合衣柜抽屉和搁架，不用时可以折叠收起。",
      color("White", "Dark Grey")),
    p("IKEA", "FADO Table Lamp", "FADO 法都 台灯", 129,
      "A glass globe lamp that spreads a soft, warm light for a cosy atmosphere.",
      "玻璃球形台灯，散发柔和的暖光，营造温馨氛围。"),
    p("Sihoo", "M57 Ergonomic Office Chair", "M57 人体工学椅", 699,
      "An affordable ergonomic chair with an adjustable lumbar support and headrest and a "
      "breathable mesh back.",
      "高性价比人体工学椅，腰托和头枕可调，网布透气。",
      color("Black", "Grey")),
    p("Herman Miller", "Aeron Ergonomic Chair", "Aeron 人体工学椅", 12800,
      "The design-icon office chair with a breathable suspension seat and PostureFit back "
      "support, with a 12-year warranty.",
      "设计经典的办公椅，透气弹性网座，PostureFit 背部支撑，享 12 年质保。",
      opt("size", "B (Medium)", "C (Large)")),
    p("Kuka", "Tech Fabric Sofa", "科技布沙发", 4999,
      "A deep, soft sofa in stain-resistant tech fabric, easy to keep clean with kids and pets "
      "at home.",
      "深坐宽大的科技布沙发，防污耐脏，有孩子和宠物的家庭也好打理。",
      color("Grey", "Beige"), opt("size", "3-seater", ("4-seater", 1000))),
    p("LINSY", "Rock Slab Coffee Table", "岩板茶几", 899,
      "A modern coffee table with a scratch-resistant rock slab top and hidden storage "
      "drawers.",
      "现代风岩板茶几，台面耐刮，带隐藏式抽屉收纳。"),
    p("Yuanshi", "Solid Oak Dining Table", "白橡木实木餐桌", 1999,
      "A solid oak dining table in a natural Nordic style, warm to the touch and built to last.",
      "白橡木实木餐桌，原木北欧风，触感温润，经久耐用。",
      opt("size", "1.2 m", ("1.4 m", 300))),
    p("Sleemon", "Pocket Spring Mattress", "独立袋装弹簧床垫", 2999,
      "Independent pocket springs so you don't feel your partner turn over, with a latex "
      "comfort layer for support.",
      "独立袋装弹簧，翻身互不打扰，乳胶舒适层支撑有力。",
      opt("size", "150x200 cm", ("180x200 cm", 500))),
    p("Loctek", "E2 Electric Standing Desk", "E2 电动升降桌", 1599,
      "An electric sit-stand desk with memory presets and a quiet motor: change posture at the "
      "touch of a button.",
      "电动升降桌，高度记忆，电机静音，一键切换坐姿和站姿。",
      opt("size", "1.2 m", ("1.4 m", 200))),
    p("Xiaomi", "Mijia LED Desk Lamp 1S", "米家 LED 台灯 1S", 169,
      "A flicker-free desk lamp with adjustable brightness and colour temperature, and voice "
      "control.",
      "无频闪护眼台灯，亮度和色温可调，支持语音控制。"),
    p("MUJI", "Body Fit Beanbag Sofa", "懒人沙发", 1290,
      "The famous beanbag sofa that shapes itself to your body as you sit, with a washable "
      "cover.",
      "人气懒人沙发，坐下即贴合身形，外套可以拆洗。",
      color("Navy", "Grey", "Brown")),
])

PETS = Section("pets", "Pet Supplies", "宠物用品", [
    p("Royal Canin", "Indoor Adult Cat Food", "室内成猫粮", 169,
      "Balanced dry food for indoor cats that helps reduce hairballs and litter box odour.",
      "室内成猫均衡干粮，帮助减少毛球和便便异味。",
      opt("weight", "2 kg", ("4 kg", 140), ("10 kg", 470))),
    p("Royal Canin", "Kitten Wet Food (12 pouches)", "幼猫湿粮 12 袋", 89,
      "Tender chunks in gravy for kittens, twelve 85 g pouches.",
      "幼猫肉汁湿粮，肉块软嫩，85 克×12 袋。"),
    p("Royal Canin", "Medium Adult Dog Food", "中型犬成犬粮", 259,
      "Dry food for medium-sized adult dogs that supports natural defences and healthy "
      "digestion.",
      "中型成犬干粮，增强天然抵抗力，促进肠道健康。",
      opt("weight", "4 kg", ("15 kg", 540))),
    p("Purina Pro Plan", "Kitten Food with Colostrum", "含初乳幼猫粮", 219,
      "Kitten food with colostrum for a developing immune system and DHA for brain and vision.",
      "含初乳的幼猫粮，助力免疫力发育，添加 DHA 有助大脑和视力发育。",
      opt("weight", "2.5 kg", ("7 kg", 280))),
    p("Orijen", "Original Grain-Free Cat Food", "原味无谷全猫粮", 369,
      "A high-protein, grain-free cat food made with fresh chicken, turkey and fish.",
      "高蛋白无谷猫粮，采用新鲜鸡肉、火鸡和鱼肉制成。",
      opt("weight", "1.8 kg", ("5.4 kg", 530))),
    p("Myfoodie", "Freeze-Dried Chicken Cat Treats", "冻干鸡肉粒 猫零食", 39.9,
      "Single-ingredient freeze-dried chicken breast bites that cats go crazy for.",
      "单一原料冻干鸡胸肉粒，猫咪超爱吃。"),
    p("Myfoodie", "Dry Dog Food with Freeze-Dried Meat 10kg", "双拼全价犬粮 10kg", 199,
      "Dry dog food mixed with freeze-dried meat pieces, for dogs of every size.",
      "干粮搭配冻干肉粒的双拼犬粮，适合各种体型的狗狗。"),
    p("CIAO", "Churu Lickable Cat Treats (20 tubes)", "猫条 20 支装", 59,
      "Creamy lickable cat treats in squeeze tubes, great for bonding or hiding pills.",
      "可舔食的肉泥猫条，挤着喂，增进感情，也能用来拌药。",
      opt("flavor", "Tuna", "Chicken", "Seafood Mix")),
    p("Greenies", "Dental Dog Treats", "洁齿骨", 129,
      "Chewy dental treats that clean teeth and freshen breath, a vet-recommended daily chew.",
      "耐嚼洁齿骨，清洁牙齿、清新口气，兽医推荐的日常磨牙零食。",
      opt("size", "Petite", "Regular")),
    p("pidan", "Tofu Cat Litter (4 bags)", "豆腐猫砂 4 包装", 99,
      "Low-dust tofu litter that clumps fast and can be flushed down the toilet.",
      "低粉尘豆腐猫砂，结团迅速，可以冲马桶。"),
    p("pidan", "Pet Carrier Backpack", "宠物外出背包", 269,
      "A ventilated carrier backpack with a window and a safety leash clip inside.",
      "透气宠物外出背包，带观察窗，内置安全牵引扣。"),
    p("PETKIT", "Smart Automatic Pet Feeder", "智能自动喂食器", 399,
      "An app-controlled automatic feeder with portion control and a sealed food tank that "
      "keeps kibble fresh.",
      "App 控制的自动喂食器，定时定量出粮，储粮桶密封保鲜。"),
    p("PETKIT", "Eversweet Pet Water Fountain", "智能宠物饮水机", 199,
      "A quiet water fountain with a wireless pump and a filter that keeps water moving and "
      "fresh.",
      "静音宠物饮水机，无线水泵加过滤，让水流动起来更新鲜。"),
    p("CATLINK", "Self-Cleaning Litter Box", "全自动猫砂盆", 1999,
      "A self-cleaning litter box that sifts after every visit and logs your cat's weight and "
      "habits in the app.",
      "全自动猫砂盆，每次如厕后自动清理，App 记录猫咪体重和如厕习惯。"),
    p("FURminator", "Deshedding Tool", "去浮毛梳", 199,
      "A deshedding brush that removes loose undercoat without cutting the topcoat, for far "
      "less hair around the house.",
      "去浮毛梳，梳走脱落的底毛又不伤外层毛发，家里的浮毛大大减少。",
      opt("size", "Small", "Medium", "Large")),
    p("KONG", "Classic Dog Chew Toy", "经典葫芦 狗狗玩具", 79,
      "The tough rubber chew toy you can stuff with treats to keep a dog busy.",
      "耐咬橡胶葫芦玩具，可塞入零食，让狗狗玩很久。",
      opt("size", "S", "M", "L")),
    p("Flexi", "Retractable Dog Leash 5m", "自动伸缩牵引绳 5 米", 159,
      "A retractable leash with a one-hand brake button and a 5-metre tape for relaxed walks.",
      "自动伸缩牵引绳，单手刹车，5 米长带，遛狗更轻松。",
      opt("size", "S", "M")),
    p("zeze", "Multi-Level Cat Tree", "多层猫爬架", 299,
      "A multi-level cat tree with sisal scratching posts, a cosy condo and a lookout perch.",
      "多层猫爬架，剑麻猫抓柱，附猫窝和瞭望台。"),
    p("IKEA", "LURVIG Pet Cushion Bed", "LURVIG 卢尔维格 宠物垫", 99,
      "A soft, washable cushion bed for cats and small dogs, with a low edge for easy access.",
      "柔软可水洗的宠物垫，适合猫咪和小型犬，边缘低矮进出方便。"),
])

KITCHEN = Section("kitchen", "Kitchen & Dining", "厨具餐具", [
    p("Zwilling", "3-Piece Knife Set", "刀具三件套", 399,
      "A German stainless-steel chef's knife, utility knife and kitchen scissors for everyday "
      "prep.",
      "德国不锈钢刀具套装，含主厨刀、多用刀和厨房剪，日常备菜够用。"),
    p("Zhang Xiaoquan", "Stainless Steel Chinese Cleaver", "不锈钢菜刀", 99,
      "A classic Chinese chef's cleaver for slicing and dicing, from a Hangzhou knife maker "
      "founded in 1628.",
      "创立于 1628 年的杭州老字号，经典中式菜刀，切菜切肉都顺手。"),
    p("Supor", "Honeycomb Non-Stick Wok", "蜂窝不粘炒锅", 199,
      "A non-stick wok with a honeycomb surface for stir-frying with less oil, for gas and "
      "induction hobs.",
      "蜂窝不粘炒锅，少油炒菜，燃气灶和电磁炉通用。",
      opt("size", "30 cm", ("32 cm", 20))),
    p("Supor", "Two-Tier Stainless Steel Steamer", "不锈钢双层蒸锅", 199,
      "A two-tier steamer for buns, dumplings and fish that also works as a soup pot.",
      "不锈钢双层蒸锅，蒸包子、饺子、鱼都方便，也可以当汤锅用。"),
    p("Fissler", "Pressure Cooker 6L", "压力锅 6 升", 1299,
      "A German pressure cooker that cuts cooking time for soups, stews and beans by up to 70%.",
      "德国压力锅，煲汤、炖肉、煮豆，烹饪时间最多节省 70%。"),
    p("Staub", "Cast Iron Cocotte 24cm", "铸铁炖锅 24cm", 1899,
      "An enamelled cast-iron cocotte with self-basting spikes under the lid for juicy braises.",
      "珐琅铸铁炖锅，锅盖内有自动回流凸点，炖肉鲜嫩多汁。",
      color("Black", "Cherry Red", "Basil Green")),
    p("Lock&Lock", "Glass Food Container Set", "玻璃保鲜盒套装", 129,
      "Oven-safe glass containers with airtight four-clip lids, for meal prep and leftovers.",
      "耐热玻璃保鲜盒，四面锁扣密封，备餐和保存剩菜都方便。"),
    p("Thermos", "Vacuum Insulated Bottle 500ml", "保温杯 500ml", 199,
      "Keeps drinks hot or cold for hours, with a one-push lid and a leak-proof seal.",
      "长效保温保冷，一键弹盖，密封防漏。",
      color("Matte Black", "White", "Pink")),
    p("Tiger", "Slim Travel Mug 480ml", "轻量保温杯 480ml", 239,
      "A light, slim Japanese travel mug with a tight-sealing lid that fits easily in a bag.",
      "日本轻量保温杯，杯身纤细，杯盖密封严实，放包里不占地方。",
      color("Black", "Silver", "Blue")),
    p("Bear", "Electric Lunch Box", "电热饭盒", 129,
      "A plug-in lunch box that reheats or steams your meal at the office, with stainless-steel "
      "bowls.",
      "插电加热饭盒，在办公室也能热饭蒸饭，不锈钢内胆。"),
    p("Hario", "V60 Pour-Over Coffee Set", "V60 手冲咖啡套装", 239,
      "A complete pour-over kit with a V60 dripper, glass server and filters for bright, clean "
      "coffee.",
      "V60 手冲咖啡套装，含滤杯、玻璃分享壶和滤纸，冲出明亮干净的咖啡。"),
    p("Bialetti", "Moka Express 3 Cups", "摩卡壶 3 杯份", 269,
      "The Italian stovetop coffee maker since 1933, for rich espresso-style coffee at home.",
      "1933 年诞生的意大利经典摩卡壶，在家也能煮出浓郁的意式咖啡。"),
    p("OXO", "Good Grips Salad Spinner", "沙拉脱水器", 199,
      "Dries washed greens fast with a one-handed pump and a brake button.",
      "单手按压即可快速甩干洗好的蔬菜，带刹车按钮。"),
    p("Suncha", "Alloy Chopsticks (10 pairs)", "合金筷子 10 双装", 39.9,
      "Ten pairs of heat-resistant alloy chopsticks that won't go mouldy or warp, dishwasher "
      "safe.",
      "合金筷子 10 双装，耐高温，不发霉不变形，可以用洗碗机清洗。"),
    p("Corelle", "Dinnerware Set for Four", "四人餐具套装", 399,
      "A light, chip-resistant glass dinnerware set for four, safe in the microwave and the "
      "dishwasher.",
      "轻盈耐摔的玻璃餐具四人套装，可以微波炉加热，也能用洗碗机清洗。"),
])

BAGS = Section("bags", "Bags & Luggage", "箱包", [
    p("Samsonite", "Hard-Shell Spinner Suitcase", "硬壳万向轮拉杆箱", 1299,
      "A polycarbonate hard-shell suitcase with four double spinner wheels and a TSA lock.",
      "聚碳酸酯硬壳拉杆箱，四个双排万向轮，配 TSA 海关锁。",
      color("Black", "Navy", "Silver"),
      opt("size", "20 inch", ("24 inch", 300), ("28 inch", 600))),
    p("RIMOWA", "Essential Cabin Suitcase", "Essential 登机箱", 6900,
      "A light polycarbonate carry-on with RIMOWA's signature grooves and Multiwheel system.",
      "轻量聚碳酸酯登机箱，标志性凹槽设计与多轮系统。",
      color("Black", "White")),
    p("90FUN", "PC Hard-Shell Suitcase", "PC 硬壳拉杆箱", 299,
      "A well-priced hard-shell suitcase with a smooth zip, quiet wheels and a TSA lock.",
      "高性价比硬壳拉杆箱，拉链顺滑，万向轮静音，配 TSA 海关锁。",
      opt("size", "20 inch", ("24 inch", 100))),
    p("TUMI", "Alpha Bravo Backpack", "Alpha Bravo 双肩背包", 3999,
      "A hard-wearing ballistic nylon backpack with a padded laptop compartment and plenty of "
      "organiser pockets.",
      "耐磨弹道尼龙双肩包，带防震电脑隔层和多个收纳口袋。"),
    p("Herschel", "Little America Backpack", "Little America 双肩包", 799,
      "A mountaineering-style backpack with magnetic strap closures and a 15-inch laptop "
      "sleeve.",
      "登山包风格的双肩包，磁吸搭扣，内含 15 英寸电脑隔层。",
      color("Black", "Navy", "Ash Rose")),
    p("JanSport", "SuperBreak Backpack", "SuperBreak 双肩包", 299,
      "The simple, classic school backpack with one big compartment and a front pocket.",
      "简约经典的书包，一个大主仓加一个前袋。",
      color("Black", "Navy", "Red", "Grey")),
    p("anello", "Wide-Mouth Backpack", "大开口双肩包", 299,
      "A Japanese backpack whose top opens wide like a doctor's bag, so nothing hides at the "
      "bottom.",
      "日本大开口双肩包，像医生包一样整个打开，包底的东西一目了然。",
      color("Black", "Navy", "Beige")),
    p("Xiaomi", "Casual Backpack", "休闲双肩包", 69,
      "A minimalist everyday backpack with a 14-inch laptop pocket and water-resistant fabric, "
      "at a tiny price.",
      "极简日常双肩包，14 英寸电脑隔层，面料防泼水，价格很亲民。",
      color("Dark Grey", "Blue")),
    p("Samsonite", "Business Laptop Backpack", "商务电脑双肩包", 799,
      "A sleek business backpack with a USB charging port and a padded 15.6-inch laptop "
      "compartment.",
      "简约商务双肩包，带 USB 充电口和 15.6 英寸防震电脑仓。"),
    p("Samsonite", "Memory Foam Travel Neck Pillow", "记忆棉旅行颈枕", 199,
      "A memory-foam neck pillow with a washable cover, for long flights and train rides.",
      "记忆棉颈枕，外套可洗，长途飞机和高铁旅行必备。"),
    p("Li-Ning", "Sports Backpack", "运动双肩包", 199,
      "A sporty backpack with a separate shoe compartment and a side bottle pocket.",
      "运动双肩包，独立鞋仓，侧边有水杯袋。",
      color("Black", "Grey")),
    p("Coach", "Tabby Shoulder Bag 26", "Tabby 26 单肩包", 3750,
      "A structured leather shoulder bag with the signature C hardware and a detachable strap.",
      "有型的皮革单肩包，经典 C 字五金扣，肩带可拆卸。",
      color("Black", "Chalk")),
    p("Michael Kors", "Jet Set Saffiano Tote", "Jet Set 十字纹托特包", 1999,
      "A saffiano leather tote with the MK logo, roomy enough for a tablet and daily "
      "essentials.",
      "十字纹皮革托特包，MK 标志，能装下平板和日常用品。",
      color("Black", "Brown")),
    p("Longchamp", "Le Pliage Original Tote", "Le Pliage 经典折叠饺子包", 1180,
      "The foldable nylon tote with leather trim that packs flat for travel.",
      "可折叠尼龙托特包，皮革饰边，出行时可以折叠收纳。",
      color("Black", "Navy", "Green"), opt("size", "M", ("L", 200))),
    p("Uniqlo", "Round Mini Shoulder Bag", "半月形单肩包", 79,
      "The viral half-moon crossbody bag: small, light and water-repellent, with room for the "
      "essentials.",
      "爆款半月包，小巧轻便防泼水，日常必需品都能装下。",
      color("Black", "Beige", "Olive", "Grey")),
])

SECTIONS = [PHONES, ELECTRONICS, APPLIANCES, CLOTHING, SHOES, BEAUTY, FOOD, BOOKS, SPORTS, TOYS,
            FURNITURE, PETS, KITCHEN, BAGS]
# fmt: on


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by dashes ("Air Force 1 '07" -> "air-force-1-07")."""
    ascii_text = text.replace("ö", "o").replace("Ä", "A").replace("é", "e").replace("è", "e")
    ascii_text = ascii_text.replace("ô", "o").replace("á", "a").replace("·", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def fen(yuan: Decimal) -> int:
    """Yuan to integer fen."""
    return int((yuan * 100).to_integral_value())


def variants(line: Line, slug: str, rng: random.Random) -> list[dict[str, Any]]:
    """Every combination of the line's options, each its own SKU, price and stock."""
    combos = itertools.product(*(values for _, values in line.axes)) if line.axes else [()]
    result = []
    for combo in combos:
        options = {name: value for (name, _), (value, _) in zip(line.axes, combo, strict=True)}
        sold_out = not line.available or any(value in line.sold_out for value in options.values())
        # Only some variants of a product run out at random; a whole product only on purpose.
        sold_out |= len(line.axes) > 0 and rng.random() < OUT_OF_STOCK_SHARE
        stock = 0 if sold_out else rng.randint(2, 240)
        result.append(
            {
                "sku": "-".join([slug, *(slugify(value) for value in options.values())]),
                "options": options,
                "price": fen(line.price + sum((delta for _, delta in combo), Decimal(0))),
                "stock": stock,
            }
        )
    return result


def product(section: Section, line: Line, rng: random.Random) -> dict[str, Any]:
    """The JSON record of one product line."""
    brand_zh = BRAND_ZH.get(line.brand, line.brand)
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
        "variants": variants(line, slug, rng),
    }


def build() -> dict[str, Any]:
    """The whole catalog as JSON-ready data."""
    rng = random.Random(SEED)
    return {
        "currency": "CNY",
        "categories": [
            {"slug": s.slug, "name_en": s.name_en, "name_zh": s.name_zh} for s in SECTIONS
        ],
        "products": [product(s, line, rng) for s in SECTIONS for line in s.lines],
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
    sys.path.insert(0, str(OUTPUT.parents[2]))
    from store.demo.catalog import DemoCatalog

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
