"""What every mapping from a FilledTemplate to a record shares: the model's fields by a template key,
the header's municipality and date read as registry id and date, the network the record belongs to,
and the plan of what to write."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii
from pydantic import BaseModel

from ..catalog import Catalog
from ..models.filled import FilledTemplate
from ..models.registry import NAME_FIELDS
from ..models.template import Template
from ..problems import Problem
from ..references import inner_model


@dataclass
class Context:
    """What a mapping knows besides the filled form."""

    root: Path
    file: str  # the imported file, as problems name it
    catalog: Catalog
    today: dt.date
    network: str | None = None  # --network


@dataclass
class Written:
    """A record to write: the whole new text of `path`, and whether it replaces something that exists."""

    path: str  # relative to the portal's folder
    text: str
    replaces: str = ""  # what --force would overwrite, in words; empty when nothing is lost
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ the models' fields


def field_for(model: type[BaseModel], key: str) -> str | None:
    """The model's field that a template key (or its plural, for a list) names: 'municipality' -> municipalities."""
    name = key.replace("-", "_")
    fields = model.model_fields
    for candidate in (name, name + "s", re.sub(r"y$", "ies", name)):
        if candidate in fields and (candidate == name or _is_list(fields[candidate].annotation)):
            return candidate
    return None


def list_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model of one item of a list field (ActionPlan.activities -> Activity), or None."""
    info = model.model_fields.get(name)
    return inner_model(info.annotation) if info is not None and _is_list(info.annotation) else None


def required_fields(model: type[BaseModel]) -> set[str]:
    return {name for name, info in model.model_fields.items() if info.is_required()}


def _is_list(annotation) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in typing.get_args(annotation))


# ------------------------------------------------------------------ header values


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", anyascii(text)).strip().casefold()


def _other_names(entity) -> list[str]:
    """The names a header may give it besides its own: 'Shoqata e Bashkive të Shqipërisë', 'Skopje', and
    the name as the pages show it ('Association of Albanian Municipalities (Shoqata e Bashkive të Shqipërisë)')."""
    names = [entity.display_name]
    for key in NAME_FIELDS[1:]:  # after `name`
        value = getattr(entity, key, None)
        names.extend(value if isinstance(value, list) else [value])
    return [name for name in names if name]


def municipality(filled: FilledTemplate, ctx: Context, problems: list[Problem]) -> str | None:
    """The registry id of the header's municipality (written as its id or its name), or a problem saying so."""
    text = filled.header.get("municipality", "").strip()
    if not text:
        return None
    entries = {**ctx.catalog.organisations, **ctx.catalog.municipalities}
    if text in entries:
        return text
    by_name = {fold(name): ref for ref, valid in entries.items() for name in _other_names(valid.model)}
    by_name |= {fold(valid.model.name): ref for ref, valid in entries.items()}  # a record's own name wins
    if fold(text) in by_name:
        return by_name[fold(text)]
    close = difflib.get_close_matches(fold(text), list(by_name) + list(entries), n=1, cutoff=0.6)
    suggestion = by_name.get(close[0], close[0]) if close else ""
    problems.append(Problem(ctx.file, 0, 0, "header.municipality",
                            f"'{text}' is no municipality or organisation in the registry",
                            f"did you mean '{suggestion}'?" if suggestion else
                            "add it to registry/municipalities/ first, or write its registry id"))
    return None


_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}


def parse_date(text: str) -> tuple[dt.date | None, str]:
    """A date as people write it on a form; (None, why) when it cannot be read for sure."""
    text = text.strip()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = map(int, match.groups())
    elif match := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text):
        first, second, year = map(int, match.groups())
        if first <= 12 and second <= 12 and first != second and "/" in text:
            return None, (f"'{text}' could be {_say(year, second, first)} or {_say(year, first, second)}")
        day, month = first, second
    elif match := re.fullmatch(r"(\d{1,2})\.? ([A-Za-z]+)\.? (\d{4})", text):
        day, month, year = int(match[1]), _MONTHS.get(match[2].casefold()), int(match[3])
    elif match := re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})", text):
        month, day, year = _MONTHS.get(match[1].casefold()), int(match[2]), int(match[3])
    else:
        return None, f"'{text}' is not a date that can be read"
    try:
        date = dt.date(year, month or 0, day)
    except (ValueError, TypeError):
        return None, f"'{text}' is not a date that exists"
    if not 1900 <= date.year <= 2100:
        return None, f"'{text}' is not a plausible date (years 1900 to 2100)"
    return date, ""


def _say(year: int, month: int, day: int) -> str:
    return dt.date(year, month, day).strftime("%-d %B %Y")


def header_date(filled: FilledTemplate, ctx: Context, problems: list[Problem]) -> dt.date | None:
    text = filled.header.get("date", "")
    if not text:
        return None
    date, why = parse_date(text)
    if date is None:
        problems.append(Problem(ctx.file, 0, 0, "header.date", why, "write the date as YYYY-MM-DD, e.g. 2026-03-12"))
    return date


def network_of(filled: FilledTemplate, ctx: Context, member: str | None, problems: list[Problem]) -> str | None:
    """The network the record belongs to: --network, else the one network the municipality is a member of."""
    networks = ctx.catalog.networks
    if ctx.network:
        if ctx.network in networks:
            return ctx.network
        close = difflib.get_close_matches(ctx.network, sorted(networks), n=1)
        problems.append(Problem(ctx.file, 0, 0, "--network", f"there is no network '{ctx.network}'",
                                f"did you mean '{close[0]}'?" if close else "networks are the files in networks/"))
        return None
    if member is None and filled.header.get("municipality"):
        return None  # the municipality's own problem says what is wrong; its networks follow from it
    candidates = sorted(ctx.catalog.networks_by_member.get(member, [])) if member else []
    if len(candidates) == 1:
        return candidates[0]
    who = f"'{filled.header.get('municipality')}' is a member of " + (", ".join(candidates) if candidates else
                                                                      "no network") if member else "the form names no municipality"
    problems.append(Problem(ctx.file, 0, 0, "--network", f"which network does this form belong to? {who}",
                            "say it with --network NETWORK-ID (the file name in networks/, without .yml)"))
    return None


def column_names(template: Template) -> dict[str, dict[str, str]]:
    """Table key -> column key -> heading, as the template names them."""
    return {table.key: {column.key: column.name for column in table.columns} for table in template.tables}


def field_labels(template: Template) -> dict[str, str]:
    return {f.key: f.label for f in template.all_header_fields()}
