"""Contributions arrive from strangers: nothing they write may become active on a page.

A scratch portal puts the usual attacks into the Markdown body and into every
text field that reaches a page, builds the site with MkDocs, and then reads
every HTML file the way a browser would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from generator.build import build

MARK = "PWNED"  # every payload carries it, so a surviving one is easy to spot
ATTACKS = [
    f"<script>alert('{MARK}')</script>",
    f'<iframe src="https://evil.example/{MARK}"></iframe>',
    f'<img src="x" onerror="alert(\'{MARK}\')">',
    f'<a href="javascript:alert(\'{MARK}\')">js link</a>',
    f'<a href=" JaVaScRiPt:alert(\'{MARK}\')">mixed-case link</a>',
    f'<a href="data:text/html;base64,{MARK}">data link</a>',
    f"<svg><script>alert('{MARK}')</script><circle onload=\"alert('{MARK}')\"/></svg>",
    f"[md js link](javascript:alert('{MARK}'))",
    f"[md data link](data:text/html,{MARK})",
    f"![md image](javascript:alert('{MARK}'))",
    f"<javascript:alert('{MARK}')>",
    f'<div onmouseover="alert(\'{MARK}\')">hover</div>',
    f"{{ onclick=\"alert('{MARK}')\" }}",
]
PAYLOAD = " ".join(ATTACKS)
TEMPLATE_TITLE = "{{ 7*7 }}"
BODY = "\n\n".join([
    "## Context { onclick=\"alert('PWNED')\" }",
    *ATTACKS,
    "```html\n<script>alert('PWNED')</script>\n```",
    "<details><summary>more</summary><script>alert('PWNED')</script></details>",
    "<form action=\"javascript:alert('PWNED')\"><button formaction=\"javascript:alert('PWNED')\">go</button></form>",
    "<object data=\"data:text/html,PWNED\"></object><embed src=\"javascript:alert('PWNED')\">",
    "<math><mi xlink:href=\"javascript:alert('PWNED')\">x</mi></math>",
    "<style>body{background:url('javascript:alert(1)')}</style>",
])
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


def _y(value: object) -> str:
    """A value as YAML (JSON is YAML) so the payload stays one string."""
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    from conftest import MiniPortal

    portal = MiniPortal(tmp_path_factory.mktemp("hostile"))
    portal.write("registry/municipalities/test.yml", f"""
        - id: gran
          name: {_y("Gran " + PAYLOAD)}
          country: NO
          region: {_y(PAYLOAD)}
          name_en: {_y(PAYLOAD)}
        - id: mukono
          name: Mukono
          country: UG
        """)
    portal.write("registry/organisations/test.yml", f"""
        - id: ks
          name: {_y("KS " + PAYLOAD)}
          abbreviation: {_y(PAYLOAD)}
          kind: association
          country: NO
          website: {_y("javascript:alert('PWNED')")}
          contact: {{role: {_y(PAYLOAD)}}}
        """)
    portal.write("registry/themes.yml", f"""
        - id: education
          name: {_y("Education " + PAYLOAD)}
          description: {_y(PAYLOAD)}
        """)
    portal.practice(
        "hostile",
        title=_y(TEMPLATE_TITLE),
        summary=_y(PAYLOAD),
        themes="[education]",
        network="gran-mukono",
        lessons=_y([PAYLOAD, PAYLOAD]),
        difficulties=_y([PAYLOAD]),
        transferability=_y(PAYLOAD),
        resources=_y({"staff": PAYLOAD, "budget": PAYLOAD, "funding": [PAYLOAD], "other": PAYLOAD}),
        results=_y({"indicators": [{"name": PAYLOAD, "unit": PAYLOAD, "note": PAYLOAD, "achieved": 1}],
                    "findings": [PAYLOAD]}),
        transfers=_y([{"municipality": "mukono", "year": 2010, "outcome": "adapted", "note": PAYLOAD}]),
        contact=_y({"organisation": "ks", "role": PAYLOAD}),
        sources=_y([{"title": PAYLOAD, "publisher": PAYLOAD, "url": "javascript:alert('PWNED')",
                     "pages": PAYLOAD},
                    {"title": "data", "url": "data:text/html,PWNED"}]),
        body=BODY,
    )
    portal.practice("hostile-title", title=_y(PAYLOAD), summary=_y(PAYLOAD))
    portal.network("gran-mukono", extra=f"""
        description: {_y(BODY)}
        meeting_rhythm: {_y(PAYLOAD)}
        funding: [{_y(PAYLOAD)}]
        themes: [education]
        timeline: [{{year: 2001, event: {_y(PAYLOAD)}}}]
        events: [{{name: {_y(PAYLOAD)}, kind: workshop, year: 2002, place: gran, description: {_y(PAYLOAD)}}}]
        people: [{{role: coordinator, name: {_y(PAYLOAD)}, organisation: ks, expertise: {_y(PAYLOAD)}}}]
        cycle: {{clustering: {{status: done, when: {_y(PAYLOAD)}, note: {_y(PAYLOAD)}}}}}
        action_plan:
          approach: {_y(PAYLOAD)}
          goal: {_y(PAYLOAD)}
          beneficiaries: {_y(PAYLOAD)}
          activities: [{{activity: {_y(PAYLOAD)}, responsible: {_y(PAYLOAD)}, deadline: {_y(PAYLOAD)},
                         challenges: {_y(PAYLOAD)}, results: {_y(PAYLOAD)}}}]
        """)
    text = (portal.root / "networks/gran-mukono.yml").read_text(encoding="utf-8")
    text = text.replace("name: Gran–Mukono partnership", f"name: {_y('Partnership ' + PAYLOAD)}")
    text = text.replace("topic: Municipal co-operation", f"topic: {_y(PAYLOAD)}")
    text = text.replace("role: partner\n  - ref: mukono", f"role: partner\n    note: {_y(PAYLOAD)}\n  - ref: mukono")
    (portal.root / "networks/gran-mukono.yml").write_text(text, encoding="utf-8")
    portal.write("networks/gran-mukono/results-2012.yml", f"""
        network: gran-mukono
        title: {_y(PAYLOAD)}
        year: 2012
        method: {_y(PAYLOAD)}
        summary: {_y(PAYLOAD)}
        indicators: [{{name: {_y(PAYLOAD)}, unit: {_y(PAYLOAD)}, achieved: 3}}]
        findings: {{individual: [{_y(PAYLOAD)}], community: [{_y(PAYLOAD)}]}}
        success_factors: [{_y(PAYLOAD)}]
        weaknesses: [{_y(PAYLOAD)}]
        lessons: [{_y(PAYLOAD)}]
        benefits: [{{member: gran, benefits: [{_y(PAYLOAD)}]}}]
        sources: [{{title: {_y(PAYLOAD)}}}]
        last_verified: 2026-11-01
        """)
    portal.write("content/hostile-guide.md", "# Guide " + PAYLOAD + "\n\n" + BODY + "\n")
    generated = build(portal.root, quiet=True, today=_date())
    assert generated.ok, "\n".join(str(p) for p in generated.problems)
    return portal.root / "site"


def _date():
    import datetime as dt

    return dt.date(2026, 11, 2)


def _pages(site: Path) -> list[tuple[str, lxml_html.HtmlElement]]:
    return [(path.relative_to(site).as_posix(), lxml_html.fromstring(path.read_bytes()))
            for path in sorted(site.rglob("*.html"))]


def _unsafe_url(value: str) -> bool:
    # Browsers ignore leading spaces and control characters and are case-insensitive.
    cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
    return cleaned.startswith(("javascript:", "data:", "vbscript:"))


def test_the_payloads_reach_the_pages(hostile_site: Path) -> None:
    # Otherwise the checks below would pass on empty pages.
    practice = (hostile_site / "practices/hostile.html").read_text(encoding="utf-8")
    assert MARK in practice and "js link" in practice
    for page in ("networks/gran-mukono.html", "results/gran-mukono-results-2012.html", "municipalities/gran.html",
                 "organisations/ks.html", "themes/education.html"):
        assert MARK in (hostile_site / page).read_text(encoding="utf-8"), page


def test_no_script_from_contributors(hostile_site: Path) -> None:
    for name, tree in _pages(hostile_site):
        for script in tree.iter("script"):
            assert MARK not in (script.text or "") and MARK not in script.get("src", ""), name
            src = script.get("src")
            if src:
                assert not re.match(r"^[a-z]+:", src) and "//" not in src, f"{name}: foreign script {src}"


def test_no_event_handlers_frames_or_objects(hostile_site: Path) -> None:
    for name, tree in _pages(hostile_site):
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in {"iframe", "object", "embed", "frame", "base"}, f"{name}: <{element.tag}>"
            handlers = [a for a in element.attrib if a.lower().startswith("on")]
            assert not handlers, f"{name}: <{element.tag} {handlers}>"
        # The theme's search box is a form; contributed text never makes one.
        assert not tree.xpath("//article//form"), name


def test_no_javascript_or_data_urls(hostile_site: Path) -> None:
    for name, tree in _pages(hostile_site):
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute, value in element.attrib.items():
                if attribute.lower() in URL_ATTRIBUTES or attribute.lower().endswith("href"):
                    assert not _unsafe_url(value), f"{name}: <{element.tag} {attribute}={value!r}>"


def test_no_contributed_style_or_svg(hostile_site: Path) -> None:
    for name, tree in _pages(hostile_site):
        for element in tree.xpath("//*[contains(@class, 'contributed')]//*"):
            assert element.tag not in {"svg", "style", "math"}, f"{name}: <{element.tag}> in contributed text"
        for style in tree.iter("style"):
            assert MARK not in (style.text or "") and "javascript" not in (style.text or ""), name


def test_template_syntax_in_a_title_is_shown_as_written(hostile_site: Path) -> None:
    tree = lxml_html.fromstring((hostile_site / "practices/hostile.html").read_bytes())
    heading = tree.xpath("//article//h1")[0].text_content().rstrip("¶").strip()
    assert heading == TEMPLATE_TITLE
    assert TEMPLATE_TITLE in tree.xpath("//title")[0].text_content()
    index = lxml_html.fromstring((hostile_site / "practices/index.html").read_bytes())
    links = {a.text_content(): a.get("href") for a in index.xpath("//article//a")}
    assert links.get(TEMPLATE_TITLE, "").endswith("hostile.html")  # a real link, not escaped text
    assert "49" not in heading
