"""Maps: pins where the coordinates say, linked to the right pages, framed to what they show, CSP-safe."""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import xml.etree.ElementTree as ET

import pytest

from generator.catalog import link
from generator.load import load
from generator.render import Renderer, page_maps, render
from generator.render.visual import framing as framings, maps, outlines
from generator.validate import validate

SVG = "{http://www.w3.org/2000/svg}"
OSLO, SKOPJE, MUKONO = (59.91, 10.75), (42.00, 21.43), (0.35, 32.76)


def expected_position(lat: float, lon: float, framing: maps.Frame) -> tuple[float, float]:
    """Lambert azimuthal equal-area, worked out here with vectors rather than the module's formula:
    the point's distance from the centre along the sphere, c, becomes 2R·sin(c/2), in its direction."""
    def unit(la, lo):
        la, lo = math.radians(la), math.radians(lo)
        return [math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)]

    p, centre = unit(lat, lon), unit(framing.lat0, framing.lon0)
    east = [-math.sin(math.radians(framing.lon0)), math.cos(math.radians(framing.lon0)), 0.0]
    north = [centre[1] * east[2] - centre[2] * east[1], centre[2] * east[0] - centre[0] * east[2],
             centre[0] * east[1] - centre[1] * east[0]]
    c = math.acos(sum(a * b for a, b in zip(p, centre)))
    e, n = sum(a * b for a, b in zip(p, east)), sum(a * b for a, b in zip(p, north))
    rho = 2 * 6371.0 * math.sin(c / 2)
    x, y = (rho * e / math.hypot(e, n), rho * n / math.hypot(e, n)) if c else (0.0, 0.0)
    units_per_km = maps.WIDTH / framing.span_km
    return (maps.WIDTH / 2 + (x - framing.mid_x) * units_per_km,
            framing.height / 2 - (y - framing.mid_y) * units_per_km)


def pins_of(svg: str) -> dict[str, tuple[float, float, str]]:
    """href -> (x, y, tooltip) of every circular pin."""
    root = ET.fromstring(svg)
    found = {}
    for a in root.iter(f"{SVG}a"):
        circle = a.find(f"{SVG}circle")
        found[a.get("href")] = (float(circle.get("cx")), float(circle.get("cy")), a.find(f"{SVG}title").text)
    return found


def test_pins_sit_at_their_projected_positions_and_link_to_their_pages():
    places = {"../municipalities/oslo.html": OSLO, "../municipalities/skopje.html": SKOPJE,
              "../municipalities/mukono.html": MUKONO}
    pins = [maps.Pin(lat, lon, href, href.split("/")[-1][:-5], f"{href} tooltip") for href, (lat, lon) in places.items()]
    svg = maps.map_svg("m", "Test map", pins)
    drawn = pins_of(svg)
    framing = maps.frame(list(places.values()))
    assert framing.projection == "laea"
    assert set(drawn) == set(places)
    for href, (lat, lon) in places.items():
        x, y, tooltip = drawn[href]
        ex, ey = expected_position(lat, lon, framing)
        assert abs(x - ex) < 0.1 and abs(y - ey) < 0.1, (href, (x, y), (ex, ey))
        assert 0 < x < maps.WIDTH and 0 < y < framing.height
        assert tooltip == f"{href} tooltip"
    # North is up and east is right, whatever the arithmetic.
    assert drawn["../municipalities/oslo.html"][1] < drawn["../municipalities/skopje.html"][1] \
        < drawn["../municipalities/mukono.html"][1]
    assert drawn["../municipalities/oslo.html"][0] < drawn["../municipalities/skopje.html"][0] \
        < drawn["../municipalities/mukono.html"][0]


def test_framing_follows_the_places():
    balkans = [SKOPJE, (42.66, 21.17), (44.82, 20.46), (43.86, 18.41), (41.33, 19.82)]  # Skopje ... Tirana
    regional = maps.frame(balkans)
    assert regional.projection == "laea" and regional.span_km <= 2000  # the Balkans, not a world map (20,000 km)
    single = maps.frame([OSLO])
    assert single.span_km == framings.MIN_SPAN_KM  # one town: its region, not its street
    assert maps.frame([OSLO, (-33.87, 151.21)]).projection == "world"  # Oslo and Sydney: a world map
    for places in (balkans, [OSLO], [OSLO, MUKONO], [(56.05, 14.58), (53.73, 18.93)]):
        framing = maps.frame(places)
        for lat, lon in places:  # every place inside, away from the edge
            x, y = framing.project(lat, lon)
            assert 0.08 * maps.WIDTH < x < 0.92 * maps.WIDTH and 0.08 * framing.height < y < 0.92 * framing.height


def test_a_map_from_madrid_to_norway_is_framed_on_europe_not_half_the_world():
    places = [(40.42, -3.7), (58.15, 8.0), (60.38, 10.57), OSLO]  # the Spain and Norway work-life balance practice
    framing = maps.frame(places)
    assert framing.span_km == 6400  # the smallest rounded span that holds them: not one zoom step out (12,800 km)
    for lat, lon in places:
        x, y = framing.project(lat, lon)
        assert 0.08 * maps.WIDTH < x < 0.92 * maps.WIDTH and 0.08 * framing.height < y < 0.92 * framing.height


def test_a_wide_map_keeps_its_centre_on_the_globe():
    """A centre snapped to a coarse grid could land beyond 90° N (115°), which draws the map upside down."""
    rng = random.Random(0)
    cases = [[(28.09, -19.18), (47.76, -169.15)]]  # made-up places across the North Pacific: snapped to 115° N before
    for _ in range(3000):
        base = rng.uniform(-90, 90)
        cases.append([(max(-89.9, min(89.9, base + rng.uniform(-15, 15))), rng.uniform(-180, 180))
                      for _ in range(rng.randint(1, 4))])
    for places in cases:
        framing = maps.frame(places)
        assert framing.projection == "world" or -90 <= framing.lat0 <= 90, places
        for lat, lon in places:
            x, y = framing.project(lat, lon)
            assert 0 <= x <= maps.WIDTH and 0 <= y <= framing.height, places


def test_balkan_map_draws_kosovo_and_its_neighbours_and_stays_small():
    svg = maps.map_svg("m", "Balkans", [maps.Pin(*SKOPJE, "a.html", "Skopje", "Skopje"),
                                        maps.Pin(42.66, 21.17, "b.html", "Prishtina", "Prishtina")],
                       highlight="Kosovo")
    assert 'class="portal-map__land portal-map__land--highlight"' in svg
    assert len(svg.encode()) < 40_000


def test_markup_is_csp_safe_and_text_escaped():
    svg = maps.map_svg("m", "A <b>map</b>", [maps.Pin(*OSLO, "x.html", '<script>alert(1)</script>', 'say "hi" & <i>')])
    assert "style" not in svg and "<script" not in svg and " on" not in svg.replace(" on the", "")
    assert "&lt;script&gt;" in svg and "&lt;i&gt;" in svg
    ET.fromstring(svg)  # well-formed


def test_pins_on_the_same_spot_stay_apart_and_each_keeps_its_link():
    pins = [maps.Pin(*OSLO, f"{name}.html", name, name) for name in ("ks", "nmfa", "norad")]
    drawn = pins_of(maps.map_svg("m", "Oslo", pins))
    positions = [(x, y) for x, y, _ in drawn.values()]
    assert set(drawn) == {"ks.html", "nmfa.html", "norad.html"}
    assert min(math.dist(a, b) for i, a in enumerate(positions) for b in positions[i + 1:]) > 2 * maps.PIN_RADIUS


def _marks(svg: str) -> list[tuple[float, float, float, str]]:
    """(x, y, radius, href) of every marker drawn: a disc around a circle, a square or a group's ring, strokes included."""
    found = []
    for a in ET.fromstring(svg).iter(f"{SVG}a"):
        circles = a.findall(f"{SVG}circle")
        if circles:
            r = max(float(c.get("r")) for c in circles) + (1.25 if len(circles) > 1 else 0.75)  # half the stroke
            found.append((float(circles[0].get("cx")), float(circles[0].get("cy")), r, a.get("href")))
        else:
            rect = a.find(f"{SVG}rect")
            half = float(rect.get("width")) / 2
            found.append((float(rect.get("x")) + half, float(rect.get("y")) + half, half * math.sqrt(2), a.get("href")))
    return found


def _apart(marks) -> float:
    """The least room between any two markers (negative: they overlap)."""
    return min((math.dist(a[:2], b[:2]) - a[2] - b[2] for i, a in enumerate(marks) for b in marks[i + 1:]),
               default=math.inf)


def test_two_nearby_places_draw_apart_each_with_its_label():
    """Oslo and a district 3 km from it: at a country's scale their pins and labels fell on each other."""
    pins = [maps.Pin(*OSLO, "oslo.html", "Oslo", "Oslo"), maps.Pin(59.94, 10.76, "sagene.html", "Sagene", "Sagene"),
            maps.Pin(58.15, 8.0, "far.html", "Far", "Far")]
    svg = maps.map_svg("m", "Map", pins)
    marks = _marks(svg)
    assert {href for *_, href in marks} == {"oslo.html", "sagene.html", "far.html"}  # a few: each its own pin
    assert _apart(marks) > 6  # clear of each other, at a glance
    labels = {a.get("href"): a.find(f"{SVG}text") for a in ET.fromstring(svg).iter(f"{SVG}a")}
    assert labels["oslo.html"].text == "Oslo" and labels["sagene.html"].text == "Sagene"
    boxes = []
    for x, y, r, href in marks:  # each label's box, as wide as its letters at their widest, clear of every pin
        text = labels[href]
        width, size = len(text.text) * float(text.get("font-size")) * 0.62, float(text.get("font-size"))
        left = {"start": float(text.get("x")), "end": float(text.get("x")) - width}.get(
            text.get("text-anchor"), float(text.get("x")) - width / 2)
        boxes.append((left, float(text.get("y")) - size * 0.75, left + width, float(text.get("y")) + size * 0.2))
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        for x, y, r, _ in marks:
            assert not (x0 < x + r and x - r < x1 and y0 < y + r and y - r < y1), (boxes[i], (x, y, r))
        for bx0, by0, bx1, by1 in boxes[i + 1:]:
            assert not (x0 < bx1 and bx0 < x1 and y0 < by1 and by0 < y1)


def test_many_places_on_one_spot_are_one_pin_with_their_count_and_list():
    pins = ([maps.Pin(*OSLO, "oslo.html", "Oslo", "Oslo", locality=True),
             maps.Pin(59.94, 10.76, "sagene.html", "Sagene", "Sagene", locality=True)]
            + [maps.Pin(*OSLO, f"org-{n}.html", f"Org {n}", f"Organisation {n}", shape="square") for n in range(9)]
            + [maps.Pin(62.0, 6.0, "west.html", "West", "West", locality=True)])
    svg = maps.map_svg("map-country", "Map", pins)
    marks = _marks(svg)
    assert _apart(marks) > 6  # clear of each other, at a glance
    assert {href for *_, href in marks} == {"#map-country-group-1", "west.html"}
    group = next(a for a in ET.fromstring(svg).iter(f"{SVG}a") if a.get("href").startswith("#"))
    assert group.find(f"{SVG}text").text == "11"  # how many, inside the pin
    assert group.find(f"{SVG}title").text.startswith("Oslo and 10 more: Oslo, Sagene, Org 0")  # called after the town
    (listed,) = maps.map_groups("map-country", pins)
    assert listed.anchor == "map-country-group-1" and listed.label == "Oslo and 10 more"
    assert [pin.href for pin in listed.pins] == ["oslo.html", "sagene.html"] + [f"org-{n}.html" for n in range(9)]


def test_a_dense_country_makes_several_groups_none_overlapping_and_each_place_once():
    """Hundreds of places around one point (the 10,000-practice benchmark's country pages): several
    groups with counts, not one of all; nothing drawn overlaps; every place is drawn or listed once."""
    rnd = random.Random(12)
    places = [(59.9 + rnd.uniform(-1.5, 1.5), 10.7 + rnd.uniform(-2, 2)) for _ in range(400)]
    pins = [maps.Pin(lat, lon, f"p{n}.html", f"P{n}", f"P{n}", locality=True) for n, (lat, lon) in enumerate(places)]
    svg = maps.map_svg("m", "Map", pins)
    marks = _marks(svg)
    assert _apart(marks) > 6  # clear of each other, at a glance
    groups = maps.map_groups("m", pins)
    assert len(groups) >= 4 and max(len(g.pins) for g in groups) < len(pins) / 2
    hrefs = [href for *_, href in marks if not href.startswith("#")] + [p.href for g in groups for p in g.pins]
    assert sorted(hrefs) == sorted(p.href for p in pins)
    assert sorted(_marks(maps.map_svg("m", "Map", list(reversed(pins))))) == sorted(marks)  # nor does their order


def test_big_pins_that_overlap_are_grouped_too():
    """The home map sizes pins by practices: large pins a little apart covered each other."""
    pins = [maps.Pin(59.9 + n * 0.4, 10.7, f"p{n}.html", f"P{n}", f"P{n}", size=3.0) for n in range(4)]
    marks = _marks(maps.map_svg("m", "Map", pins + [maps.Pin(*SKOPJE, "s.html", "S", "S")]))
    assert _apart(marks) > 6  # clear of each other, at a glance and len(marks) < 5


def test_no_pins_no_map():
    assert maps.map_svg("m", "Empty", []) == ""


# ------------------------------------------------------------ on the pages


def _mapped_pages(mini) -> dict[str, str]:
    catalog, problems = link(validate(load(mini.root)), dt.date(2026, 11, 24))
    assert not problems, problems
    return {path: data.decode("utf-8") for path, data in render(catalog).files.items() if path.endswith(".md")}


@pytest.fixture
def mapped(mini):
    mini.write("registry/municipalities/test.yml", """
        - id: gran
          name: Gran
          country: NO
          coordinates: [60.38, 10.57]
        - id: mukono
          name: Mukono
          country: UG
          coordinates: [0.35, 32.76]
        - id: solvesborg
          name: Sölvesborg
          country: SE
          coordinates: [56.05, 14.58]
        - id: lugazi
          name: Lugazi
          country: UG
        """)
    mini.write("registry/organisations/test.yml", """
        - id: ks
          name: KS
          kind: association
          country: NO
          coordinates: [59.91, 10.75]
        """)
    mini.network()
    mini.practice(transfers="[{municipality: solvesborg, outcome: adapted, year: 2010}, {municipality: lugazi}]")
    return mini


def _svg(page: str) -> str:
    return re.search(r"<svg class=\"portal-map\".*?</svg>", page).group()


def _links(page: str) -> dict[str, str]:
    return {a.get("href"): a.find(f"{SVG}title").text for a in ET.fromstring(_svg(page)).iter(f"{SVG}a")}


def test_practice_map_shows_where_it_runs_and_where_it_was_taken_up(mapped):
    page = _mapped_pages(mapped)["practices/school-exchange.md"]
    links = _links(page)
    assert links == {"../municipalities/gran.html": "Gran: runs it", "../municipalities/mukono.html": "Mukono: runs it",
                     "../municipalities/solvesborg.html": "Sölvesborg: took it up: adapted, 2010"}
    assert "Lugazi" not in _svg(page)  # no coordinates, so not on the map; the transfers table still names it
    assert "[Lugazi](../municipalities/lugazi.md)" in page
    assert "took it up: adapted" in page.split("</svg>", 1)[1]  # the legend says what the diamond means


def test_a_place_without_coordinates_is_named_under_the_map_not_left_out_silently(mapped):
    """Lugazi has no coordinates: the practice's and Uganda's maps say so under the map, with its link, so the
    map is not taken for every place (the SoRi maps dropped ALVRS without a word)."""
    pages = _mapped_pages(mapped)
    for path in ("practices/school-exchange.md", "countries/ug.md"):
        caption = pages[path].split("</svg>", 1)[1].split("</figcaption>", 1)[0]
        assert ('<p class="portal-map__unmapped">Not on the map (no coordinates recorded): '
                '<a href="../municipalities/lugazi.html">Lugazi</a></p>') in caption, path
    for path in ("countries/no.md", "networks/gran-mukono.md"):  # every place there is on the map
        assert "portal-map__unmapped" not in pages[path], path


def test_network_map_shows_members_by_role(mapped):
    links = _links(_mapped_pages(mapped)["networks/gran-mukono.md"])
    assert links == {"../municipalities/gran.html": "Gran: partner", "../municipalities/mukono.html": "Mukono: partner"}


def test_country_map_highlights_the_country_and_links_its_places(mapped):
    pages = _mapped_pages(mapped)
    assert set(_links(pages["countries/no.md"])) == {"../municipalities/gran.html", "../organisations/ks.html"}
    assert "portal-map__land--highlight" in _svg(pages["countries/no.md"])
    # Uganda's one mapped place is in its south: the whole country is drawn, none of it cut at the frame.
    svg = ET.fromstring(_svg(pages["countries/ug.md"]))
    width, height = (float(v) for v in svg.get("viewBox").split()[2:])
    highlight = next(p for p in svg.iter(f"{SVG}path") if "highlight" in p.get("class", ""))
    assert all(0 < x < width and 0 < y < height for x, y in _outline_points(highlight.get("d")))


def test_a_practice_in_one_place_is_framed_on_its_country_others_on_their_places(mapped):
    """One dot amid empty land (Gran alone) did not say it was Norway; a practice in several countries
    keeps the framing on its places."""
    mapped.practice("gran-only", municipalities="[gran]")
    catalog, _ = link(validate(load(mapped.root)), dt.date(2026, 11, 24))
    maps_ = Renderer(catalog).env.globals["practice_map"].__self__
    _, _, pins, *_, around = maps_._practice("gran-only")
    framing = maps.framing_of(pins, around)
    norway = page_maps.country_key("NO")
    for lat, lon in ((58.0, 7.0), (71.1, 25.7), (62.0, 5.0), (69.0, 30.9)):  # its south, north, west and east ends
        x, y = framing.project(lat, lon)
        assert 0 < x < maps.WIDTH and 0 < y < framing.height, (lat, lon)
    assert framing == maps.country_frame(norway)  # the same framing as Norway's page: drawn once
    _, _, pins, *_, around = maps_._practice("school-exchange")  # Gran, Mukono, Sölvesborg
    assert around is None and maps.framing_of(pins, around) == maps.frame([(p.lat, p.lon) for p in pins])


def test_country_map_draws_places_on_one_spot_as_one_pin_listed_under_the_map(mapped):
    mapped.write("registry/organisations/more.yml", "".join(f"""
        - id: office-{n}
          name: Office number {n}
          abbreviation: OF{n}
          kind: association
          country: NO
          coordinates: [59.91, 10.75]
        """ for n in range(6)) + """
        - id: uit
          name: The Arctic University of Norway
          abbreviation: UiT
          kind: university
          country: NO
          coordinates: [69.65, 18.96]
        """)
    page = _mapped_pages(mapped)["countries/no.md"]
    links = _links(page)
    assert set(links) == {"#map-country-group-1", "../organisations/uit.html"}  # Gran, 50 km from Oslo, joins
    offices = ", ".join(f"Office number {n}" for n in range(6))
    assert links["#map-country-group-1"] == f"Gran and 7 more: Gran, KS, {offices}"  # the tooltip: full names
    listed = re.search(r'<p class="portal-map__group" id="map-country-group-1">.*?</p>', page).group()
    assert re.findall(r'href="([^"]+)"', listed) == ["../municipalities/gran.html", "../organisations/ks.html"] + [
        f"../organisations/office-{n}.html" for n in range(6)]
    # The list has room for full names: no officer knows what 'OF3' (or 'HIHU') stands for.
    assert re.findall(r">([^<]+)</a>", listed) == ["Gran", "KS"] + [f"Office number {n}" for n in range(6)]
    assert "OF" not in re.sub(r"<[^>]+>", "", listed)
    labels = [t.text for t in ET.fromstring(_svg(page)).iter(f"{SVG}text") if t.get("class") == "portal-map__label"]
    assert "UiT" in labels  # on the map itself a lone place keeps its short name
    assert "several places close together" in page.split("</svg>", 1)[1]  # the legend says what the count is


def _outline_points(d: str) -> list[tuple[int, int]]:
    """The points of SVG path data as maps.py writes it: M x y, then relative steps, z."""
    points = []
    for ring in d.split("M")[1:]:
        numbers = [int(n) for n in re.findall(r"-?\d+", ring)]
        x, y = numbers[0], numbers[1]
        points.append((x, y))
        for dx, dy in zip(numbers[2::2], numbers[3::2]):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def _country_points(key: str) -> list[tuple[float, float]]:
    """(lat, lon) of every point of a country's outline, at Natural Earth's full detail."""
    world = outlines.world_outlines()
    return [(lat, lon) for polygon in world.countries[key] for ring in polygon for index in ring
            for lon, lat in world.arcs[index if index >= 0 else ~index]]


# Places where the reviewer saw the country cut off: the map was framed on its pins only.
CUT_OFF = {"807": [(42.00, 21.43), (42.13, 21.72)],   # North Macedonia: Skopje, Kumanovo (its north)
           "008": [(42.07, 19.51)],                    # Albania: Shkodër, in its north
           "804": [(50.45, 30.52)],                    # Ukraine: Kyiv alone
           "208": [(55.68, 12.57)],                    # Denmark: Copenhagen (Jutland was cut)
           "800": [MUKONO]}                            # Uganda: Mukono, in its south


@pytest.mark.parametrize("key", sorted(CUT_OFF))
def test_a_country_map_frames_the_whole_country_with_its_places(key):
    pins = [maps.Pin(lat, lon, f"p{n}.html", f"P{n}", f"P{n}") for n, (lat, lon) in enumerate(CUT_OFF[key])]
    framing = maps.framing_of(pins, around=key)
    assert framing.projection == "laea"
    xs, ys = zip(*(framing.project(lat, lon) for lat, lon in _country_points(key)))
    margin = 0.04 * maps.WIDTH  # the whole outline inside, with room around it
    assert margin < min(xs) and max(xs) < maps.WIDTH - margin, (min(xs), max(xs))
    assert margin < min(ys) and max(ys) < framing.height - margin, (min(ys), max(ys))
    assert max(max(xs) - min(xs), (max(ys) - min(ys)) * maps.WIDTH / framing.height) > 0.6 * maps.WIDTH  # it fills it
    # The drawn, highlighted outline is the whole country too: none of it clipped at the frame's edge.
    svg = maps.map_svg("m", "Map", pins, highlight=key, around=key)
    highlight = next(p for p in ET.fromstring(svg).iter(f"{SVG}path") if "highlight" in p.get("class", ""))
    drawn = _outline_points(highlight.get("d"))
    assert all(0 < x < maps.WIDTH and 0 < y < framing.height for x, y in drawn)
    assert maps.framing_of(pins) != framing  # (what other maps keep: framed on the pins)


def test_a_country_map_takes_in_a_place_beyond_the_country_and_leaves_out_far_territories():
    norway = page_maps.country_key("NO")
    alone = maps.country_frame(norway)
    assert maps.country_frame(norway, (OSLO,)) == alone  # a place inside: the country's own framing, shared
    spitsbergen = (78.22, 15.65)  # Norwegian, but 600 km off: the map of Norway is not one of the Arctic
    assert not 0 < alone.project(*spitsbergen)[1] < alone.height
    with_it = maps.country_frame(norway, (spitsbergen,))
    assert 0 < with_it.project(*spitsbergen)[1] < with_it.height  # unless a place there is mapped
    denmark = maps.country_frame(page_maps.country_key("DK"))
    x, y = denmark.project(55.1, 14.9)  # Bornholm, near enough, comes with it
    assert 0 < x < maps.WIDTH and 0 < y < denmark.height


def test_home_map_sizes_municipalities_by_practices_and_lists_them(mapped):
    page = _mapped_pages(mapped)["index.md"]
    assert set(_links(page)) == {"municipalities/gran.html", "municipalities/mukono.html"}
    assert '<a href="municipalities/gran.html">Gran</a> (1 practice)' in page  # the list beside the map


def test_home_map_with_many_municipalities_shows_one_pin_per_country(mapped, monkeypatch):
    monkeypatch.setattr(page_maps, "HOME_MAX_PINS", 1)  # two municipalities run the practice: more than 1
    page = _mapped_pages(mapped)["index.md"]
    svg = _svg(page)
    assert _links(page) == {"countries/no.html": "Norway: 1 practice in 1 municipality",
                            "countries/ug.html": "Uganda: 1 practice in 1 municipality"}
    assert "municipalities/gran.html" not in svg
    assert '<a href="countries/ug.html">Uganda</a> (1 practice in 1 municipality)' in page  # the list below
    framing = maps.frame([(60.38, 10.57), (0.35, 32.76)])  # each pin amid its country's municipalities
    drawn = {title: (x, y) for x, y, title in pins_of(svg).values()}
    for title, place in (("Norway: 1 practice in 1 municipality", (60.38, 10.57)),
                         ("Uganda: 1 practice in 1 municipality", (0.35, 32.76))):
        assert math.dist(drawn[title], framing.project(*place)) < 0.1


def test_framings_listed_beforehand_are_the_ones_the_pages_draw(mapped, monkeypatch):
    """parallel.py draws these once before the render workers fork; a framing it missed would be drawn in each."""
    catalog, _ = link(validate(load(mapped.root)), dt.date(2026, 11, 24))
    drawn = []
    monkeypatch.setattr(maps, "land_paths", lambda framing: drawn.append(framing) or {})
    render(catalog)
    page_maps_ = Renderer(catalog).env.globals["practice_map"].__self__
    listed = page_maps_.framings()
    assert drawn and listed == set(drawn)
    shares = [page_maps_.framings((i, 3)) for i in range(3)]
    assert set().union(*shares) == listed
