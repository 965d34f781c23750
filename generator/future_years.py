"""Link stage, a check that needs today's date: years of what already happened may not lie ahead.

A practice cannot have started, a figure been measured, a member joined, a source been published
or a practice been taken up in a year after this one; such a year is a typing slip (2031 for 2013).
Targets, deadlines and the ends of periods may lie ahead, and are not checked here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .models.measures import when_year
from .problems import Problem, field_name
from .validate import Valid

HINT = "a year that has not come yet; check for a typing slip (2031 for 2013), or leave the year out"


def future_years(catalog, today: dt.date) -> list[Problem]:
    """An error for each past-tense year after today's year, at its file, line and field."""
    problems = []
    for table in (catalog.practices, catalog.networks, catalog.results):
        for record in table.values():
            for location, year in _past_years(record):
                if year is not None and year > today.year:
                    position = record.position(*location)
                    problems.append(Problem(record.file, position.line, position.column, field_name(location),
                                            f"{year} is in the future", HINT))
    return problems


def _past_years(record: Valid) -> Iterator[tuple[tuple, int | None]]:
    """(location, year) of each year in the record that says when something happened."""
    model = record.model
    period = getattr(model, "period", None)
    if period is not None:
        yield ("period", "start"), when_year(period.start)
    for index, source in enumerate(getattr(model, "sources", None) or []):
        yield ("sources", index, "year"), source.year
    if record.kind == "results":
        yield ("year",), model.year
        yield from _indicator_years(("indicators",), model.indicators)
    if record.kind == "practice":
        if model.results is not None:
            yield from _indicator_years(("results", "indicators"), model.results.indicators)
        for index, transfer in enumerate(model.transfers):
            yield ("transfers", index, "year"), transfer.year
    if record.kind == "network":
        for index, member in enumerate(model.members):
            yield ("members", index, "joined"), member.joined


def _indicator_years(where: tuple, indicators: list) -> Iterator[tuple[tuple, int | None]]:
    for index, indicator in enumerate(indicators):
        yield (*where, index, "year"), indicator.year
        yield (*where, index, "baseline_year"), indicator.baseline_year
        for year in indicator.series:
            yield (*where, index, "series", year), year
