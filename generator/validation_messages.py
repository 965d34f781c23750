"""pydantic's validation errors in words an editor understands.

pydantic speaks to programmers ("Input should be a valid dictionary or instance of Period",
"String should match pattern '^[a-z0-9]+...'"). Editors are municipal staff: each message
says what is wrong with what they wrote, and the hint what to write instead (the allowed
values, where ids are listed, a date in the right order). A key at the wrong indentation
is named as such, instead of an unknown field plus a missing one.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .models.common import ID_PATTERN, slug
from .references import WHERE_LISTED, inner_model as _inner_model, target_of


@dataclass(frozen=True)
class Explained:
    location: tuple  # where the editor wrote it, e.g. ("period", "start")
    message: str
    hint: str


def explain_errors(model_class: type[BaseModel], data: Any, details: list[dict]) -> list[Explained]:
    """One explanation per mistake; errors that a misplaced key explains are folded into it."""
    details = [{**detail, "loc": _editor_location(detail["loc"])} for detail in details]
    found, explained_elsewhere = [], set()
    for detail in details:
        if detail["type"] == "extra_forbidden" and (misplaced := _misplaced(model_class, data, detail["loc"])):
            explanation, covered = misplaced
            found.append(explanation)
            explained_elsewhere.add(covered)
    for detail in details:
        if detail["loc"] in explained_elsewhere and detail["type"] in ("missing", "model_type", "dict_type"):
            continue
        if detail["type"] == "extra_forbidden" and any(e.location == detail["loc"] for e in found):
            continue
        found.append(Explained(detail["loc"], message(detail), hint(model_class, detail)))
    return found


def _editor_location(location: tuple) -> tuple:
    # Union branches chosen by shape (models/measures.py) are not fields: "as-structure" and the like.
    return tuple(part for part in location if not (isinstance(part, str) and part.startswith("as-")))


# ---------------------------------------------------------------- keys at the wrong indentation


def _misplaced(model_class: type[BaseModel], data: Any, location: tuple) -> tuple[Explained, tuple] | None:
    """`start:` written under `period:` without indentation, or `status:` indented under `period:`.

    Returns the explanation and the location of the error it makes redundant (the empty `period:`,
    or the `status` that is then missing).
    """
    *parent, key = location
    parent = tuple(parent)
    model = model_at(model_class, parent)
    if model is None or not isinstance(key, str):
        return None
    if owner := _owner_nearby(model, data, parent, key):
        name, value = owner
        where = parent + (name,)
        if value is _ABSENT:
            hint = f"write `{name}:` on a line of its own above it, and indent `{key}:` under it with spaces"
        else:
            hint = f"indent `{key}:` under `{name}:` with spaces"
        return Explained(location, f"`{key}:` belongs under `{name}:`", hint), where
    names = [part for part in parent if isinstance(part, str)]
    if names:
        above = parent[: max(i for i, part in enumerate(parent) if isinstance(part, str))]
        outer = model_at(model_class, above)
        if outer is not None and lookup(outer, key) is not None and key not in _field_names(model):
            return (Explained(location, f"`{key}:` is indented under `{names[-1]}:`, where it does not belong",
                              f"move `{key}:` to the left, in line with `{names[-1]}:`"), above + (key,))
    return None


_ABSENT = object()


def _owner_nearby(model: type[BaseModel], data: Any, parent: tuple, key: str) -> tuple[str, Any] | None:
    """The field beside `key` whose own fields include `key`: an empty one first, then one written, then any."""
    siblings = _value_at(data, parent)
    siblings = siblings if isinstance(siblings, dict) else {}
    candidates = []
    for name, info in model.model_fields.items():
        name = info.alias or name
        inner = _inner_model(info.annotation)
        if inner is None or _is_list(info.annotation) or lookup(inner, key) is None:
            continue
        value = siblings.get(name, _ABSENT)
        if isinstance(value, dict) and key in value:
            continue  # already given there: a real duplicate, not a misplaced key
        rank = 0 if value is None else 1 if isinstance(value, dict) else 2 if value is _ABSENT else 3
        candidates.append((rank, name, value))
    if not candidates:
        return None
    candidates.sort(key=lambda candidate: candidate[0])
    best = [c for c in candidates if c[0] == candidates[0][0]]
    return (best[0][1], best[0][2]) if len(best) == 1 and best[0][0] < 3 else None


def _value_at(data: Any, location: tuple) -> Any:
    for part in location:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _is_list(annotation: Any) -> bool:
    if getattr(annotation, "__origin__", None) in (list, dict):
        return True
    return any(_is_list(argument) for argument in getattr(annotation, "__args__", ()) or ()
               if argument is not type(None))


# ---------------------------------------------------------------- messages


def _shown(value: Any) -> str:
    """A contributor's value as quoted in a message: cut short, so that a long text does not flood the report."""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def message(detail: dict) -> str:
    kind, value, ctx = detail["type"], detail.get("input"), detail.get("ctx") or {}
    if isinstance(value, str):
        value = _shown(value)
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if value is None and kind in ("enum", "literal_error", "string_type", "model_type", "dict_type",
                                  "int_type", "float_type", "date_type", "list_type"):
        return "no value given"
    if kind in ("enum", "literal_error"):
        return f"'{value}' is not one of the allowed values"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not written as an id" if ctx.get("pattern") == ID_PATTERN \
            else f"'{value}' is not written as expected"
    if kind.startswith("date") or kind.startswith("datetime"):
        return _date_message(value)
    if kind in ("model_type", "dict_type"):
        if detail["loc"] and isinstance(detail["loc"][-1], int):  # `sources: [Has it been worth it?]`
            return "expected an entry with fields (name: value), not a single value"
        return "expected fields, each on a line of its own indented under this one"
    if kind == "list_type":
        return "expected a list"
    if kind == "string_type":
        return "expected a text"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"'{value}' is not a whole number"
    if kind in ("float_parsing", "float_type"):
        return f"'{value}' is not a number"
    if kind == "string_too_short":
        return "the text is empty"
    if kind == "string_too_long":
        return f"the text has {len(detail['input']):,} characters; at most {ctx['max_length']:,} are allowed"
    if kind == "too_short":
        needed = ctx.get("min_length", 1)
        return "at least one entry is needed" if needed == 1 else f"at least {needed} entries are needed"
    if kind == "too_long":
        return f"{ctx.get('actual_length')} entries; at most {ctx.get('max_length')} are allowed"
    if kind == "greater_than_equal":
        return f"{value} is too low: it must be greater than or equal to {ctx['ge']}"
    if kind == "less_than_equal":
        return f"{value} is too high: it must be less than or equal to {ctx['le']}"
    # "Value error, x" -> "x": the prefix says nothing to an editor.
    return detail["msg"].removeprefix("Value error, ")


def hint(model_class: type[BaseModel], detail: dict) -> str:
    kind, value, location = detail["type"], detail.get("input"), detail["loc"]
    if isinstance(value, str) and (suggestion := date_suggestion(value, whole_day=kind.startswith("date"))):
        return suggestion
    if kind == "extra_forbidden":
        parent = model_at(model_class, location[:-1])
        if parent is not None:
            names = _field_names(parent)
            close = difflib.get_close_matches(str(location[-1]), names, n=1)
            if close:
                return f"did you mean '{close[0]}'?"
            return "allowed fields: " + ", ".join(names)
    if kind in ("enum", "literal_error"):
        return _allowed_values(detail)
    if kind == "string_pattern_mismatch" and (detail.get("ctx") or {}).get("pattern") == ID_PATTERN:
        written = slug(str(value))
        rule = "ids are written in lower case, with hyphens instead of spaces"
        return f"did you mean '{written}'? {rule[0].upper()}{rule[1:]}" if written else rule
    field, owner = field_at(model_class, location)
    if kind == "missing" and field is not None:
        return _what_belongs_here(owner, location[-1], field)
    if kind in ("model_type", "dict_type", "too_short") and field is not None:
        inner = _inner_model(field.annotation)
        name = next(part for part in reversed(location) if isinstance(part, str))
        if inner is not None and _is_list(field.annotation):
            return _list_entries(name, inner)
        if inner is not None:
            return f"indent its fields under `{name}:` with spaces: " + ", ".join(_field_names(inner))
    if kind == "list_type" and isinstance(value, (str, int, float)):
        return f"write [{value}], or each item on a line of its own starting with '- '"
    if kind == "date_from_datetime_inexact" and isinstance(value, int):
        return f"write the day as {value}-MM-DD"
    if field is not None and field.description:
        return field.description
    if kind.startswith("date"):
        return "write dates as YYYY-MM-DD"
    if kind == "string_type":
        return "write the text after the colon" if value is None else "put the value in quotes"
    return ""


def _list_entries(name: str, inner: type[BaseModel]) -> str:
    first = next((key for key, info in inner.model_fields.items() if info.is_required()), _field_names(inner)[0])
    others = [key for key in _field_names(inner) if key != first]
    return (f"list the entries under `{name}:`, each starting with '- {first}: ...'"
            + (f", other fields below it ({', '.join(others)})" if others else ""))


def _allowed_values(detail: dict) -> str:
    allowed = re.findall(r"'([^']*)'", (detail.get("ctx") or {}).get("expected", ""))
    if not allowed:
        return ""
    listed = "one of: " + ", ".join(allowed)
    close = difflib.get_close_matches(str(detail.get("input")), allowed, n=1) if detail.get("input") else []
    return f"did you mean '{close[0]}'? Write {listed}" if close else f"write {listed}"


def _what_belongs_here(owner: type[BaseModel] | None, name: str, field: Any) -> str:
    """The field's description, and the allowed values, where its ids are listed or its fields."""
    inner = _inner_model(field.annotation)
    if values := _enum_values(field.annotation):
        extra = "write one of: " + ", ".join(values)
    elif target := target_of(owner, name):
        extra = f"the ids are listed in {WHERE_LISTED[target]}"
    elif inner is not None and _is_list(field.annotation):
        extra = _list_entries(name, inner)
    elif inner is not None:
        extra = f"write `{name}:` with its fields indented under it: " + ", ".join(_field_names(inner))
    else:
        extra = "" if field.description else f"add `{name}:` with its value"
    if not field.description:
        return extra
    return f"{field.description} {extra[0].upper()}{extra[1:]}." if extra else field.description


def _enum_values(annotation: Any) -> list[str]:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [member.value for member in annotation]
    for argument in getattr(annotation, "__args__", ()) or ():
        if values := _enum_values(argument):
            return values
    return []


# ---------------------------------------------------------------- dates

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
_YEAR_FIRST = re.compile(r"^\s*(\d{4})[./-](\d{1,2})[./-](\d{1,2})\s*$")


def _real_date(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d} ({day} {calendar.month_name[month]})"


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_IN_WORDS = re.compile(r"^\s*(?:(\d{1,2})\.?\s+)?([A-Za-z]+)\.?,?\s+(\d{4})\s*$")  # 12 March 2021, March 2021


def date_suggestion(text: str, whole_day: bool = False) -> str | None:
    """'12/03/2021' -> 'write 2021-03-12 (12 March) or 2021-12-03 (3 December)': both readings if both exist.

    `whole_day`: the field needs a day (not a month alone, as a period's start may be).
    """
    if (match := _IN_WORDS.match(text)) and match.group(2).lower() in _MONTHS:
        day, month, year = match.group(1), _MONTHS[match.group(2).lower()], int(match.group(3))
        if day is None:
            return None if whole_day else f"write {year:04d}-{month:02d}"
        return f"write {_iso(year, month, int(day))}" if _real_date(year, month, int(day)) else None
    if (match := _YEAR_FIRST.match(text)) and not re.fullmatch(r"\d{4}-\d\d-\d\d", text.strip()):
        year, month, day = map(int, match.groups())
        return f"write {_iso(year, month, day)}" if _real_date(year, month, day) else None
    if not (match := _DAY_FIRST.match(text)):
        return None
    first, second, year = map(int, match.groups())
    readings = [_iso(year, month, day) for day, month in ((first, second), (second, first))
                if _real_date(year, month, day)]
    readings = list(dict.fromkeys(readings))  # 03/03/2021 reads the same both ways
    return "write " + " or ".join(readings) if readings else None


def _date_message(value: Any) -> str:
    text = str(value).strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value} is a year or a number; this field needs a date"
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = map(int, match.groups())
        if not 1 <= month <= 12:
            return f"'{text}' is not a date: there is no month {month}"
        if not _real_date(year, month, day):
            return f"'{text}' is not a date: {calendar.month_name[month]} has no day {day}"
    return f"'{text}' is not a date written YYYY-MM-DD"


# ---------------------------------------------------------------- the models, walked by location


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def model_at(model: type[BaseModel] | None, location: tuple) -> type[BaseModel] | None:
    """The model class that describes the value at `location`, if any."""
    for part in location:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = lookup(model, part)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def field_at(model: type[BaseModel], location: tuple) -> tuple[Any, type[BaseModel] | None]:
    """The field at `location` (skipping list indexes) and the model it belongs to."""
    names = [i for i, part in enumerate(location) if not isinstance(part, int)]
    if not names:
        return None, None
    parent = model_at(model, tuple(location[: names[-1]]))
    return (lookup(parent, location[names[-1]]) if parent else None), parent


def lookup(model: type[BaseModel], name: str):
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return info
    return None
