"""The README's scripting example runs as written and buys something."""

from __future__ import annotations

import re
from pathlib import Path

from sqlmodel import Session, select

from store import get_engine
from store.models import Order, OrderStatus

README = Path(__file__).parents[1] / "README.md"


def scripting_example() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- scripting-example.*?-->\s*```python\n(.*?)```", text, re.S)
    assert match, "README lost its scripting example"
    return match.group(1)


def test_scripting_example_runs_and_pays(capsys):
    code = scripting_example()
    assert len(code.strip().splitlines()) <= 10
    exec(compile(code, str(README), "exec"), {})
    out = capsys.readouterr().out
    assert "29900" in out
    with Session(get_engine()) as s:
        assert [o.status for o in s.exec(select(Order)).all()] == [OrderStatus.paid]


def test_readme_starts_with_the_two_commands():
    head = README.read_text(encoding="utf-8").split("\n## ")[0]
    blocks = re.findall(r"```bash\n(.*?)```", head, re.S)
    assert "shopagent ui" in blocks[0]
    assert "pytest" in blocks[1]
    assert "python -m pytest" in (Path(__file__).parents[1] / ".ci" / "run").read_text()


def test_scenario_example_passes_on_the_offline_demo(tmp_path):
    from agent.scenarios import run_scenarios

    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- scenario-example.*?-->\s*```yaml\n(.*?)```", text, re.S)
    assert match, "README lost its scenario example"
    path = tmp_path / "my.yaml"
    path.write_text(match.group(1), encoding="utf-8")
    report = run_scenarios([path], models=["offline"])
    assert report.closing_line == "1 passed, 0 failed", report.results[0].problems
