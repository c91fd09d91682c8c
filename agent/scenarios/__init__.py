"""Scenario runs people can trust: scripted or simulated conversations, each on a fresh shop.

    from agent.scenarios import run_scenarios
    report = run_scenarios(["scenarios/"], models=["offline", "deepseek"], repeat=3)
    print(report.closing_line, report.pass_hat_k("deepseek"))

The format is in `spec` (and docs/scenarios.md), the checks in `expect`, fresh shops in
`isolation`, playing in `runner`, figures and JUnit in `report`.
"""

from agent.scenarios.expect import Failure
from agent.scenarios.isolation import ShopTemplate, shop_template
from agent.scenarios.report import ModelSummary, Rate, RunReport, ScenarioResult, TurnReport
from agent.scenarios.runner import run_scenarios
from agent.scenarios.spec import (
    Expect,
    Scenario,
    ScenarioFileError,
    Step,
    json_schema,
    load_scenarios,
)

__all__ = [
    "Expect",
    "Failure",
    "ModelSummary",
    "Rate",
    "RunReport",
    "Scenario",
    "ScenarioFileError",
    "ScenarioResult",
    "ShopTemplate",
    "Step",
    "TurnReport",
    "json_schema",
    "load_scenarios",
    "run_scenarios",
    "shop_template",
]
