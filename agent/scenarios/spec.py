"""The scenario format: pydantic models of a YAML file of scripted (or simulated) conversations.

A file holds one scenario or a list of them. Every file of a run is validated before the first
scenario plays, and an error names the file, the scenario and the line (see `load_scenarios`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

import store

Pending = Literal["confirm_payment", "confirm_refund", "payment_code", "nothing"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ShownCheck(_Strict):
    """About the products the catalog tools (search, details, compare) returned in the step."""

    min: int | None = Field(default=None, ge=0, description="At least this many products.")
    max: int | None = Field(default=None, ge=0, description="At most this many products.")
    none: bool = Field(default=False, description="No product at all.")
    max_price: float | None = Field(
        default=None, ge=0, description="Every product has a variant at or under this (yuan)."
    )
    min_price: float | None = Field(
        default=None, ge=0, description="Every product has a variant at or over this (yuan)."
    )
    category_any: list[str] = Field(
        default_factory=list, description="Every product is in one of these category slugs."
    )
    title_any: list[str] = Field(
        default_factory=list,
        description="Every product's English or Chinese title contains one of these "
        "(case-insensitive).",
    )


class CartCheck(_Strict):
    """About the customer's cart after the step."""

    empty: bool | None = Field(default=None, description="The cart is (not) empty.")
    lines: int | None = Field(default=None, ge=0, description="This many lines.")
    quantity: int | None = Field(default=None, ge=0, description="This many units in all.")
    title_any: list[str] = Field(
        default_factory=list, description="Every line's product title contains one of these."
    )
    option: dict[str, str] = Field(
        default_factory=dict,
        description='Every line\'s variant has these options, e.g. {size: "41"}.',
    )


class PreferenceCheck(_Strict):
    """A remembered preference of the customer."""

    key_any: list[str] = Field(min_length=1, description="Its key contains one of these.")
    value_contains: str = Field(description="Its value contains this (case-insensitive).")


class Expect(_Strict):
    """What must hold after a step; every key is optional, all given keys must hold."""

    tools: list[str] | None = Field(
        default=None, description="Exactly these tools were called in the step, in this order."
    )
    calls: list[str] = Field(
        default_factory=list, description="Each of these tools was called in the step."
    )
    no_calls: list[str] = Field(
        default_factory=list, description="None of these tools was called in the step."
    )
    pending: Pending | None = Field(
        default=None, description="What waits for the human after the step."
    )
    pending_method: str | None = Field(
        default=None,
        description="A payment confirmation waits and its payment method's label contains this "
        "(case-insensitive).",
    )
    text_contains: list[str] = Field(
        default_factory=list, description="The reply contains every one of these."
    )
    reply_any: list[str] = Field(
        default_factory=list,
        description="The reply contains at least one of these (case-insensitive).",
    )
    reply_none: list[str] = Field(
        default_factory=list, description="The reply contains none of these (case-insensitive)."
    )
    shown: ShownCheck | None = None
    cart: CartCheck | None = None
    order_status: store.OrderStatus | None = Field(
        default=None, description="The customer's latest order has this status."
    )
    preference: PreferenceCheck | None = None

    @property
    def reads_store(self) -> bool:
        """Whether checking needs the shop's state, not only the reply."""
        return bool(self.shown or self.cart or self.order_status or self.preference)


class Step(_Strict):
    """One thing the customer does: say something, confirm (optionally with a code) or decline."""

    say: str | None = Field(default=None, min_length=1)
    confirm: bool | None = None
    code: str | None = Field(default=None, description="The card's one-time code, when asked.")
    decline: bool | None = None
    expect: Expect = Field(default_factory=Expect)

    @model_validator(mode="after")
    def _one_action(self) -> Step:
        actions = [
            self.say is not None,
            bool(self.confirm) or self.code is not None,
            bool(self.decline),
        ]
        if sum(actions) != 1:
            raise ValueError("each step does exactly one of: say, confirm (or code), decline")
        return self

    @property
    def label(self) -> str:
        """How the step shows in a report."""
        if self.say is not None:
            return self.say
        if self.decline:
            return "[decline]"
        return f"[confirm code {self.code}]" if self.code else "[confirm]"


class ConfirmPolicy(_Strict):
    """How a simulated customer answers a payment confirmation."""

    total_at_most: float | None = Field(
        default=None,
        ge=0,
        description="Confirm when the total is at most this (yuan), else decline.",
    )
    method_contains: str | None = Field(
        default=None, description="Confirm only when the payment method's label contains this."
    )
    code: str | None = Field(default=None, description="The one-time code to give when asked.")

    def allows(self, total_minor: int, method_label: str) -> bool:
        """Whether this payment is one the customer agrees to."""
        if self.total_at_most is not None and total_minor > round(self.total_at_most * 100):
            return False
        return self.method_contains is None or self.method_contains.lower() in method_label.lower()


class Scenario(_Strict):
    """A conversation: scripted `steps`, or a `goal` a simulated customer pursues."""

    name: str = Field(min_length=1, description="Unique; says what is checked.")
    tags: list[str] = Field(default_factory=list, description="For per-tag pass rates.")
    customer: str = Field(default="alice", description="Demo customer handle (alice, bob, chen).")
    model: str | None = Field(default=None, description="Endpoint, unless the run names one.")
    steps: list[Step] = Field(default_factory=list, description="Played in one new conversation.")
    goal: str | None = Field(
        default=None, description="What a simulated customer wants, in their words."
    )
    success: Expect | None = Field(
        default=None, description="What must hold at the end of a simulated conversation."
    )
    max_turns: int = Field(default=8, ge=1, le=50, description="Customer messages at most.")
    now: AwareDatetime | None = Field(
        default=None, description="The shop's clock while it plays, e.g. inside a campaign."
    )
    confirm_if: ConfirmPolicy = Field(
        default_factory=ConfirmPolicy, description="The simulated customer's confirmation policy."
    )
    _source: str = PrivateAttr(default="")

    @property
    def source(self) -> str:
        """Where it was read from, as file:line."""
        return self._source

    @model_validator(mode="after")
    def _steps_or_goal(self) -> Scenario:
        if bool(self.steps) == (self.goal is not None):
            raise ValueError("a scenario has either `steps` or a `goal` (with `success`)")
        if self.goal is not None and self.success is None:
            raise ValueError("a `goal` needs `success`: what must hold when the customer is done")
        return self

    @property
    def simulated(self) -> bool:
        """Whether a simulated customer plays it."""
        return self.goal is not None


class ScenarioFileError(ValueError):
    """One or more scenario files are invalid; `problems` lists each as file:line: what."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid scenario files:\n" + "\n".join(self.problems))


def scenario_files(paths: Iterable[Path | str]) -> list[Path]:
    """The files named, with each folder replaced by its *.yaml and *.yml files (sorted)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            files.append(path)
    return files


def load_scenarios(paths: Iterable[Path | str]) -> list[Scenario]:
    """Read and validate every file before returning any scenario.

    Raises:
        ScenarioFileError: listing every problem of every file (file, scenario, line).
    """
    scenarios: list[Scenario] = []
    problems: list[str] = []
    for path in scenario_files(paths):
        found, wrong = _load_file(path)
        scenarios += found
        problems += wrong
    seen: dict[str, str] = {}
    for scenario in scenarios:
        if scenario.name in seen:
            problems.append(
                f"{scenario.source}: scenario {scenario.name!r}: the name is already used at "
                f"{seen[scenario.name]}; names must be unique"
            )
        seen.setdefault(scenario.name, scenario.source)
    if problems:
        raise ScenarioFileError(problems)
    return scenarios


def _load_file(path: Path) -> tuple[list[Scenario], list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return [], [f"{path}: cannot read it: {exc.strerror}"]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        return [], [f"{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}"]
    if root is None:
        return [], [f"{path}: the file is empty; write a scenario or a list of them"]
    items, nodes = (data, root.value) if isinstance(data, list) else ([data], [root])
    scenarios: list[Scenario] = []
    problems: list[str] = []
    for item, node in zip(items, nodes, strict=True):
        line = node.start_mark.line + 1
        name = item.get("name") if isinstance(item, dict) else None
        label = f"scenario {name!r}" if name else f"the scenario at line {line}"
        try:
            scenario = Scenario.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors():
                at = ".".join(str(part) for part in error["loc"]) or "scenario"
                problems.append(
                    f"{path}:{_line(node, error['loc'])}: {label}: {at}: {error['msg']}"
                )
            continue
        scenario._source = f"{path}:{line}"
        scenarios.append(scenario)
    return scenarios, problems


def _line(node: yaml.Node, loc: tuple[int | str, ...]) -> int:
    """The line of the deepest YAML node along a validation error's location."""
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    # An unknown key points at the key itself; otherwise at its value.
                    child = key if part == loc[-1] and not _is_container(value) else value
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1


def _is_container(node: Any) -> bool:
    return isinstance(node, (yaml.MappingNode, yaml.SequenceNode))


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file: one scenario or a list of them."""
    one = Scenario.model_json_schema(mode="validation")
    definitions = one.pop("$defs", {})
    definitions["Scenario"] = one
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "shopagent scenario file",
        "description": "One scenario, or a list of them.",
        "anyOf": [
            {"$ref": "#/$defs/Scenario"},
            {"type": "array", "items": {"$ref": "#/$defs/Scenario"}},
        ],
        "$defs": definitions,
    }


@dataclass(frozen=True)
class Job:
    """One play: a scenario on a model, the n-th time."""

    scenario: Scenario
    model: str
    repeat: int
