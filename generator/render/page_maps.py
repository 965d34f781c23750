"""Which places each page maps, and how: pins from the registry's coordinates, for visual/maps.py.

- home: every municipality that runs a practice, sized by how many (beyond HOME_MAX_PINS of them,
  one pin per country, linking to the country's page and map);
- a country: its municipalities and organisations, the country itself highlighted and framed whole;
- a network: its members, shaped by role;
- a practice: where it runs, and where it was taken up, shaped by the outcome; framed on its
  whole country where all of them are in one (a dot alone in its region showed no country).
Entries without coordinates are left off the map. Every place on a map is also in a list on
the same page (the page's own lists, or the list under the home map), for readers who cannot
use the map; the legend says what each shape means, so shapes are never the only key. Places too
close to tell apart at the map's scale are drawn as one pin with their count (visual/clusters.py),
called after a municipality among them ('Oslo and 11 more'); it links to a list of them under the map,
which gives each its full name (labels on the map keep an organisation's short one: 'HIHU').
"""

from __future__ import annotations

import math
from functools import lru_cache
from html import escape
from typing import Callable

import pycountry
from markupsafe import Markup

from ..catalog import NON_MEMBER_ROLES, RUNNING_ROLES
from ..i18n import N_
from . import safe
from .labels import Labels
from .visual.maps import MapGroup, Pin, framing_of, legend_icon, map_groups, map_svg

HOME_MAX_PINS = 150  # more municipalities on the map than this: the home map shows one pin per country
GROUP_MARKER = ("group", False, N_("several places close together, with how many (listed below the map)"))
# Places the map cannot show, named under it so that a reader does not take the map for the whole list.
UNMAPPED = N_("Not on the map (no coordinates recorded): %(places)s")
CREDIT = N_("Country outlines: Natural Earth (public domain). Places: town centres; organisations at their seat.")

# Network roles in three groups, each with its own marker.
LEADING_ROLES = {"host", "lead", "coordinator"}
ROLE_MARKERS = {"leads": ("square", False, N_("leads or coordinates it")),
                "member": ("circle", False, N_("member or partner")),
                "supports": ("circle", True, N_("supports it (funder, resource person, observer)"))}
# Transfers by outcome: shape and fill, so the key survives black-and-white printing.
OUTCOME_MARKERS = {"adopted": ("triangle", False, N_("took it up: adopted")),
                   "adapted": ("diamond", False, N_("took it up: adapted")),
                   "in-progress": ("diamond", True, N_("taking it up: in progress")),
                   "failed": ("cross", False, N_("tried to take it up: failed")),
                   None: ("triangle", True, N_("took it up: outcome not reported"))}


def country_key(code: str) -> str | None:
    """The outlines' key of a country: its ISO 3166 numeric code, or its name where it has none."""
    if code == "XK":
        return "Kosovo"
    country = pycountry.countries.get(alpha_2=code)
    return country.numeric if country else None


class PageMaps:
    """Template globals that draw a page's map; each returns "" when no place has coordinates."""

    def __init__(self, catalog, entity_name: Callable[[str], str], sections: dict[str, str],
                 words: Labels | None = None):
        self.catalog, self.entity_name, self.sections = catalog, entity_name, sections
        self.words = words or Labels()  # the legends, titles and lists in the page's language
        self._ = self.words.gettext
        self._pins: dict[tuple, Pin | None] = {}  # the same places recur on thousands of pages

    def globals(self) -> dict[str, Callable]:
        return {"home_map": self.home, "country_map": self.country, "network_map": self.network,
                "practice_map": self.practice}

    # ------------------------------------------------------------ pins

    def _pin(self, ref: str, depth: int, title: str, shape: str = "circle", hollow: bool = False,
             size: float = 1.0, kind: str = "place") -> Pin | None:
        key = (ref, depth, title, shape, hollow, size, kind)
        if key not in self._pins:
            self._pins[key] = self._new_pin(*key)
        return self._pins[key]

    def _new_pin(self, ref: str, depth: int, title: str, shape: str, hollow: bool, size: float,
                 kind: str) -> Pin | None:
        entity = self.catalog.entity(ref)
        coordinates = getattr(entity, "coordinates", None)
        if not coordinates:
            return None
        name = self.entity_name(ref)
        label = getattr(entity, "abbreviation", None) or name  # 'NALAS', not its name of 70 letters
        return Pin(coordinates[0], coordinates[1], self._href(ref, depth),
                   label=label, title=f"{name}: {title}" if title else name, shape=shape, hollow=hollow,
                   size=size, kind=kind, locality=self.catalog.entity_kind(ref) == "municipality", name=name)

    def _unmapped(self, refs) -> tuple[str, ...]:
        """The registry entries among `refs` that have no coordinates (each once, in order)."""
        return tuple(ref for ref in dict.fromkeys(refs)
                     if self.catalog.entity(ref) is not None and not getattr(self.catalog.entity(ref), "coordinates", None))

    def _unmapped_line(self, refs: tuple[str, ...]) -> str:
        if not refs:
            return ""
        places = ", ".join(f'<a href="{self._href(ref, 1)}">{escape(self.entity_name(ref))}</a>' for ref in refs)
        return f'<p class="portal-map__unmapped">{escape(self._(UNMAPPED)).replace("%(places)s", places)}</p>'

    def _href(self, ref: str, depth: int) -> str:
        """The entry's page, for an HTML attribute (MkDocs does not rewrite raw HTML: the .html address)."""
        section = self.sections[self.catalog.entity_kind(ref)]
        return safe.html_url(f"{'../' * depth}{section}/{ref}.html")

    def _figure(self, map_id: str, title: str, pins: list, legend: list[tuple[str, bool, str]],
                highlight: str | None = None, after: str = "", unmapped: tuple[str, ...] = (),
                around: str | None = None) -> Markup:
        """The map of a spec (see _spec) as a figure with its legend."""
        pins = [pin for pin in pins if pin]
        svg = map_svg(map_id, title, pins, highlight, self._more, around)
        if not svg:
            return Markup("")
        groups = map_groups(map_id, pins, self._more, around)
        legend = legend + [GROUP_MARKER] if groups else legend
        caption = _caption(tuple((shape, hollow, self._(text)) for shape, hollow, text in legend), self._(CREDIT),
                           _group_lists(tuple(groups)) + self._unmapped_line(unmapped))
        return Markup(f'<figure class="portal-map-figure" markdown="0">{svg}{caption}</figure>{after}')

    # ------------------------------------------------------------ pages

    def home(self) -> Markup:
        return self._figure(*self._home())

    def country(self, code: str) -> Markup:
        return self._figure(*self._country(code))

    def network(self, network_id: str) -> Markup:
        return self._figure(*self._network(network_id))

    def practice(self, practice_id: str) -> Markup:
        return self._figure(*self._practice(practice_id))

    def framings(self, share: tuple[int, int] = (0, 1)) -> set:
        """The framings of every map, or of one share (index, count) of them: to draw them beforehand."""
        specs = [self._home] + [lambda c=c: self._country(c) for c in self.catalog.countries()]
        specs += [lambda n=n: self._network(n) for n in sorted(self.catalog.networks)]
        specs += [lambda p=p: self._practice(p) for p in sorted(self.catalog.practices)]
        index, count = share
        return {framing_of([pin for pin in pins if pin], around)
                for _, _, pins, *_, around in (spec() for spec in specs[index::count])} - {None}

    def _home(self) -> tuple:
        counts = {mid: len(set(self.catalog.practices_by_member.get(mid, []))) for mid in self.catalog.municipalities}
        counted = sorted(((mid, n) for mid, n in counts.items() if n), key=lambda kv: self.entity_name(kv[0]))
        if sum(1 for mid, _ in counted if getattr(self.catalog.entity(mid), "coordinates", None)) > HOME_MAX_PINS:
            return self._home_by_country([mid for mid, _ in counted])
        pins = [self._pin(mid, 0, self._practices(n), size=min(0.8 + 0.5 * math.sqrt(n), 3.0), kind="home")
                for mid, n in counted]
        places = "".join(f'<li><a href="{self._href(mid, 0)}">{escape(self.entity_name(mid))}</a> ({self._practices(n)})</li>'
                         for mid, n in counted)
        summary = escape(self.words.ngettext("The %(num)s municipality on the map", "The %(num)s municipalities on the map",
                                             len(counted)) % {"num": self.words.count(len(counted))})
        listing = (f'\n\n<details class="portal-map__places" markdown="0"><summary>{summary}'
                   f"</summary><ul>{places}</ul></details>") if counted else ""
        return _spec("map-home", self._("Map of the municipalities that run practices; the larger the dot, the more "
                                        "practices"), pins,
                     [("circle", False, N_("municipality: the larger, the more practices"))],
                     after=listing if any(pins) else "")

    def _home_by_country(self, municipalities: list[str]) -> tuple:
        """One pin per country, amid its municipalities: at 10,000 practices a pin each made 336 kB."""
        by_country: dict[str, list[str]] = {}
        for mid in municipalities:
            by_country.setdefault(self.catalog.municipalities[mid].model.country, []).append(mid)
        practices = {code: len({p for mid in mids for p in self.catalog.practices_by_member.get(mid, [])})
                     for code, mids in by_country.items()}
        largest = max(practices.values())
        pins, items = [], []
        for code in sorted(by_country, key=self.words.country):
            where = [self.catalog.entity(mid).coordinates for mid in by_country[code]]
            where = [c for c in where if c]
            count = len(by_country[code])
            text = self.words.ngettext("%(practices)s in %(num)s municipality", "%(practices)s in %(num)s municipalities",
                                       count) % {"practices": self._practices(practices[code]),
                                                 "num": self.words.count(count)}
            name = self.words.country(code)
            href = safe.html_url(f"countries/{code.lower()}.html")
            items.append(f'<li><a href="{href}">{escape(name)}</a> ({escape(text)})</li>')
            if where:
                lat, lon = _middle(where)
                pins.append(Pin(lat, lon, href, label=name, title=f"{name}: {text}",
                                size=0.8 + 2.2 * math.sqrt(practices[code] / largest), kind="home", locality=True))
        summary = escape(self.words.ngettext("The %(num)s country on the map", "The %(num)s countries on the map",
                                             len(items)) % {"num": self.words.count(len(items))})
        listing = (f'\n\n<details class="portal-map__places" markdown="0"><summary>{summary}'
                   f"</summary><ul>{''.join(items)}</ul></details>")
        return _spec("map-home", self._("Map of the countries where practices run, each amid its municipalities; "
                                        "the larger the dot, the more practices"), pins,
                     [("circle", False, N_("country: the larger, the more practices (its page maps "
                                           "its municipalities)"))], after=listing if pins else "")

    def _country(self, code: str) -> tuple:
        name = self.entity_name  # shorter lines below
        municipalities = sorted((mid for mid, m in self.catalog.municipalities.items() if m.model.country == code),
                                key=name)
        organisations = sorted((oid for oid, o in self.catalog.organisations.items() if o.model.country == code),
                               key=name)
        pins = ([self._pin(mid, 1, self._("municipality")) for mid in municipalities]
                + [self._pin(oid, 1, self._("organisation"), shape="square") for oid in organisations])
        legend = [entry for entry, present in (
            (("circle", False, N_("municipality")), any(self._pin(m, 1, "") for m in municipalities)),
            (("square", False, N_("organisation (at its seat)")), any(self._pin(o, 1, "") for o in organisations)))
            if present]
        return _spec("map-country", self._("Map of the municipalities and organisations in this country"), pins,
                     legend, highlight=country_key(code), unmapped=self._unmapped([*municipalities, *organisations]),
                     around=country_key(code))

    def _network(self, network_id: str) -> tuple:
        pins, groups = [], set()
        for member in self.catalog.networks[network_id].model.members:
            role = str(getattr(member.role, "value", member.role))
            group = "leads" if role in LEADING_ROLES else "supports" if role in NON_MEMBER_ROLES | {
                "resource-person"} else "member"
            shape, hollow, _ = ROLE_MARKERS[group]
            pin = self._pin(member.ref, 1, self.words.label(role).lower(), shape=shape, hollow=hollow, kind=group)
            if pin:
                pins.append(pin)
                groups.add(group)
        legend = [ROLE_MARKERS[g] for g in ROLE_MARKERS if g in groups]
        members = [member.ref for member in self.catalog.networks[network_id].model.members]
        return _spec("map-network", self._("Map of the members, by role"), pins, legend,
                     unmapped=self._unmapped(members))

    def _practice(self, practice_id: str) -> tuple:
        p = self.catalog.practices[practice_id].model
        runners = list(p.municipalities) + [o.ref for o in p.organisations
                                            if o.role in RUNNING_ROLES and o.ref not in p.municipalities]
        pins = [self._pin(ref, 1, self._("runs it"), shape="circle" if ref in self.catalog.municipalities else "square",
                          kind="runs") for ref in dict.fromkeys(runners)]
        legend = []
        if any(pins):
            if any(ref in self.catalog.municipalities and self._pin(ref, 1, "") for ref in runners):
                legend.append(("circle", False, N_("runs it")))
            if any(ref not in self.catalog.municipalities and self._pin(ref, 1, "") for ref in runners):
                legend.append(("square", False, N_("runs it (organisation, at its seat)")))
        outcomes = []
        for transfer in p.transfers:
            outcome = str(getattr(transfer.outcome, "value", transfer.outcome)) if transfer.outcome else None
            shape, hollow, text = OUTCOME_MARKERS[outcome]
            pin = self._pin(transfer.municipality, 1, self._(text) + (f", {transfer.year}" if transfer.year else ""),
                            shape=shape, hollow=hollow, kind="transfer")
            if pin:
                pins.append(pin)
                outcomes.append(outcome)
        legend += [OUTCOME_MARKERS[o] for o in OUTCOME_MARKERS if o in outcomes]
        mapped = [ref for ref in [*dict.fromkeys(runners), *(t.municipality for t in p.transfers)] if self._pin(ref, 1, "")]
        countries = set(self.catalog.countries_of(mapped))
        return _spec("map-practice", self._("Map of where the practice runs and where it was taken up"), pins, legend,
                     unmapped=self._unmapped([*runners, *(t.municipality for t in p.transfers)]),
                     around=country_key(countries.pop()) if len(countries) == 1 else None)

    def _more(self, name: str, others: int) -> str:
        """What a group of pins on a map is called: 'Oslo and 11 more'."""
        return self.words.ngettext("%(place)s and %(num)s more", "%(place)s and %(num)s more", others) % {
            "place": name, "num": self.words.count(others)}

    def _practices(self, count: int) -> str:
        return self.words.ngettext("%(num)s practice", "%(num)s practices", count) % {"num": self.words.count(count)}


@lru_cache(maxsize=256)
def _caption(legend: tuple[tuple[str, bool, str], ...], credit: str = CREDIT, groups: str = "") -> str:
    """A map's legend, the lists of its groups of places (_group_lists) and its credit; a few legends serve every page."""
    keys = "".join(f"<li>{legend_icon(shape, hollow)}{escape(text)}</li>" for shape, hollow, text in legend)
    keys = f'<ul class="portal-map__legend">{keys}</ul>' if keys else ""
    return f'<figcaption>{keys}{groups}<span class="portal-map__credit">{escape(credit)}</span></figcaption>'


def _group_lists(groups: tuple[MapGroup, ...]) -> str:
    """Each group's places, linked, where its pin on the map leads, by their full names (no officer knows
    'HIHU'): 'Oslo and 11 more: Oslo, Sagene, KS, Hand in Hand Uganda, ...'."""
    return "".join(f'<p class="portal-map__group" id="{escape(group.anchor)}"><span class="portal-map__group-name">'
                   f'{escape(group.label)}:</span> '
                   + ", ".join(f'<a href="{pin.href}" title="{escape(pin.title)}">{escape(pin.full_name)}</a>'
                               for pin in group.pins) + "</p>" for group in groups)


def _spec(map_id: str, title: str, pins: list, legend: list[tuple[str, bool, str]], highlight: str | None = None,
          after: str = "", unmapped: tuple[str, ...] = (), around: str | None = None) -> tuple:
    """What a page's map shows, as _figure's arguments (framings() reads only the pins and `around`)."""
    return map_id, title, pins, legend, highlight, after, unmapped, around


def _middle(places: list[tuple[float, float]]) -> tuple[float, float]:
    """The mean of the places on the sphere (lat, lon), so a country across the antimeridian stays whole."""
    x = sum(math.cos(math.radians(lat)) * math.cos(math.radians(lon)) for lat, lon in places)
    y = sum(math.cos(math.radians(lat)) * math.sin(math.radians(lon)) for lat, lon in places)
    z = sum(math.sin(math.radians(lat)) for lat, _ in places)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))

