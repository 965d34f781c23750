"""Maps of the same places are worked out once and reused: each map still shows its own id, title,
highlight, pins and legend (a reuse keyed on too little would show one page's map on another)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.render.page_maps import _caption
from generator.render.visual import maps

SVG = "{http://www.w3.org/2000/svg}"
OSLO, SKOPJE = (59.91, 10.75), (42.00, 21.43)


def _pin(place, href="../municipalities/oslo.html", title="Oslo: runs it", shape="circle"):
    return maps.Pin(place[0], place[1], href, "Oslo", title, shape=shape)


def _tooltips(svg: str) -> list[str]:
    return [a.find(f"{SVG}title").text for a in ET.fromstring(svg).iter(f"{SVG}a")]


def test_same_places_on_two_pages_keep_each_pages_id_and_title():
    first = maps.map_svg("map-a", "Where practice A runs", [_pin(OSLO)])
    second = maps.map_svg("map-b", "Where practice B runs", [_pin(OSLO)])
    assert 'id="map-a"' in first and "Where practice A runs" in first and "map-b" not in first
    assert 'id="map-b"' in second and "Where practice B runs" in second and "map-a" not in second
    assert first.replace("map-a", "map-b").replace("practice A", "practice B") == second


def test_same_places_with_another_tooltip_link_or_shape_draw_those():
    plain = maps.map_svg("m", "Map", [_pin(OSLO)])
    assert _tooltips(maps.map_svg("m", "Map", [_pin(OSLO, title="Oslo: took it up")])) == ["Oslo: took it up"]
    assert 'href="../organisations/oslo.html"' in maps.map_svg("m", "Map", [_pin(OSLO, href="../organisations/oslo.html")])
    assert "<rect x=" in maps.map_svg("m", "Map", [_pin(OSLO, shape="square")]) and "<rect x=" not in plain
    assert _tooltips(maps.map_svg("m", "Map", [_pin(OSLO)])) == ["Oslo: runs it"]


def test_a_map_with_one_more_place_is_framed_and_pinned_anew():
    alone = maps.map_svg("m", "Map", [_pin(OSLO)])
    both = maps.map_svg("m", "Map", [_pin(OSLO), _pin(SKOPJE, "../municipalities/skopje.html", "Skopje: runs it")])
    assert _tooltips(both) == ["Oslo: runs it", "Skopje: runs it"]
    assert ET.fromstring(alone).find(f"{SVG}path").get("d") != ET.fromstring(both).find(f"{SVG}path").get("d")


def test_highlight_is_drawn_only_where_asked():
    norway = "578"
    assert "portal-map__land--highlight" in maps.map_svg("m", "Map", [_pin(OSLO)], highlight=norway)
    assert "portal-map__land--highlight" not in maps.map_svg("m", "Map", [_pin(OSLO)])


def test_each_legend_has_its_own_caption():
    runs = _caption((("circle", False, "runs it"),))
    taken_up = _caption((("circle", False, "runs it"), ("triangle", False, "took it up: adopted")))
    assert "took it up" not in runs and "took it up: adopted" in taken_up
    assert _caption(()).count("<li>") == 0 and "Natural Earth" in _caption(())
