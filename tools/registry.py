"""Turn typed, documented functions into tools: OpenAI schemas, argument validation, execution.

A tool is a plain function whose first parameter is the `ToolContext` (who is shopping, and
where the store is) and whose other parameters are what the model may pass. The signature is
the schema: pydantic builds the JSON schema and validates arguments from the type hints, and
the Google-style docstring gives the descriptions. Nobody writes JSON schemas by hand.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, get_type_hints

import docstring_parser
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from sqlalchemy import Engine
from sqlmodel import Session

from store import StoreError, mark_call, read_scope, session_scope

MAX_ARGUMENT_CHARS = 4_000
"""The longest arguments a tool accepts: its longest field with room to spare."""


@dataclass(frozen=True)
class ToolContext:
    """Who is shopping and where the store is. Comes from the run, never from the model."""

    engine: Engine
    customer_id: int
    language: str = "en"
    call_key: str | None = None
    """Our key of the write call being run: its mark commits with its changes (crash truth)."""

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A store session that commits when the tool returns normally."""
        with session_scope(self.engine) as session:
            if self.call_key is not None:
                mark_call(session, self.call_key)
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A store session for a tool that only reads (it never holds SQLite's write lock)."""
        with read_scope(self.engine) as session:
            yield session


class ToolError(Exception):
    """An expected failure the model can act on (unknown product, bad arguments, declined card)."""

    def __init__(self, message: str, *, code: str = "tool_error", **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        """The JSON the model sees."""
        return {"error": self.code, "message": self.message, **self.details}


@dataclass(frozen=True)
class ToolOutcome:
    """What running a tool produced: `content` for the model, `data` for programs and the UI."""

    ok: bool
    content: str
    data: Any = None


def compact_json(value: Any) -> str:
    """JSON without spaces (tool results are read token by token), non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


SCHEMA_KEYS = ("type", "description", "enum", "items", "properties", "required", "$ref", "$defs")
"""What a model needs to call a tool right. Bounds, patterns, defaults and pydantic's titles are
left out of what it reads on every call: validation still checks them, and its error says how."""


def _model_facing(node: Any, *, properties: bool = False) -> Any:
    """A JSON schema cut down to `SCHEMA_KEYS`, `null` alternatives dropped.

    An optional parameter is simply not required; validation still accepts null.
    """
    if isinstance(node, list):
        return [_model_facing(item) for item in node]
    if not isinstance(node, dict):
        return node
    if properties:  # parameter names, each with its schema
        return {name: _model_facing(sub) for name, sub in node.items()}
    alternatives = node.get("anyOf")
    if isinstance(alternatives, list):
        non_null = [alt for alt in alternatives if alt != {"type": "null"}]
        if len(non_null) == 1:
            node = {**{k: v for k, v in node.items() if k != "anyOf"}, **non_null[0]}
    return {
        key: _model_facing(node[key], properties=key in ("properties", "$defs"))
        for key in SCHEMA_KEYS
        if key in node
    }


@dataclass(frozen=True)
class Tool:
    """A registered tool."""

    name: str
    description: str
    """What the model reads: the tool's `brief`, or its docstring's description."""
    func: Callable[..., Any]
    args_model: type[BaseModel]
    read_only: bool
    needs_confirmation: bool
    present: Callable[[Any, ToolContext], Any] | None = None

    def schema(self) -> dict[str, Any]:
        """The OpenAI chat-completions tool definition."""
        parameters = _model_facing(self.args_model.model_json_schema())
        parameters.setdefault("properties", {})
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": parameters,
            },
        }

    def parse_arguments(self, raw: str | dict[str, Any] | None) -> BaseModel:
        """Validate the model's arguments (a JSON string, as sent on the wire).

        Raises:
            ToolError: if the JSON is malformed or an argument is missing or of the wrong type.
        """
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raw = "{}"
        if isinstance(raw, str) and len(raw) > MAX_ARGUMENT_CHARS:
            raise ToolError(
                f"The arguments of {self.name} are {len(raw):,} characters; no tool takes more "
                f"than {MAX_ARGUMENT_CHARS:,}. Send short values (a query of a few words).",
                code="invalid_arguments",
            )
        try:
            data = json.loads(raw) if isinstance(raw, str) else raw
        except json.JSONDecodeError as exc:
            raise ToolError(
                f"The arguments of {self.name} are not valid JSON ({exc.msg} at character "
                f"{exc.pos}). Send a JSON object matching the tool's parameters.",
                code="invalid_arguments",
            ) from None
        except RecursionError:
            raise ToolError(
                f"The arguments of {self.name} are nested too deeply. Send a flat JSON object.",
                code="invalid_arguments",
            ) from None
        if not isinstance(data, dict):
            raise ToolError(
                f"The arguments of {self.name} must be a JSON object.", code="invalid_arguments"
            )
        try:
            return self.args_model.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'arguments'}: {err['msg']}"
                for err in exc.errors()
            )
            raise ToolError(
                f"Invalid arguments for {self.name}: {problems}.", code="invalid_arguments"
            ) from None

    def run(self, ctx: ToolContext, raw_arguments: str | dict[str, Any] | None) -> ToolOutcome:
        """Validate and run; expected failures become an error outcome, bugs still raise."""
        try:
            args = self.parse_arguments(raw_arguments)
            data = self.func(ctx, **{name: getattr(args, name) for name in type(args).model_fields})
        except (ToolError, StoreError) as exc:
            error = exc.to_dict()
            return ToolOutcome(ok=False, content=compact_json(error), data=error)
        if self.present is not None:
            payload = self.present(data, ctx)
        else:
            payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
        return ToolOutcome(ok=True, content=compact_json(payload), data=data)


@dataclass
class ToolRegistry:
    """Tools by name, in registration order (a stable order keeps provider prompt caches warm)."""

    tools: dict[str, Tool] = field(default_factory=dict)

    def register(self, tool: Tool) -> None:
        """Add a tool; names are unique."""
        if tool.name in self.tools:
            raise ValueError(f"tool {tool.name!r} is registered twice")
        self.tools[tool.name] = tool

    def get(self, name: str) -> Tool:
        """The tool called `name`.

        Raises:
            ToolError: for an unknown name, listing the real ones.
        """
        try:
            return self.tools[name]
        except KeyError:
            raise ToolError(
                f"There is no tool named {name!r}. Available tools: {', '.join(self.tools)}.",
                code="unknown_tool",
            ) from None

    def schemas(self) -> list[dict[str, Any]]:
        """All tool definitions, for the model request."""
        return [tool.schema() for tool in self.tools.values()]

    def __iter__(self) -> Iterator[Tool]:
        return iter(self.tools.values())


REGISTRY = ToolRegistry()


def _args_model(func: Callable[..., Any], param_docs: dict[str, str | None]) -> type[BaseModel]:
    hints = get_type_hints(func, include_extras=True)
    fields: dict[str, Any] = {}
    params = list(inspect.signature(func).parameters.values())[1:]  # skip the ToolContext
    for param in params:
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[param.name] = (
            hints[param.name],
            Field(default, description=param_docs.get(param.name)),
        )
    return create_model(
        f"{func.__name__}_arguments", __config__=ConfigDict(extra="forbid"), **fields
    )


def tool(
    *,
    read_only: bool = False,
    needs_confirmation: bool = False,
    present: Callable[[Any, ToolContext], Any] | None = None,
    brief: str | None = None,
    params: dict[str, str] | None = None,
    registry: ToolRegistry = REGISTRY,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function as a tool (its name, signature and docstring become its schema).

    The model reads the tool list on every call, so a tool may say less to it than its
    docstring says to developers: `brief` replaces the description, and then `params` holds
    the only parameter descriptions (a parameter whose name says it all needs none).

    Args:
        read_only: The tool changes nothing, so it may run alongside other read-only calls.
        needs_confirmation: The tool only prepares an action that a human must confirm.
        present: Turns the function's result (a store view, kept for programs and the UI)
            into the compact JSON the model reads.
        brief: What the model reads instead of the docstring: one short sentence or two.
        params: With `brief`, the model's descriptions of the parameters that need one.
        registry: Where to register it.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        doc = docstring_parser.parse(inspect.getdoc(func) or "")
        description = "\n\n".join(
            part for part in (doc.short_description, doc.long_description) if part
        )
        if not description:
            raise ValueError(f"tool {func.__name__} needs a docstring: it is its manual")
        if brief is None:
            param_docs = {p.arg_name: p.description for p in doc.params}
        else:
            description, param_docs = brief, dict(params or {})
        if unknown := set(param_docs) - set(inspect.signature(func).parameters):
            raise ValueError(f"tool {func.__name__} describes no such parameters: {unknown}")
        registry.register(
            Tool(
                name=func.__name__,
                description=description,
                func=func,
                args_model=_args_model(func, param_docs),
                read_only=read_only,
                needs_confirmation=needs_confirmation,
                present=present,
            )
        )
        return func

    return decorate
