"""The multilingual portal in a real browser (issue 14, "Done when"): switching language on a practice,
a network, the practice index with its filters and a template, with the interface's words, the `lang`
attributes and the notices where a text stays in its original language.

The shipped portal is built once for the session (conftest's `shipped_site`, which `portal build` gives
a site per language: site/sq/, site/sh/, ...) and served over http. Interface words come from the
catalogues (generator.i18n), and a record's translated title from its translation file, so a test
follows the translations rather than copies of them.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urljoin

import pytest
import yaml

from conftest import REPO
from generator.i18n import translations
from generator.languages import BY_CODE, TRANSLATIONS

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Shipped translations (git ls-files 'practices/*.*.md' 'networks/*.*.yml').
PRACTICE, PRACTICE_LANGUAGE = "bih-monthly-thematic-networks", "sh"
NETWORK, NETWORK_LANGUAGE = "sori-lc5-emergency-response-drm", "sq"
TRANSLATED_PRACTICES = {"sh": "bih-monthly-thematic-networks", "nb": "ks-efficiency-networks-method",
                        "mk": "sori-capacitation-sequence", "sq": "sori-learning-cluster-peer-exchange"}
UNTRANSLATED = "guldborgsund-international-strategy"  # a practice no language has
TEMPLATE = "action-plan"


def _(language: str, message: str, **values) -> str:
    """A message in `language` from its catalogue, its {name} placeholders (the scripts' kind) filled in."""
    text = translations(language).gettext(message)
    return _filled(text, values)


def _plural(language: str, one: str, many: str, count: int) -> str:
    return _filled(translations(language).ngettext(one, many, count), {"count": count})


def _filled(text: str, values: dict) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def _translated_title(kind: str, record_id: str, language: str) -> str:
    if kind == "practice":
        text = (REPO / "practices" / f"{record_id}.{language}.md").read_text(encoding="utf-8")
        return yaml.safe_load(text.split("---")[1])["title"]
    return yaml.safe_load((REPO / "networks" / f"{record_id}.{language}.yml").read_text(encoding="utf-8"))["name"]


def _original_title(record_id: str) -> str:
    text = (REPO / "practices" / f"{record_id}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])["title"]


@pytest.fixture
def open_page(browser):
    """Opens a page at a width in a fresh context; collects script errors; closes everything at the end."""
    contexts, errors = [], []

    def opened(url: str, viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(url)
        return page

    opened.errors = errors
    yield opened
    for context in contexts:
        context.close()


def _switch_to(page, language: str) -> None:
    """Open the header's language switcher and pick `language` by its own name, as a reader does."""
    page.locator(".md-header .md-select > button").hover()
    # By the start of its name: "(home page)", in that language, follows it where it leads to that language's home.
    link = page.locator(".md-select__list").get_by_role("link", name=BY_CODE[language].name)
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()


def _heading(page) -> str:
    return page.locator("article h1").inner_text().removesuffix("¶").strip()


def _html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def _no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# ---------------------------------------------------------------- a record, switched to its translation


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_switching_language_on_a_practice_lands_on_its_translation(open_page, site_url, viewport):
    page = open_page(site_url + f"practices/{PRACTICE}.html", viewport)
    language = PRACTICE_LANGUAGE
    _switch_to(page, language)

    assert page.url == site_url + f"{language}/practices/{PRACTICE}.html"
    assert _html_lang(page) == language
    article = page.locator("article")
    assert _heading(page) == _translated_title("practice", PRACTICE, language)
    assert article.get_by_text(_(language, "Last verified"), exact=False).first.is_visible()
    notice = article.locator(".portal-language-notice")
    assert _(language, "This page was translated by machine and has not been reviewed by a native speaker.") \
        in notice.inner_text()
    original = notice.locator("a[hreflang=en]")  # "Read the original (English)." in sh, the language's name from CLDR
    assert original.inner_text().startswith(_(language, "Read the original (%(language)s).").split("(")[0].strip())
    assert original.get_attribute("href") == f"../../practices/{PRACTICE}.html"
    # Related practices that sh lacks keep their English titles, marked as English.
    english = article.locator("a[lang=en]").all_inner_texts()
    assert _original_title(UNTRANSLATED) in english
    _no_sideways_scroll(page, viewport["width"])
    assert open_page.errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_switcher_says_by_keyboard_too_which_languages_lead_home(open_page, site_url, viewport):
    """On a practice only sh has, the other languages say in their words that they lead to their home page."""
    page = open_page(site_url + f"practices/{PRACTICE}.html", viewport)
    page.locator(".md-header .md-select > button").focus()
    links = page.locator(".md-select__list a")
    names = {}
    for _index in range(links.count()):
        page.keyboard.press("Tab")
        focused = page.locator(".md-select__list a:focus")
        assert focused.is_visible()  # the list opens for the keyboard, every entry on the screen
        box = focused.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
        names[focused.get_attribute("hreflang")] = " ".join(focused.inner_text().split())
    assert names["en"] == "English" and names[PRACTICE_LANGUAGE] == BY_CODE[PRACTICE_LANGUAGE].name
    for language in TRANSLATIONS:
        if language != PRACTICE_LANGUAGE:
            assert names[language] == f"{BY_CODE[language].name} ({translations(language).gettext('home page')})"
    _no_sideways_scroll(page, viewport["width"])


def test_switching_language_on_a_network_lands_on_its_translation(open_page, site_url):
    page = open_page(site_url + f"networks/{NETWORK}.html")
    language = NETWORK_LANGUAGE
    _switch_to(page, language)

    assert page.url == site_url + f"{language}/networks/{NETWORK}.html"
    assert _html_lang(page) == language
    article = page.locator("article")
    assert _heading(page) == _translated_title("network", NETWORK, language)
    facts = article.locator(".portal-facts dt").all_inner_texts()
    assert _(language, "Host") in facts and "Host" not in facts
    assert _(language, "This page was translated by machine and has not been reviewed by a native speaker.") \
        in article.locator(".portal-language-notice").inner_text()
    assert open_page.errors == []


def test_switching_back_to_english_returns_to_the_english_page(open_page, site_url):
    page = open_page(site_url + f"{PRACTICE_LANGUAGE}/practices/{PRACTICE}.html")
    _switch_to(page, "en")
    assert page.url == site_url + f"practices/{PRACTICE}.html"
    assert _html_lang(page) == "en"
    assert _heading(page) == _original_title(PRACTICE)


@pytest.mark.parametrize("language", ["en", *TRANSLATIONS])
def test_every_link_in_the_switcher_resolves(open_page, site_url, language):
    practice = TRANSLATED_PRACTICES.get(language, PRACTICE)
    address = site_url + ("" if language == "en" else f"{language}/") + f"practices/{practice}.html"
    page = open_page(address)
    links = page.locator(".md-select__list a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(links) == 1 + len(TRANSLATIONS)
    for href in links:
        target = urljoin(address, href)
        try:
            with urllib.request.urlopen(target, timeout=10) as response:
                assert response.status == 200, target
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{href} from {address}: {error.code}") from None
    # The page's own language and English (which holds every page) lead to this same practice.
    assert urljoin(address, links[0]) == site_url + f"practices/{practice}.html"


# ---------------------------------------------------------------- the practice index in a language


def _index(open_page, site_url: str, language: str, viewport: dict = DESKTOP):
    page = open_page(site_url + f"{language}/practices/index.html", viewport)
    page.locator(".portal-practices__list li").first.wait_for()
    return page


def _listed(page) -> list[str]:
    return page.locator(".portal-practices__list a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def _status(page) -> str:
    return page.locator(".portal-practices__status").inner_text()


def _facet(page, label: str):
    """A facet's group by its name (the name is followed by its opener's − or +)."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(label)}\b"))


def test_an_untranslated_practice_is_listed_in_english_and_links_to_the_english_page(open_page, site_url):
    language = "sh"
    page = _index(open_page, site_url, language)
    notice = page.locator("article .portal-language-notice")
    assert notice.inner_text().strip() == _(language, "Entries not yet translated are shown in their original "
                                                      "language and link to the original page.")
    assert notice.get_attribute("lang") in (None, language)  # the notice itself is in sh

    card = page.locator(".portal-card").filter(has=page.locator(f"a[href$='/{UNTRANSLATED}.html']"))
    heading = card.locator(".portal-card__title")
    assert heading.get_attribute("lang") == "en"
    assert card.locator(".portal-card__summary").get_attribute("lang") == "en"
    assert heading.inner_text().strip() == _original_title(UNTRANSLATED)
    assert card.locator("a").first.get_attribute("href") == f"../../practices/{UNTRANSLATED}.html"
    # The card's own words around the English text stay in sh.
    assert _(language, "Verified {date}", date="").strip() in card.locator(".portal-card__verified").inner_text()

    translated = page.locator(".portal-card").filter(has=page.locator(f"a[href='{PRACTICE}.html']"))
    assert translated.locator(".portal-card__title").get_attribute("lang") is None
    assert translated.locator(".portal-card__title").inner_text().strip() == _translated_title("practice", PRACTICE, language)

    with page.expect_navigation():
        card.locator("a").first.click()
    assert page.url == site_url + f"practices/{UNTRANSLATED}.html" and _html_lang(page) == "en"


def test_filters_and_keyword_work_in_a_language(open_page, site_url):
    language = "sh"
    page = _index(open_page, site_url, language)
    everything = _listed(page)
    assert _status(page).startswith(_plural(language, "{count} practice", "{count} practices", len(everything)))

    country = _facet(page, _(language, "Country"))
    country.get_by_role("checkbox", name=re.compile(r"^Bosna i Hercegovina \(\d+\)")).check()
    bosnia = _listed(page)
    assert PRACTICE + ".html" in bosnia and len(bosnia) < len(everything)
    assert _status(page).startswith(_plural(language, "{count} practice matches the filters",
                                            "{count} practices match the filters", len(bosnia)))
    assert "country=BA" in page.url

    page.get_by_role("searchbox", name=_(language, "Search practices")).fill("tematske")  # a word of the sh title
    assert _listed(page) == [PRACTICE + ".html"]
    assert _status(page).startswith(_plural(language, "{count} practice matches your search and the filters",
                                            "{count} practices match your search and the filters", 1))
    assert open_page.errors == []


def test_on_a_phone_the_filters_button_speaks_the_language_and_opens_the_filters(open_page, site_url):
    language = "nb"
    page = _index(open_page, site_url, language, PHONE)
    _no_sideways_scroll(page, PHONE["width"])
    country = _facet(page, _(language, "Country"))
    assert not country.is_visible()
    toggle = page.get_by_role("button", name=_(language, "Filters ({count})", count=0))
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and country.is_visible()
    country.get_by_role("button", name=re.compile("^" + _(language, "Country"))).click()  # groups start closed on a phone
    country.get_by_role("checkbox", name=re.compile(r"^Norge \(\d+\)")).check()
    assert page.get_by_role("button", name=_(language, "Filters ({count})", count=1)).is_visible()
    shown = len(_listed(page))
    assert page.get_by_role("button", name=_plural(language, "Show {count} practice", "Show {count} practices",
                                                   shown)).is_visible()
    _no_sideways_scroll(page, PHONE["width"])
    assert open_page.errors == []


# ---------------------------------------------------------------- a template in a language


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_template_page_in_a_language_and_its_fill_in_form(open_page, site_url, viewport):
    language = "sq"
    page = open_page(site_url + f"templates/{TEMPLATE}.html", viewport)
    _switch_to(page, language)
    assert page.url == site_url + f"{language}/templates/{TEMPLATE}.html"
    assert _html_lang(page) == language
    form = page.locator("section.portal-form--blank")
    header = form.locator(".portal-form__header th").all_inner_texts()
    assert header == [_(language, word) for word in ("Municipality", "Date", "Prepared by", "Version")]

    page.get_by_role("button", name=_(language, "Fill in on this page")).click()
    page.get_by_label(_(language, "Municipality"), exact=True).fill("Gran")
    back = page.get_by_role("button", name=_(language, "Back to the printable blank form"))
    assert back.is_visible()
    for control in ("Print", "Download JSON", "Download CSV"):
        assert page.get_by_role("button", name=_(language, control), exact=True).is_visible()
    _no_sideways_scroll(page, viewport["width"])
    printout = page.locator("section.portal-form--filled")  # what Print prints: the answers, in sq
    assert "Gran" in printout.text_content() and _(language, "Municipality") in printout.text_content()
    assert open_page.errors == []


# ---------------------------------------------------------------- English text left on a language's page
# Found while looking at the language sites (1-2 Dec): text shown in English on a page in L without
# lang="en" or a notice. Each passes once the text is translated or carries lang="en".


def _in_its_language_or_marked(element, english: str, language: str) -> bool:
    """The element's text is not the English text, or it (or an element inside it holding all of it) says lang=en."""
    text = element.inner_text().removesuffix("¶").strip()
    marked = element.evaluate("""node => {
        const whole = [...node.querySelectorAll('[lang]')].find(e => e.innerText.trim() === node.innerText.replace(/¶$/, '').trim());
        return (whole || node).closest('[lang]').getAttribute('lang');
    }""")
    return text != english or marked == "en"


def test_a_templates_english_words_are_marked_english(open_page, site_url):
    language = "sq"
    template = yaml.safe_load((REPO / "content" / "templates" / f"{TEMPLATE}.yml").read_text(encoding="utf-8"))
    page = open_page(site_url + f"{language}/templates/{TEMPLATE}.html")
    assert _in_its_language_or_marked(page.locator("article h1"), template["title"], language)
    assert _in_its_language_or_marked(page.locator("article .portal-summary"), " ".join(template["purpose"].split()), language)


def test_a_networks_untranslated_funding_is_marked_english(open_page, site_url):
    language = NETWORK_LANGUAGE
    funding = yaml.safe_load((REPO / "networks" / f"{NETWORK}.yml").read_text(encoding="utf-8"))["funding"]
    page = open_page(site_url + f"{language}/networks/{NETWORK}.html")
    facts = page.locator(".portal-facts dd").filter(has_text=funding[0])
    assert facts.count() == 0 or _in_its_language_or_marked(facts.first, funding[0], language)


def test_a_printed_translation_gives_the_originals_address_where_its_link_cannot_be_followed(open_page, site_url):
    page = open_page(site_url + "mk/templates/action-plan.html")
    address = page.locator(".portal-language-notice .portal-print-address")
    assert not address.is_visible()  # on screen the link is enough
    page.emulate_media(media="print")
    assert address.is_visible()
    assert address.inner_text().strip().endswith("/templates/action-plan.html")
    assert "/mk/" not in address.inner_text()  # the English original, not this page
