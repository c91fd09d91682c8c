"""Hypothesis fuzzing of every tool's arguments, against a real SQLite file store.

Any JSON a model could send, to any tool: the tool answers with a result or a tool error
(never an exception, never a non-JSON answer), and the store's invariants hold afterwards.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import init_db, make_engine
from tests.reliability.conftest import Shop, build_shop
from tests.reliability.invariants import assert_store_invariants
from tools import REGISTRY, ToolError

EXAMPLES_PER_TOOL = 300
RAW_EXAMPLES_PER_TOOL = 300

ODD_TEXT = st.one_of(
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(["\x00", "\x1b", "\u202e", "\n", '"', "*", "(", "^", "这"]),
        ),
        max_size=40,
    ),
    st.sampled_from(["这俩", "42", "size", "earbuds", "shoe_size", "the", "AND", "x" * 400]),
)
NUMBERS = st.one_of(
    st.integers(min_value=-3, max_value=25),  # hits real ids, quantities and lines
    st.sampled_from([0, 2**31 - 1, 2**31, 2**63, 10**20, -(2**63)]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, ODD_TEXT)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(ODD_TEXT, inner, max_size=4)
    ),
    max_leaves=8,
)


def arguments_for(name: str) -> st.SearchStrategy[dict]:
    """Objects with the tool's own parameter names (so validation passes often) plus noise."""
    fields = list(REGISTRY.get(name).args_model.model_fields)
    own = st.fixed_dictionaries({}, optional=dict.fromkeys(fields, VALUES))
    extra = st.dictionaries(ODD_TEXT, VALUES, max_size=2)
    return st.one_of(own, own, own, st.builds(lambda a, b: {**a, **b}, own, extra))


def _json(value: object) -> str:
    """JSON as a model may write it, Infinity and NaN included (Python's json reads them)."""
    return json.dumps(value, allow_nan=True)


@pytest.fixture(scope="module")
def fuzz_shop(tmp_path_factory) -> Shop:
    """One seeded store for the module: examples pile up changes, as a long session would."""
    folder = tmp_path_factory.mktemp("fuzz")
    engine = make_engine(f"sqlite:///{folder / 'shop.db'}")
    init_db(engine)
    return build_shop(engine)


@pytest.mark.parametrize("name", [tool.name for tool in REGISTRY])
def test_any_arguments_get_an_answer_and_keep_the_store_sound(fuzz_shop, name):
    tool = REGISTRY.get(name)

    @settings(
        max_examples=EXAMPLES_PER_TOOL,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(arguments=arguments_for(name), as_text=st.booleans())
    def run(arguments: dict, as_text: bool) -> None:
        raw = _json(arguments) if as_text else arguments
        outcome = tool.run(fuzz_shop.ctx(), raw)
        answer = json.loads(outcome.content)
        assert isinstance(answer, dict)
        if not outcome.ok:
            assert answer["error"] and answer["message"], answer
        assert not any(isinstance(v, float) and not math.isfinite(v) for v in _floats(answer))

    run()
    assert_store_invariants(fuzz_shop.engine)


def _floats(value: object):
    if isinstance(value, dict):
        for item in value.values():
            yield from _floats(item)
    elif isinstance(value, list):
        for item in value:
            yield from _floats(item)
    elif isinstance(value, float):
        yield value


@pytest.mark.parametrize("name", [tool.name for tool in REGISTRY])
def test_any_raw_argument_text_is_parsed_or_refused_clearly(name):
    parse = REGISTRY.get(name).parse_arguments

    @settings(max_examples=RAW_EXAMPLES_PER_TOOL, deadline=None, database=None)
    @given(raw=st.one_of(st.text(max_size=80), VALUES.map(_json)))
    def run(raw: str) -> None:
        try:
            parse(raw)
        except ToolError as exc:  # the only failure: the tool's own error, with a message
            assert exc.message

    run()
