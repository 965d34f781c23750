"""Link cards: Open Graph and Twitter tags, so a pasted link shows the page's title and summary."""

from __future__ import annotations

import html.parser
from pathlib import Path

import yaml

from generator.i18n import translations
from generator.languages import TRANSLATIONS
from PIL import Image

SITE_URL = "https://inter-municipal-learning.github.io/good-practice-portal/"
CARD_TAGS = ("og:type", "og:site_name", "og:title", "og:description", "og:url", "og:image", "twitter:card")


class _HeadMeta(html.parser.HTMLParser):
    """Every <meta property|name=... content=...> of a page, as a browser or a link unfurler reads it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        fields = dict(attrs)
        key = fields.get("property") or fields.get("name")
        if tag == "meta" and key and "content" in fields:
            self.tags.setdefault(key, []).append(fields["content"])


def card(page: Path) -> dict[str, str]:
    parser = _HeadMeta()
    parser.feed(page.read_text(encoding="utf-8"))
    for key in CARD_TAGS:
        assert len(parser.tags.get(key, [])) == 1, f"{page}: {key} {parser.tags.get(key)}"
    return {key: values[0] for key, values in parser.tags.items()}


def front_matter(source: Path) -> dict:
    return yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])


def test_every_page_has_a_card_with_its_own_address_and_the_portal_image(shipped_site):
    site = shipped_site / "site"
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts and p.name != "404.html"]
    assert len(pages) > 50
    for page in pages:
        tags = card(page)
        assert tags["og:url"] == SITE_URL + page.relative_to(site).as_posix()
        language = page.relative_to(site).parts[0] if page.relative_to(site).parts[0] in TRANSLATIONS else "en"
        # A language's site names itself in its language (generator/language_sites.py).
        assert tags["og:site_name"] == translations(language).gettext("Good practices for inter-municipal learning")
        assert tags["og:title"] and tags["og:description"]
        assert tags["twitter:card"] == "summary_large_image"
    image = card(pages[0])["og:image"]
    assert image.startswith(SITE_URL)
    with Image.open(site / image.removeprefix(SITE_URL)) as png:
        assert png.size == (1200, 630)


def test_a_record_card_shows_its_title_and_summary(shipped_site):
    source = front_matter(shipped_site / "practices/solvesborg-international-communication-plan.md")
    tags = card(shipped_site / "site/practices/solvesborg-international-communication-plan.html")
    assert tags["og:title"] == source["title"]
    assert tags["og:description"] == " ".join(source["summary"].split())
    assert tags["og:description"] == tags["description"]  # the same text as the search engines' description

    tags = card(shipped_site / "site/networks/interloc.html")
    assert tags["og:title"].startswith("InterLoc")

    theme = next(t for t in yaml.safe_load((shipped_site / "registry/themes.yml").read_text(encoding="utf-8"))
                 if t.get("description"))
    tags = card(shipped_site / f"site/themes/{theme['id']}.html")
    assert (tags["og:title"], tags["og:description"]) == (theme["name"], theme["description"])


def test_home_card_names_the_portal(shipped_site):
    tags = card(shipped_site / "site/index.html")
    assert tags["og:title"] == "Good practices for inter-municipal learning"
    assert tags["og:description"].startswith("Good practices, networks and results")


HOSTILE_TITLE = 'Pupils "write" </title><script>alert(1)</script> & <b onmouseover=alert(2)>visit</b>'
HOSTILE_SUMMARY = '"><script>alert(3)</script><meta property="og:title" content="spoofed"> Ampersand & done.'


def test_a_hostile_title_and_summary_stay_text_in_the_card(mini):
    from generator.build import build

    mini.practice(title=yaml.safe_dump(HOSTILE_TITLE).strip().removesuffix("..."),
                  summary=yaml.safe_dump(HOSTILE_SUMMARY).strip().removesuffix("..."))
    generated = build(mini.root, quiet=True)
    assert generated.ok, "\n".join(str(p) for p in generated.problems)
    page = mini.root / "site/practices/school-exchange.html"
    tags = card(page)  # one og:title each: the summary's <meta> did not become a tag
    assert tags["og:title"] == HOSTILE_TITLE  # shown as the contributor wrote it, as text
    assert tags["og:description"] == HOSTILE_SUMMARY
    head = page.read_text(encoding="utf-8").split("</head>")[0]
    assert "<script>alert" not in head and 'content="spoofed"' not in head
    assert head.count("</title>") == 1  # the page title did not break out of <title> either
