"""Horizontal bar charts of indicators, as inline SVG: progress, change and members compared.

- progress: baseline and achieved as bars, the target as a line across them (a bullet chart);
  a percentage reached alone is drawn against 100 %;
- change: a change without figures ("-50 %") as one bar from zero, left for a fall;
- ranking: one indicator measured in several members, highest first, the network's median as
  a dashed line (from three members on) and, on a member's own page, its bar dark and its
  name bold (how efficiency networks compare local governments).

Hand-written like the line chart (charts.py gives the reasons and benchmarks/charts.py the
figures): presentation attributes only, no style, no script, the same bytes every build.
Black and white in print: bars are black or mid-grey and every row is labelled; an exact
figure is a filled bar, a qualified one ("over 60") a hollow bar, a range a filled bar to its
low end and a hollow one on to its high end. A screen reader gets a title and a description
naming every figure; the figures stay in a table beside the chart.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from html import escape

from typing import Callable

from ...models.measures import Quantity, format_number
from .charts import FONT, Numbering, Wording, _figure, nice_top

# The charts' words come through `_`, the page's gettext (English: the words as written here), their
# figures through `word`, the page's wording of a figure (charts.Wording), and the axis' values and the
# median through `number` (charts.Numbering; English: format_number).
Gettext = Callable[[str], str]


def _english(message: str) -> str:
    return message

WIDTH = 420  # narrower than the line chart: its labels read at about 12 px on a phone
LABEL_WIDTH = 132  # the rows' names, right-aligned before the bars
RIGHT = 70  # room for a value label after the longest bar
ROW, BAR = 30, 18
MARKER_ROOM = 24  # above the rows, for the target's or median's label
AXIS = 26
LABEL_CHARS = 16  # longer names are shortened on the chart (in full in the row's tooltip, desc and table)
DARK, GREY = "currentColor", "#8c8c8c"  # both read in greyscale, and in the dark theme
# A rim of the background around a label, so a median or target line crossing it leaves it readable.
HALO = 'stroke="Canvas" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: Quantity
    dark: bool = True
    unit: str = ""  # after the figure's label, e.g. '%' for a change


@dataclass(frozen=True)
class Marker:
    """A vertical line across the rows: a target or a median."""

    label: str
    value: float
    dashed: bool = False


def _domain(values: list[float], percent: bool) -> tuple[float, float]:
    """[0, a round top], or symmetric around zero when a value is negative; 0-100 for percentages."""
    low, high = min(values + [0.0]), max(values + [0.0])
    if low < 0:
        span = nice_top(max(-low, high))
        return -span, span
    if percent and high <= 100:
        return 0.0, 100.0
    return 0.0, nice_top(high)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, description: str, bars: list[Bar], marker: Marker | None = None,
              percent: bool = False, bold: str | None = None, word: Wording = _figure,
              number: Numbering = format_number) -> str:
    """SVG of labelled horizontal bars from zero; `chart_id` must be unique on the page."""
    values = [b.value.max if b.value.max is not None else b.value.number for b in bars]
    values += [b.value.min for b in bars if b.value.min is not None]
    low, high = _domain(values + ([marker.value] if marker else []), percent)
    right = WIDTH - RIGHT
    top = MARKER_ROOM if marker else 6
    height = top + len(bars) * ROW + AXIS

    def x(value: float) -> float:
        return LABEL_WIDTH + (value - low) / (high - low) * (right - LABEL_WIDTH)

    parts = [
        f'<svg class="portal-chart portal-bars" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    bottom = top + len(bars) * ROW
    for step in range(5):  # gridlines and their values
        value = low + (high - low) * step / 4
        parts.append(f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="{top}" y2="{bottom}" stroke="#bbb" '
                     f'stroke-width="{1.5 if value == 0 else 0.5}"/>')
        parts.append(f'<text x="{x(value):.1f}" y="{bottom + 18}" text-anchor="middle" font-size="{FONT}" '
                     f'fill="currentColor">{escape(number(value))}</text>')
    rows = [_row(bar, top + index * ROW, x, bold == bar.label, word) for index, bar in enumerate(bars)]
    parts += [marks for marks, _ in rows]
    if marker:  # over the bars, under the labels (which keep a rim of the background)
        parts.append(_marker(marker, x(marker.value), top, bottom))
    parts += [labels for _, labels in rows]
    parts.append("</svg>")
    return "".join(parts)


def _row(bar: Bar, row_top: float, x, bold: bool, word: Wording) -> tuple[str, str]:
    """The row's marks, and its labels (drawn last, over any marker line)."""
    colour = DARK if bar.dark else GREY
    y, middle = row_top + (ROW - BAR) / 2, row_top + ROW / 2 + 5
    weight = ' font-weight="bold"' if bold else ""
    parts = [f'<g class="row"><title>{escape(bar.label)}: {escape(word(bar.value))}</title>']
    value = bar.value
    end = value.max if value.min is not None else value.number
    solid_end = value.min if value.min is not None else end
    zero = x(0)
    if value.exact or value.min is not None:  # filled to the figure, or to a range's low end
        parts.append(_rect("bar", zero, x(solid_end), y, f'fill="{colour}"'))
    if value.min is not None:  # a range: hollow on to its high end
        parts.append(_rect("bar-range", x(value.min), x(value.max), y, f'fill="Canvas" stroke="{colour}" stroke-width="2"'))
    elif not value.exact:  # qualified ("over 60"): hollow
        parts.append(_rect("bar", zero, x(end), y, f'fill="Canvas" stroke="{colour}" stroke-width="2"'))
    label_x = x(max(end, 0)) + 6  # after the bar, or after zero for a fall
    shown = f"{word(value)} {bar.unit}" if bar.unit else word(value)
    labels = (f'<g class="row-labels"><text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" font-size="{FONT}"'
              f'{weight} fill="currentColor">{escape(_short(bar.label))}</text>'
              f'<text x="{label_x:.1f}" y="{middle:.1f}" font-size="{FONT}"{weight} '
              f'fill="currentColor" {HALO}>{escape(shown)}</text></g>')
    return "".join(parts) + "</g>", labels


def _rect(kind: str, x1: float, x2: float, y: float, paint: str) -> str:
    left, width = min(x1, x2), abs(x2 - x1)
    return f'<rect class="{kind}" x="{left:.1f}" y="{y:.1f}" width="{width:.1f}" height="{BAR}" {paint}/>'


def _marker(marker: Marker, at: float, top: float, bottom: float) -> str:
    dash = ' stroke-dasharray="5 3"' if marker.dashed else ""
    anchor = "end" if at > WIDTH - RIGHT - 30 else "start" if at < LABEL_WIDTH + 30 else "middle"
    return (f'<line class="marker" x1="{at:.1f}" x2="{at:.1f}" y1="{top - 6}" y2="{bottom}" stroke="currentColor" '
            f'stroke-width="3"{dash}/>'
            f'<text x="{at:.1f}" y="{top - 10}" text-anchor="{anchor}" font-size="{FONT}" fill="currentColor" {HALO}>'
            f'{escape(marker.label)}</text>')


# ---------------------------------------------------------------- the three kinds


def bracketable(unit: str) -> str:
    """A unit to set in brackets after a name, without brackets of its own inside them: 'people (of 32 asked)'
    reads 'people, of 32 asked', so a title says '(people, of 32 asked)', not '(people (of 32 asked))'."""
    if "(" not in unit:
        return unit
    # No \s* before the bracket: on a long run of spaces with no '(' after it that backtracks quadratically.
    return " ".join(re.sub(r"\(([^()]*)\)", r", \1", unit).split()).replace(" ,", ",").strip(", ")


def is_percent(unit: str) -> bool:
    return unit.strip().startswith("%")


def _dated(word: str, year: int | None) -> str:
    return f"{word} ({year})" if year else word


def progress_chart(chart_id: str, name: str, unit: str, achieved: Quantity | None, year: int | None = None,
                   baseline: Quantity | None = None, baseline_year: int | None = None,
                   target: Quantity | None = None, _: Gettext = _english, word: Wording = _figure,
                   number: Numbering = format_number) -> str:
    """Baseline and achieved as bars, the target as a line; needs two of them, or a percentage."""
    bars = [Bar(_dated(_("Baseline"), baseline_year), baseline, dark=False)] if baseline else []
    if achieved:
        bars.append(Bar(_dated(_("Achieved"), year), achieved))
    marker = Marker(_("Target %(value)s") % {"value": word(target)}, target.number) if target else None
    if not bars:  # a target alone: drawn as a bar, nothing to compare it with
        bars, marker = [Bar(_("Target"), target, dark=False)], None
    figures = [f"{bar.label.lower()}: {word(bar.value)}" for bar in bars]
    if marker:
        figures.append(_("target: %(value)s") % {"value": word(target)})
    # Translators: after a percentage drawn alone, e.g. "achieved: 80 of 100 %".
    scale = " " + _("of 100") + " %" if is_percent(unit) and not marker and len(bars) == 1 else ""
    return bar_chart(chart_id, f"{name} ({bracketable(unit)})", "; ".join(figures) + scale, bars, marker,
                     is_percent(unit), word=word, number=number)


def change_chart(chart_id: str, name: str, change: Quantity, change_unit: str, year: int | None = None,
                 _: Gettext = _english, word: Wording = _figure, number: Numbering = format_number) -> str:
    """A change without figures, from zero: to the left for a fall."""
    label = _dated(_("Change"), year)
    figures = {"label": label.lower(), "change": word(change), "unit": change_unit}
    if change.number < 0:
        description = _("%(label)s: %(change)s %(unit)s, a fall") % figures
    elif change.number > 0:
        description = _("%(label)s: %(change)s %(unit)s, a rise") % figures
    else:
        description = _("%(label)s: no change") % figures
    return bar_chart(chart_id, _("%(name)s: change (%(unit)s)") % {"name": name, "unit": bracketable(change_unit)},
                     description, [Bar(label, change, unit=change_unit)], word=word, number=number)


def ranking_order(members: list[tuple[str, Quantity]]) -> list[tuple[str, Quantity]]:
    """Highest first; equal figures by name, so the order never depends on the files' order."""
    return sorted(members, key=lambda m: (-m[1].number, m[0]))


def ranking_chart(chart_id: str, name: str, unit: str, members: list[tuple[str, Quantity]],
                  highlight: str | None = None, _: Gettext = _english, word: Wording = _figure,
                  number: Numbering = format_number) -> str:
    """One indicator where it was measured, highest first, with the median of three or more; `highlight` names one."""
    ordered = ranking_order(members)
    median = statistics.median(value.number for _label, value in ordered)
    bars = [Bar(label, value, dark=highlight is None or label == highlight) for label, value in ordered]
    figures = "; ".join(f"{label} {word(value)}" for label, value in ordered)
    description = _("From highest to lowest: %(figures)s.") % {"figures": figures}
    marker = None
    if len(ordered) > 2:  # the median of two is only their middle
        description += " " + _("Median of the %(num)s: %(median)s.") % {"num": len(ordered),
                                                                          "median": number(median)}
        marker = Marker(_("median %(value)s") % {"value": number(median)}, median, dashed=True)
    if highlight:
        description += " " + _("Highlighted: %(name)s.") % {"name": highlight}
    title = _("%(name)s (%(unit)s), compared where measured") % {"name": name, "unit": bracketable(unit)}
    return bar_chart(chart_id, title, description, bars, marker, is_percent(unit), bold=highlight, word=word,
                     number=number)
