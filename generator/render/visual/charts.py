"""Line charts of an indicator's values over the years, as inline SVG.

Written here rather than with pygal or vl-convert, measured on what the portal needs:
- CSP: pygal's SVG carries an inline <style> and a script from another host (which can
  be turned off), and the pages allow no inline style; these charts use presentation
  attributes and the site's own stylesheet only;
- determinism: pygal names every chart with a random uuid, so two builds would differ;
- cost: about 0.1 ms a chart against milliseconds (pygal) or tens of milliseconds
  (vl-convert, a JavaScript engine), which matters at 10,000 practices;
- size: about 2 kB a chart.
A line chart of a few points needs no more than this module.

Charts print in black and white: one dark line; an exact figure is a filled dot, a
qualified one ("over 60", "about 40") a hollow dot, a range a bar from its low to its
high end. A screen reader gets the chart's title and a description with every figure,
and the figures stay in the table below the chart.
"""

from __future__ import annotations

import math
from html import escape
from typing import Callable

from ...models.measures import Quantity

# Drawn small and scaled up: the labels stay readable from a phone (about 11 px) to a desk (16 px).
WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 30, 36  # room for the axes' and the points' labels
FONT = 15


def nice_top(value: float) -> float:
    """A round number at or above `value` for the top of the axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _number(value: float) -> str:
    return f"{value:g}"


# A figure in the page's words: Labels.quantity ("about 40" in its language); English's is Quantity.label.
Wording = Callable[[Quantity], str]


def _figure(value: Quantity) -> str:
    return value.label()


# A plain number (an axis' value, a median) as the page's language writes it: Labels.number ("12,5" in
# Albanian). English's axes keep their own: _number here, format_number in bars.py. Years, coordinates
# and ids never go through it.
Numbering = Callable[[float], str]


def line_chart(chart_id: str, title: str, unit: str, series: dict[int, Quantity], word: Wording = _figure,
               number: Numbering = _number) -> str:
    """SVG markup of the values over the years; `chart_id` must be unique on the page; `word` words a figure
    in the page's language ("about 40"; English: Quantity.label), `number` the axis' values."""
    years = sorted(series)
    highs = [series[y].max if series[y].max is not None else series[y].number for y in years]
    lows = [series[y].min if series[y].min is not None else series[y].number for y in years]
    bottom = min(0.0, min(lows))
    top = nice_top(max(highs) - bottom) + bottom if max(highs) > bottom else bottom + 1
    span_years = max(years[-1] - years[0], 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        return LEFT + (year - years[0]) / span_years * plot_w if len(years) > 1 else LEFT + plot_w / 2

    def y(value: float) -> float:
        return TOP + (top - value) / (top - bottom) * plot_h

    described = "; ".join(f"{year}: {word(series[year])}" for year in years)
    parts = [
        f'<svg class="portal-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)} ({escape(unit)}), {years[0]}–{years[-1]}</title>',
        f'<desc id="{chart_id}-desc">{escape(described)}</desc>',
    ]
    for step in range(5):  # gridlines and their values
        value = bottom + (top - bottom) * step / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     f'stroke="#999" stroke-width="{1 if step == 0 else 0.5}"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="{FONT}" '
                     f'fill="currentColor">{escape(number(value))}</text>')
    for year in years:
        parts.append(f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="{FONT}" '
                     f'fill="currentColor">{year}</text>')
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(year):.1f},{y(series[year].number):.1f}" for i, year in enumerate(years))
    parts.append(f'<path d="{path}" fill="none" stroke="currentColor" stroke-width="2"/>')
    for year in years:
        parts.append(_point(x(year), y, series[year], word))
    parts.append("</svg>")
    return "".join(parts)


def _point(px: float, y, value: Quantity, word: Wording) -> str:
    label = f'<text x="{px:.1f}" y="{y(value.max if value.max is not None else value.number) - 9:.1f}" ' \
            f'text-anchor="middle" font-size="{FONT}" fill="currentColor">{escape(word(value))}</text>'
    if value.min is not None:  # a range: a bar from its low to its high end
        return (f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{y(value.min):.1f}" y2="{y(value.max):.1f}" '
                f'stroke="currentColor" stroke-width="6"/>' + label)
    fill = "currentColor" if value.exact else "Canvas"  # hollow: not an exact figure
    return (f'<circle cx="{px:.1f}" cy="{y(value.number):.1f}" r="4.5" fill="{fill}" stroke="currentColor" '
            f'stroke-width="2"/>' + label)
