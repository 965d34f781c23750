"""Contributions arrive from strangers: nothing they write may become active on a page.

A scratch portal puts the usual attacks into the Markdown body and into every
text field that reaches a page, builds the site with MkDocs, and then reads
every HTML file the way a browser would.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html

from hostile_portal import MARK, TEMPLATE_TITLE, URLS, hostile_site  # noqa: F401  (the fixture)

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


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
                 "organisations/ks.html", "themes/education.html", "templates/hostile-form.html",
                 "guides/hostile-guide.html"):
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


def _contributed(tree) -> list:
    return [e for e in tree.xpath("//*[contains(concat(' ', @class, ' '), ' contributed ')]//*")
            if isinstance(e.tag, str)]


def test_no_attribute_injection_through_attr_list(hostile_site: Path) -> None:
    # `{ onclick=... }` after a link, at the end of a line or a heading, or inside an address.
    for name, tree in _pages(hostile_site):
        for element in tree.iter():
            if isinstance(element.tag, str):
                assert "onclick" not in element.attrib and "style" not in element.attrib, \
                    f"{name}: <{element.tag} {dict(element.attrib)}>"


def test_contributed_html_cannot_use_the_sites_classes_or_ids(hostile_site: Path) -> None:
    # md-dialog--active would draw a fake site message; portal-edit hides text from search.
    checked = 0
    for name, tree in _pages(hostile_site):
        for element in _contributed(tree):
            checked += 1
            classes = (element.get("class") or "").split()
            assert not [c for c in classes if c.startswith(("md-", "portal-"))], f"{name}: {classes}"
            assert element.get("id") in (None, "") or element.get("id").startswith(("fn", "fnref")), \
                f"{name}: id {element.get('id')!r}"
        assert not tree.xpath("//*[contains(@class, 'md-dialog--active')]"), name
    assert checked > 100


def test_what_converters_produce_keeps_its_classes(hostile_site: Path) -> None:
    guide = lxml_html.fromstring((hostile_site / "guides/hostile-guide.html").read_bytes())
    assert guide.xpath("//*[contains(@class, 'contributed')]//pre/code[@class='language-python']")
    practice = lxml_html.fromstring((hostile_site / "practices/hostile.html").read_bytes())
    assert practice.xpath("//div[@class='admonition note']/p[@class='admonition-title']")
    assert practice.xpath("//*[contains(@class, 'contributed')]//td[@align='right']")
    assert practice.xpath("//*[contains(@class, 'contributed')]//li[starts-with(@id, 'fn')]")


def test_addresses_stay_one_link_with_their_characters_encoded(hostile_site: Path) -> None:
    tree = lxml_html.fromstring((hostile_site / "practices/hostile.html").read_bytes())
    sources = tree.xpath("//h2[@id='sources']/following-sibling::ul[1]/li")
    hrefs = [li.xpath(".//a/@href") for li in sources]
    assert len(hrefs) == len(URLS) and all(len(h) == 1 for h in hrefs)
    for (href,), url in zip(hrefs, URLS):
        assert not set(href) & set("(){}'<>\"` "), href
        assert href.split(":")[0] == url.split(":")[0]
    website = lxml_html.fromstring((hostile_site / "organisations/ks.html").read_bytes())
    assert website.xpath("//dd/a/@href")[0].startswith("https://a.example/x%29%7B")


def test_the_edit_link_is_one_link(hostile_site: Path) -> None:
    tree = lxml_html.fromstring((hostile_site / "practices/hostile.html").read_bytes())
    edit = tree.xpath("//a[contains(@class, 'portal-edit')]/@href")
    assert edit == ["https://github.com/inter-municipal-learning/good-practice-portal/edit/main/practices/hostile.md"]
