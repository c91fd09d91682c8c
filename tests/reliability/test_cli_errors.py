"""Finding 7 and 13: every CLI and configuration error is one clear line and exit code 1.

Each case runs the `shopagent` entry point (`ui.cli.main`, what the console script calls) in
this process over a fresh home, and must print exactly one line on stderr, starting "error:",
with no traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from ui.cli import main


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def shopagent(monkeypatch, capsys, tmp_path):
    """Run `shopagent ARGS...` in `tmp_path`, with extra environment variables."""

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("COLUMNS", "300")  # Rich wraps at the terminal's width
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr("sys.argv", ["shopagent", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        out = capsys.readouterr()
        return Result(exited.value.code or 0, out.out, out.err)

    return run


def assert_one_line_error(result: Result, *words: str) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--max-price", "nan"], ["--max-price"]),
        (["--max-price", "inf"], ["--max-price"]),
        (["--max-price", "1e300"], ["--max-price"]),
        (["--min-price", "-5"], ["--min-price"]),
        (["--category", "nonexistent"], ["no category 'nonexistent'"]),
        (["--min-price", "300", "--max-price", "100"], ["minimum price"]),
    ],
)
def test_bad_search_options(shopagent, args, words):
    assert_one_line_error(shopagent("search", "earbuds", *args), *words)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("garbage", ["'garbage'", "SHOPAGENT_DATABASE_URL"]),
        ("foo://x", ["foo://x", "SHOPAGENT_DATABASE_URL"]),
        ("postgresql+psycopg://shop:secret@127.0.0.1:1/shop", ["***", "Connection refused"]),
        ("sqlite:////nonexistent-dir/deeper/shop.db", ["unable to open"]),
    ],
)
def test_unusable_database_urls(shopagent, url, words):
    line = assert_one_line_error(
        shopagent("search", "x", env={"SHOPAGENT_DATABASE_URL": url}), *words
    )
    assert "secret" not in line


def test_a_setting_that_is_not_a_number(shopagent):
    result = shopagent("chat", env={"SHOPAGENT_MAX_STEPS": "abc"})
    assert_one_line_error(result, "SHOPAGENT_MAX_STEPS", "'abc'")


def test_a_config_file_that_is_not_utf8(shopagent, tmp_path):
    (tmp_path / "shopagent.toml").write_bytes(b'\xff\xfe[models.x]\nmodel = "\xe9"\n')
    for command in (["models"], ["chat"]):
        assert_one_line_error(shopagent(*command), "shopagent.toml", "UTF-8")


def test_a_thread_id_the_store_cannot_hold(shopagent):
    result = shopagent("chat", "--thread", "t" * 101)
    assert_one_line_error(result, "--thread", "printable characters", "has 101")


def _catalog(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _product(**fields) -> str:
    product = {"external_id": "p1", "title": "Mug", "price": "10.00", **fields}
    return json.dumps({"currency": "CNY", "products": [product]})


def test_a_deeply_nested_catalog(shopagent, tmp_path):
    path = _catalog(tmp_path, "deep.json", '{"products": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = shopagent("catalog", "import", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "nested too deeply" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"stock": 2**64}, ["stock"]),
        ({"stock": 2**31}, ["stock"]),
        ({"rating_count": 2**70}, ["rating_count"]),
        ({"price": "99999999999"}, ["price"]),
        ({"title": "Mug\u0000"}, ["NUL"]),
    ],
)
def test_catalog_values_the_store_cannot_hold_are_line_errors(shopagent, tmp_path, fields, words):
    path = _catalog(tmp_path, "shop.json", _product(**fields))
    result = shopagent("catalog", "import", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "not imported" in result.stdout and "line 1" in result.stdout
    assert all(word in result.stdout for word in words), result.stdout


def test_a_deeply_nested_scenario_file(shopagent, tmp_path):
    path = _catalog(tmp_path, "deep.yaml", "name: x\nturns: " + "[" * 5000 + "]" * 5000 + "\n")
    result = shopagent("scenario", "run", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "nested too deeply" in result.stderr + result.stdout


WOO_HEADER = "ID,Type,SKU,Name,Published,In stock?,Stock,Regular price\n"


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("1,simple,S1,Mug,1,1,5,1e5", ["line 2", "Regular price", "1e5"]),
        ("1,simple,S1,Mug,1,1,١٢,10.00", ["line 2", "Stock", "١٢"]),
        ("1,simple,S1,Mug,1,1,99999999999,10.00", ["line 2", "stock"]),
    ],
)
def test_woocommerce_numbers_must_be_plain_digits(shopagent, tmp_path, row, words):
    path = _catalog(tmp_path, "shop.csv", WOO_HEADER + row + "\n")
    result = shopagent("catalog", "import", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert all(word in result.stdout for word in words), result.stdout


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("fields", "words"), [({"title": "Mug\u0000"}, ["NUL"]), ({"stock": 2**31}, ["stock"])]
)
def test_on_postgres_nul_and_large_stock_are_line_errors(
    shopagent, tmp_path, postgres_database, fields, words
):
    path = _catalog(tmp_path, "shop.json", _product(**fields))
    env = {"SHOPAGENT_DATABASE_URL": postgres_database}
    result = shopagent("catalog", "import", str(path), env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "line 1" in result.stdout and all(word in result.stdout for word in words)


def test_config_hints_are_printed_literally(shopagent, tmp_path):
    (tmp_path / "shopagent.toml").write_text('[models.mine]\nprofile = "nosuch"\n')
    line = assert_one_line_error(shopagent("chat", "--model", "mine"), "[models.mine]")
    assert "unknown profile 'nosuch'" in line
