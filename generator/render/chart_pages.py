"""Charts for the pages: the visual package's charts with the registry's names, and a member's own.

Templates call `indicator_charts(indicators, prefix)` where they list indicators and
`results_charts(results_id)` on a network's page and
`member_charts(entity_id)` on a municipality's or organisation's page: every ranking in which
it was measured, its own bar highlighted. The index of who was measured where is made once,
when the first member page asks.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from markupsafe import Markup

from .visual.choose import Chart, indicator_charts, member_groups, ranking

if TYPE_CHECKING:
    from . import Renderer


class ChartPages:
    def __init__(self, renderer: "Renderer"):
        self.renderer = renderer
        self._by_member: dict[str, list[tuple[str, str, list]]] | None = None

    def for_indicators(self, indicators: list, prefix: str = "bars") -> list[Chart]:
        words = self.renderer.words
        return [_markup(chart) for chart in indicator_charts(indicators, prefix, self.renderer.entity_name,
                                                             words.gettext, words.quantity, words.number)]

    def for_results(self, results_id: str) -> list[Chart]:
        """The bar charts of one results file, for its network's page."""
        record = self.renderer.catalog.results.get(results_id)
        return self.for_indicators(record.model.indicators, f"bars-{results_id}") if record else []

    def for_member(self, entity_id: str) -> list[tuple[str, str, Chart]]:
        """(kind, record id, chart) of each ranking the member is in: results first, then practices."""
        if self._by_member is None:
            self._by_member = self._index()
        return [(kind, record_id, _markup(ranking(f"member-{n}", group, self.renderer.entity_name, highlight=entity_id,
                                                  _=self.renderer.words.gettext, word=self.renderer.words.quantity,
                                                  number=self.renderer.words.number)))
                for n, (kind, record_id, group) in enumerate(self._by_member.get(entity_id, []), start=1)]

    def _index(self) -> dict[str, list[tuple[str, str, list]]]:
        catalog = self.renderer.catalog
        sources = [("results", rid, rec.model.indicators) for rid, rec in sorted(catalog.results.items())]
        sources += [("practice", pid, rec.model.results.indicators) for pid, rec in sorted(catalog.practices.items())
                    if rec.model.results and rec.model.results.indicators]
        by_member: dict[str, list[tuple[str, str, list]]] = {}
        for kind, record_id, indicators in sources:
            for group in member_groups(indicators):
                for indicator in group:
                    by_member.setdefault(indicator.member, []).append((kind, record_id, group))
        return by_member


def _markup(chart: Chart) -> Chart:
    """Our own SVG, every text in it escaped by the visual package: printed as it is."""
    return replace(chart, svg=Markup(chart.svg))
