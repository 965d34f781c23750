"""Which chart an indicator gets, chosen from its figures.

- the same indicator (name, unit, year) measured in two or more members: one ranking chart;
- any of baseline, achieved and target (a percentage against 100): a progress chart;
- a change: a change chart;
- values over the years: a line chart (drawn where the series' table is, see charts.py).
A figure achieved alone gets a single bar on its own scale: the issue asks a chart of every indicator
with figures, and a page of charts reads faster than a chart for some and a table row for others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ...models.measures import Indicator, Quantity, format_number
from .bars import (Gettext, Wording, _english, _figure, bracketable, change_chart, progress_chart, ranking_chart,
                   ranking_order)
from .charts import Numbering


@dataclass(frozen=True)
class Chart:
    kind: str  # "progress", "change" or "ranking"
    caption: str
    svg: str
    rows: tuple[tuple[str, str, bool], ...]  # the chart's figures for a table: label, figure, highlighted


def _member_figure(indicator: Indicator) -> tuple[str, Quantity] | None:
    """What members are compared on: the figure achieved, else the change."""
    if indicator.achieved is not None:
        return "achieved", indicator.achieved
    if indicator.change is not None:
        return "change", indicator.change
    return None


def member_groups(indicators: Iterable[Indicator]) -> list[list[Indicator]]:
    """Indicators of the same name, unit, figure and year in two or more members, in the files' order."""
    groups: dict[tuple, list[Indicator]] = {}
    for indicator in indicators:
        figure = _member_figure(indicator)
        if indicator.member and figure:
            group = groups.setdefault((indicator.name, indicator.unit, figure[0], indicator.year), [])
            if all(other.member != indicator.member for other in group):  # a member counted once
                group.append(indicator)
    return [group for group in groups.values() if len(group) > 1]


def ranking(chart_id: str, group: list[Indicator], name_of: Callable[[str], str], highlight: str | None = None,
            _: Gettext = _english, word: Wording = _figure, number: Numbering = format_number) -> Chart:
    """The ranking chart of one member group; `highlight` is a member's id; `_` gives the words' translation,
    `word` the figures' wording, `number` the axis' values' and the median's."""
    first = group[0]
    members = [(name_of(i.member), _member_figure(i)[1]) for i in group]
    unit = first.change_unit if _member_figure(first)[0] == "change" else first.unit
    shown = name_of(highlight) if highlight else None
    if first.year:
        caption = _("%(name)s (%(unit)s, %(year)s): compared where measured") % {
            "name": first.name, "unit": bracketable(unit), "year": first.year}
    else:
        caption = _("%(name)s (%(unit)s): compared where measured") % {"name": first.name, "unit": bracketable(unit)}
    svg = ranking_chart(chart_id, first.name, unit, members, shown, _, word, number)
    rows = tuple((label, word(value), label == shown) for label, value in ranking_order(members))
    return Chart("ranking", caption, svg, rows)


def _progress(chart_id: str, i: Indicator, _: Gettext, word: Wording, number: Numbering) -> Chart | None:
    present = [v for v in (i.baseline, i.achieved, i.target) if v is not None]
    if not present:
        return None
    svg = progress_chart(chart_id, i.name, i.unit, i.achieved, i.year, i.baseline, i.baseline_year, i.target, _, word,
                         number)
    rows = [(label, word(value), False) for label, value in
            ((_("Baseline"), i.baseline), (_("Achieved"), i.achieved), (_("Target"), i.target)) if value is not None]
    return Chart("progress", f"{i.name} ({bracketable(i.unit)})", svg, tuple(rows))


def _change(chart_id: str, i: Indicator, _: Gettext, word: Wording, number: Numbering) -> Chart:
    svg = change_chart(chart_id, i.name, i.change, i.change_unit, i.year, _, word, number)
    return Chart("change", _("%(name)s: change") % {"name": i.name}, svg,
                 ((_("Change"), f"{word(i.change)} {i.change_unit}", False),))


def indicator_charts(indicators: list[Indicator], prefix: str, name_of: Callable[[str], str],
                     _: Gettext = _english, word: Wording = _figure,
                     number: Numbering = format_number) -> list[Chart]:
    """Every bar chart of a list of indicators, in their order; ids are `prefix`-1, -2, ..."""
    grouped = {id(i): group for group in member_groups(indicators) for i in group}
    charts: list[Chart] = []
    for indicator in indicators:
        chart_id = f"{prefix}-{len(charts) + 1}"
        group = grouped.get(id(indicator))
        if group is not None:
            if group[0] is indicator:  # the group's chart where its first member stands
                charts.append(ranking(chart_id, group, name_of, _=_, word=word, number=number))
            continue
        if chart := _progress(chart_id, indicator, _, word, number):
            charts.append(chart)
        if indicator.change is not None:
            charts.append(_change(f"{prefix}-{len(charts) + 1}", indicator, _, word, number))
    return charts
