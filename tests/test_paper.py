"""On paper: the printed form pages (headless Chromium at A4) and the PDF downloads of templates.

What someone filling in a form by hand notices: the form starts on the first page, the header
asks for municipality, date, preparer and version, rows leave room to write, every page says
where it came from and which page of how many it is, and the guide and an example row are there.
On screen every form page fits a phone's width (wide tables scroll inside their own box).
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.build import check
from generator.render import forms

from conftest import REPO

PT_PER_MM = 72 / 25.4
HANDWRITING_MM = 15  # the issue: rows at least about 1.5 cm high

CATALOG, _ = check(REPO)
TEMPLATES = sorted(CATALOG.templates)


def _forms() -> dict[str, forms.Form]:
    """Page path (without .html) -> the form it shows: every template, a filled action plan, a results file."""
    result = {f"templates/{tid}": forms.from_template(tid, record.model) for tid, record in CATALOG.templates.items()}
    for network_id in ("sori-lc1-day-care-centres",):
        if network_id in CATALOG.networks:
            form = forms.from_action_plan(network_id, CATALOG.networks[network_id].model)
            result[f"plans/{form.name}"] = form
    results_id = "gran-mukono-lugazi-results-2012"
    if results_id in CATALOG.results:
        result[f"plans/{results_id}"] = forms.from_results(results_id, CATALOG.results[results_id].model, "", str)
    return result


FORMS = _forms()
# The published address the build prints on every page (mkdocs.yml's tags need MkDocs' own YAML loader).
SITE_URL = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
FORM_PAGES = sorted(FORMS)


@dataclass
class Word:
    page: int  # from 1
    text: str
    x: float  # points from the left edge
    y: float  # points from the top edge


def pdf_words(data: bytes, tmp_path: Path) -> tuple[list[Word], int]:
    """Every word of a PDF with its position (poppler's pdftotext -bbox), and the number of pages."""
    source, target = tmp_path / "printed.pdf", tmp_path / "words.html"
    source.write_bytes(data)
    subprocess.run(["pdftotext", "-bbox", str(source), str(target)], check=True)
    words, page = [], 0
    for line in target.read_text(encoding="utf-8").splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*)</word>', line)
        if match:
            words.append(Word(page, html.unescape(match.group(3)), float(match.group(1)), float(match.group(2))))
    return words, page


def page_texts(words: list[Word], pages: int) -> list[str]:
    return [" ".join(w.text for w in words if w.page == number) for number in range(1, pages + 1)]


def first_words(text: str, count: int) -> str:
    """The start of a Markdown text as it reads when printed: markup and line breaks gone."""
    plain = re.sub(r"[*_`|]", "", text)
    return " ".join(plain.split()[:count])


@pytest.fixture(scope="module")
def printed(browser, site_url, tmp_path_factory) -> dict[str, tuple[list[Word], int]]:
    """Each form page printed to PDF by Chromium, as the reader's Print button does, in words."""
    result = {}
    page = browser.new_page()
    try:
        for path in FORM_PAGES:
            page.goto(f"{site_url}{path}.html")
            data = page.pdf(prefer_css_page_size=True, print_background=True)
            result[path] = pdf_words(data, tmp_path_factory.mktemp("print"))
    finally:
        page.close()
    return result


@pytest.fixture(scope="module")
def downloaded(shipped_site, tmp_path_factory) -> dict[str, tuple[list[Word], int]]:
    """Each form's PDF download, as the site serves it, in words."""
    downloads = shipped_site / "site" / "downloads"
    return {path: pdf_words((downloads / f"{path}.pdf").read_bytes(), tmp_path_factory.mktemp("pdf"))
            for path in FORM_PAGES}


def guide_start(texts: list[str]) -> int:
    """Index of the first page of the guide 'How to fill it in' (after the form's pages)."""
    return next((i for i, text in enumerate(texts) if "How to fill it in" in text), len(texts))


@pytest.mark.parametrize("source", ["printed", "downloaded"])
@pytest.mark.parametrize("path", FORM_PAGES)
def test_the_form_starts_on_the_first_page(request, source: str, path: str) -> None:
    """Its header and the heading row of its first table, not only the title."""
    words, pages = request.getfixturevalue(source)[path]
    first = page_texts(words, pages)[0]
    form = FORMS[path]
    assert form.fields[0].label in first, first[:300]
    assert form.tables[0].columns[0].name in first, first[:300]


@pytest.mark.parametrize("source", ["printed", "downloaded"])
@pytest.mark.parametrize("template_id", TEMPLATES)
def test_every_form_asks_for_municipality_date_preparer_and_version(request, source: str, template_id: str) -> None:
    words, pages = request.getfixturevalue(source)[f"templates/{template_id}"]
    first = page_texts(words, pages)[0]
    labels = [field.label for field in CATALOG.templates[template_id].model.all_header_fields()[:4]]
    assert labels[1:] == ["Date", "Prepared by", "Version"]
    for label in labels:
        assert label in first, f"{label!r} missing from the first page of {template_id} ({source})"


@pytest.mark.parametrize("source", ["printed", "downloaded"])
def test_the_caf_sheet_leaves_room_to_write_by_hand(request, source: str) -> None:
    """Every sub-criterion row is at least 1.5 cm high: the next row starts that far below it."""
    words, pages = request.getfixturevalue(source)["templates/caf-self-assessment"]
    form_pages = guide_start(page_texts(words, pages))  # the example row in the guide is no row to fill in
    numbers = [w for w in words if re.fullmatch(r"\d\.\d", w.text) and w.page <= form_pages]
    column = min(w.x for w in numbers)
    starts = [w for w in numbers if abs(w.x - column) < 3]
    assert len(starts) == 28, [w.text for w in starts]
    gaps = [(a.text, (b.y - a.y) / PT_PER_MM) for a, b in zip(starts, starts[1:]) if a.page == b.page]
    assert gaps, "every row on a page of its own?"
    too_low = [(label, round(mm, 1)) for label, mm in gaps if mm < HANDWRITING_MM]
    assert not too_low, f"rows under {HANDWRITING_MM} mm in the {source} CAF sheet: {too_low}"


@pytest.mark.parametrize("source", ["printed", "downloaded"])
@pytest.mark.parametrize("path", FORM_PAGES)
def test_every_page_says_where_it_comes_from_and_which_page_it_is(request, source: str, path: str) -> None:
    words, pages = request.getfixturevalue(source)[path]
    address = "/".join(part.strip("/") for part in (SITE_URL, f"{path}.html"))
    for number, text in enumerate(page_texts(words, pages), start=1):
        assert address in text, f"page {number} of {path} ({source}) lacks the address"
        assert f"page {number} of {pages}" in text, f"page {number} of {path} ({source}) lacks 'page n of m'"


@pytest.mark.parametrize("source", ["printed", "downloaded"])
@pytest.mark.parametrize("template_id", TEMPLATES)
def test_the_guide_and_the_example_row_are_on_paper(request, source: str, template_id: str) -> None:
    template = CATALOG.templates[template_id].model
    words, pages = request.getfixturevalue(source)[f"templates/{template_id}"]
    texts = page_texts(words, pages)
    assert 0 < guide_start(texts) < len(texts), "no page 'How to fill it in' after the form"
    guide = " ".join(texts[guide_start(texts):])
    if template.instructions:
        assert first_words(template.instructions, 6) in guide
    examples = [table.example for table in template.tables if table.example]
    assert examples, f"{template_id} shows no example row"
    for example in examples:
        first_value = next(value for value in example.values() if value)
        assert first_words(first_value, 3) in guide, f"example row of {template_id} missing ({source})"


# Any element that reaches past the right edge of the viewport, unless a box that scrolls
# sideways holds it (a wide table may scroll inside its own box, the page may not).
OVERFLOW_PROBE = """() => {
  const width = document.documentElement.clientWidth, offenders = [];
  const scrolls = el => { for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll') return true; }
    return false; };
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.height && box.right > width + 1 && !scrolls(el))
      offenders.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)}`);
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 8)};
}"""


@pytest.mark.parametrize("path", FORM_PAGES)
def test_form_pages_fit_a_phone(browser, site_url: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{site_url}{path}.html")
        result = page.evaluate(OVERFLOW_PROBE)
        assert result["offenders"] == [], result
        assert result["scrollWidth"] <= result["width"], result
    finally:
        page.close()


# ------------------------------------------------------------------ no page left nearly empty

# Languages whose words run longer than English, and the template that has to fit in them.
LANGUAGES, LANGUAGE_PAGE = ("sq", "mk"), "templates/action-plan"


@pytest.fixture(scope="module")
def printed_in_language(browser, site_url, tmp_path_factory) -> dict[str, tuple[list[Word], int]]:
    result = {}
    page = browser.new_page()
    try:
        for language in LANGUAGES:
            page.goto(f"{site_url}{language}/{LANGUAGE_PAGE}.html")
            data = page.pdf(prefer_css_page_size=True, print_background=True)
            result[language] = pdf_words(data, tmp_path_factory.mktemp("print"))
    finally:
        page.close()
    return result


def _language_download(shipped_site: Path, language: str, tmp_path: Path) -> tuple[list[Word], int]:
    return pdf_words((shipped_site / "site" / language / "downloads" / f"{LANGUAGE_PAGE}.pdf").read_bytes(), tmp_path)


def _guide_heading(language: str) -> str:
    from generator import i18n

    return i18n.translations(language).gettext("How to fill it in")


@pytest.mark.parametrize("source", ["printed", "downloaded"])
def test_the_action_plan_is_one_page_of_form_then_its_guide(request, source: str) -> None:
    """Its header, fields and all five rows for activities on page 1 (A4 landscape), the guide on page 2:
    no second page holding only the fifth row or the source line."""
    words, pages = request.getfixturevalue(source)["templates/action-plan"]
    texts = page_texts(words, pages)
    assert pages == 2 and guide_start(texts) == 1, texts
    assert "Source:" in texts[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_action_plan_in_a_longer_language_is_one_page_of_form_then_its_guide(printed_in_language, shipped_site,
                                                                                 language, tmp_path) -> None:
    guide = _guide_heading(language)
    for source, (words, pages) in (("printed", printed_in_language[language]),
                                   ("downloaded", _language_download(shipped_site, language, tmp_path))):
        texts = page_texts(words, pages)
        assert pages == 2 and guide in texts[1] and guide not in texts[0], (source, texts)


@pytest.mark.parametrize("language", ["en", "sq", "sh", "mk", "nb"])
def test_the_event_designs_sessions_end_on_page_2_in_every_language(shipped_site, language, tmp_path) -> None:
    """Its two days of blank session rows fill pages 1 and 2, the guide is page 3: in Macedonian and Norwegian
    the field hints wrap onto a second line, and the last row fell onto a page 3 of its own before the guide."""
    folder = shipped_site / "site" / ("" if language == "en" else language) / "downloads" / "templates"
    words, pages = pdf_words((folder / "event-design.pdf").read_bytes(), tmp_path)
    texts = page_texts(words, pages)
    guide = _guide_heading(language)
    assert pages == 3 and guide in texts[2] and guide not in texts[1], texts


@pytest.mark.parametrize("source", ["printed", "downloaded"])
@pytest.mark.parametrize("path", FORM_PAGES)
def test_no_page_holds_only_its_footer(request, source: str, path: str) -> None:
    """Each page has something of the form or its guide, besides the address, page number and source."""
    words, pages = request.getfixturevalue(source)[path]
    form = FORMS[path]
    address = "/".join(part.strip("/") for part in (SITE_URL, f"{path}.html"))
    footer = {*address.split(), *" ".join(["Source:", form.source_line(), "Last verified", form.date.isoformat(),
                                           "Good-practice portal", "page of", "·"]).split()}
    for number, text in enumerate(page_texts(words, pages), start=1):
        rest = [word for word in text.split() if word not in footer and not word.isdigit()]
        assert len(rest) >= 5, f"page {number} of {path} ({source}) holds only its footer: {text!r}"


def test_the_pdf_prints_its_guide_in_black(downloaded, shipped_site, tmp_path) -> None:
    """fpdf2 prints list numbers red and headings dark red unless told otherwise: no coloured ink anywhere."""
    for path in ("templates/action-plan", "templates/caf-self-assessment"):
        data = (shipped_site / "site" / "downloads" / f"{path}.pdf").read_bytes()
        (tmp_path / "guide.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(tmp_path / "guide.pdf"), str(tmp_path / "page")], check=True)
        from PIL import Image

        for png in sorted(tmp_path.glob("page-*.png")):
            data = Image.open(png).convert("RGB").tobytes()
            red = sum(1 for r, g, b in zip(data[0::3], data[1::3], data[2::3]) if r > 120 and r - max(g, b) > 60)
            assert red == 0, f"{red} red pixels on {png.name} of {path}.pdf"
            png.unlink()
