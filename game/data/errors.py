"""Data-file errors: one line each, naming the file, the field and the line.

``DataError`` is the only exception the loader lets out. Its ``str()`` is a single line:

    levels/foo.toml: start.altitude_m (line 12): expected a finite number >= 0, got nan

This module also turns pydantic validation errors into that form (``from_validation``), with
the line found by ``game.data.toml_scan``.
"""

from __future__ import annotations

import difflib
import json
import math
import types
import typing

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel, ValidationError

from game.data.toml_scan import Loc, TomlScan


class DataError(Exception):
    """A problem in a vehicle or level file, or a file that cannot be found or read."""

    def __init__(self, path: str, message: str, *, field: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        self.path = str(path)
        self.message = " ".join(str(message).split())  # one line, whatever came in
        self.field = field
        self.line = line
        self.column = column
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.line is not None:
            where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        if self.field and where:
            return f"{self.path}: {self.field} ({where}): {self.message}"
        if self.field:
            return f"{self.path}: {self.field}: {self.message}"
        if where:
            return f"{self.path} ({where}): {self.message}"
        return f"{self.path}: {self.message}"

    def __str__(self) -> str:
        return self._format()

    def __reduce__(self):
        return (_rebuild, (self.path, self.message, self.field, self.line, self.column))


def _rebuild(path, message, field_, line, column) -> DataError:
    return DataError(path, message, field=field_, line=line, column=column)


# ------------------------------------------------------------- pydantic errors, one line each
def dotted(loc: Loc) -> str:
    """('faults', 0, 'kind') -> 'faults[0].kind'."""
    out = ""
    for item in loc:
        out += f"[{item}]" if isinstance(item, int) else (f".{item}" if out else str(item))
    return out


def table_label(loc: Loc) -> str:
    """How a table is named in a message: [start], [[faults]] entry 1, the top level."""
    if not loc:
        return "the top level"
    if isinstance(loc[-1], int):
        return f"[[{dotted(loc[:-1])}]] entry {loc[-1] + 1}"
    return f"[{dotted(loc)}]"


def show(value: object, typed: bool = False) -> str:
    """A short TOML-like rendering of a value from the file, for 'got ...'."""
    if isinstance(value, bool):
        text = "true" if value else "false"
        return f"{text} (a boolean)" if typed else text
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return f"{value} (an integer)" if typed else str(value)
    if isinstance(value, str):
        text = json.dumps(value if len(value) <= 40 else value[:37] + "...")
        return f"the string {text}" if typed else text
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"an array of {len(value)} value{'s' if len(value) != 1 else ''}"
    return f"a {type(value).__name__}"


def _unwrap(annotation: object, metadata: list) -> tuple[object, list]:
    """Strip Optional and Annotated, collecting constraint metadata."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation = args[0]
            for extra in args[1:]:
                metadata = [*metadata, *getattr(extra, "metadata", [extra])]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation, metadata
        else:
            return annotation, metadata


def resolve(model: type[BaseModel], loc: Loc) -> tuple[Loc, object, list]:
    """Follow ``loc`` through the schema: (the loc as keys, the final type, its constraints).

    Loc items that pydantic adds but that are not keys (union tags) are dropped.
    """
    annotation: object = model
    metadata: list = []
    clean: list[str | int] = []
    for item in loc:
        annotation, metadata = _unwrap(annotation, metadata)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(item) if isinstance(item, str) else None
            if info is None:
                clean.append(item)
                annotation, metadata = None, []
                continue
            annotation, metadata = info.annotation, list(info.metadata)
        elif typing.get_origin(annotation) is list and isinstance(item, int):
            annotation, metadata = typing.get_args(annotation)[0], []
        elif annotation is None:
            pass
        else:
            continue  # a tag such as 'float' or 'function-after[...]'
        clean.append(item)
    annotation, metadata = _unwrap(annotation, metadata)
    return tuple(clean), annotation, metadata


def _fmt_num(x: float) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def expected(annotation: object, metadata: list) -> str:
    """'a finite number >= 0', 'an integer in [1, 4]', "one of 'day', 'dusk', 'night'" ..."""
    lo = hi = None
    lo_op = hi_op = ""
    for m in metadata:
        if isinstance(m, Ge):
            lo, lo_op = m.ge, ">="
        elif isinstance(m, Gt):
            lo, lo_op = m.gt, ">"
        elif isinstance(m, Le):
            hi, hi_op = m.le, "<="
        elif isinstance(m, Lt):
            hi, hi_op = m.lt, "<"
    if typing.get_origin(annotation) is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(annotation))
    if annotation is float or annotation is int:
        base = "a finite number" if annotation is float else "an integer"
        if lo is not None and hi is not None and lo_op == ">=" and hi_op == "<=":
            return f"{base} in [{_fmt_num(lo)}, {_fmt_num(hi)}]"
        bounds = [f"{op} {_fmt_num(v)}" for op, v in ((lo_op, lo), (hi_op, hi)) if v is not None]
        return " ".join([base, " and ".join(bounds)]) if bounds else base
    if annotation is str:
        return "a string"
    if annotation is bool:
        return "true or false"
    if typing.get_origin(annotation) is list:
        return "an array"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "a table"
    return "a valid value"


def describe(model: type[BaseModel], error: dict) -> tuple[Loc, str]:
    """(loc as keys, one-line message) for one pydantic error dict."""
    loc, annotation, metadata = resolve(model, tuple(error["loc"]))
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    parent = loc[:-1]
    name = loc[-1] if loc else ""
    if kind == "missing":
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return loc, f"missing required table [{dotted(loc)}]"
        return loc, f"missing required key '{name}' in {table_label(parent)}"
    if kind == "extra_forbidden":
        _, parent_type, _ = resolve(model, parent)
        valid = list(getattr(parent_type, "model_fields", {}))
        what = "table" if isinstance(value, dict) else "key"
        if not parent:
            text = (f"unknown table [{name}]" if what == "table"
                    else f"unknown key '{name}' at the top level (outside any table)")
        else:
            text = f"unknown {what} '{name}' in {table_label(parent)}"
        close = difflib.get_close_matches(str(name), valid, n=1, cutoff=0.6)
        if close:
            hint = f"[{close[0]}]" if what == "table" and not parent else f"'{close[0]}'"
            return loc, f"{text}; did you mean {hint}?"
        return loc, f"{text} (valid keys: {', '.join(valid)})"
    if kind in ("value_error", "assertion_error"):
        msg = str(error.get("msg", ""))
        for prefix in ("Value error, ", "Assertion failed, "):
            msg = msg.removeprefix(prefix)
        return loc, msg
    want = expected(annotation, metadata)
    if kind == "literal_error":
        options = [str(a) for a in typing.get_args(annotation)]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return loc, f"expected {want}, got {show(value)}{hint}"
    if kind == "string_pattern_mismatch":
        return loc, (f"expected a name of letters, digits, '_' and '-' "
                     f"(pattern {ctx.get('pattern')}), got {show(value)}")
    if kind in ("too_long", "too_short", "string_too_long", "string_too_short"):
        return loc, f"{_lower(error.get('msg', ''))}, got {show(value)}"
    typed = kind.endswith("_type") or kind in ("model_type", "dict_type")
    return loc, f"expected {want}, got {show(value, typed=typed)}"


def _lower(msg: str) -> str:
    return msg[:1].lower() + msg[1:]


def from_validation(path: str, exc: ValidationError, model: type[BaseModel],
                    scan: TomlScan) -> DataError:
    """The first problem in the file, as one line.

    Problems with a value or an unknown key come before missing keys (a misspelt key is
    reported as unknown, with a suggestion, rather than as the key it should have been);
    among those, the lowest line wins, then the schema's order.
    """
    described = []
    for order, err in enumerate(exc.errors(include_url=False)):
        loc, message = describe(model, err)
        line = scan.line_of(loc)
        rank = (err["type"] == "missing", line if line is not None else 1 << 30, order)
        described.append((rank, loc, message, line))
    described.sort(key=lambda d: d[0])
    _, loc, message, line = described[0]
    more = len(described) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return DataError(path, message, field=dotted(loc) or None, line=line)
