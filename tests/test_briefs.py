"""One-page briefs (generator/render/briefs.py, brief_pdf.py): what goes on the sheet, what is cut, the PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from pypdf import PdfReader

from conftest import REPO, render_steps
from generator.build import check
from generator.render import RenderOptions, render
from generator.render.brief_text import cut, plain_text
from generator.render.briefs import CSP
from generator.render.qr import qr_modules, qr_svg
from generator.render.languages import Holdings
from generator.render.print_margins import css_string
from generator.render.safe import csp_hash

SITE = "https://portal.example.org/"
WORDS = ("The council agreed a plan with the neighbouring towns. Officers met every month to compare "
         "their figures and their methods. ")


def worst_case_practice(portal, practice_id: str = "worst-case-brief") -> Path:
    """A practice with every section of a brief far over its budget: long texts, many figures and lessons."""
    indicators = "\n".join(
        f"    - {{name: 'Indicator number {n} with a long name that goes on and on about households and services', "
        f"unit: '% of households', baseline: {n}, target: {90 - n}, achieved: {40 + n}, year: 2015, "
        f"member: {'gran' if n % 2 else 'mukono'}}}" for n in range(1, 13))
    lessons = "\n".join(f"  - \"Lesson {n}: {WORDS * 4}\"" for n in range(1, 9))
    long_word = "Inter" + "municipal" * 30
    return portal.write(f"practices/{practice_id}.md", f"""---
title: "{('A very long title about learning between municipalities ' * 5).strip()}"
summary: "{(WORDS * 5)[:598].strip()}"
municipalities: [gran, mukono]
themes: [education]
status: implemented
period: {{start: 2004}}
results:
  indicators:
{indicators}
lessons:
{lessons}
contact:
  role: "{('International office of the municipality ' * 8).strip()}"
  email: info@example.org
  website: https://example.org/{'a' * 300}
sources:
  - title: "{('A source with a long title ' * 10).strip()}"
    publisher: A publisher
    year: 2012
  - title: A second source
last_verified: 2026-11-01
---
## Context

{WORDS * 30} {long_word}

## What was done

{(WORDS * 40)}

## Dates

Started in 2004.
""")


def _render(root: Path, site_url: str | None = SITE) -> dict[str, bytes]:
    catalog, problems = check(root)
    assert catalog is not None, problems
    return render(catalog, RenderOptions(site_url=site_url)).files


def test_a_text_over_budget_is_cut_after_its_last_whole_sentence() -> None:
    section = cut("First sentence. Second one is here. Third never fits in.", 40)
    assert section.cut and section.text == "First sentence. Second one is here. …"
    assert not cut("Short enough.", 40).cut


def test_a_text_without_a_sentence_end_is_cut_between_words() -> None:
    section = cut("word " * 40, 50)
    assert section.cut and section.text.endswith("word …") and len(section.text) <= 52


def test_contributor_markdown_becomes_plain_words() -> None:
    text = plain_text("## Heading\n\nSome **bold** and [a link](javascript:x) &amp; more.\n\n- one\n- two")
    assert text == "Some bold and a link & more. one two"
    assert plain_text("a <b onclick=x>b</b>") == "a b"


def test_each_practice_and_results_file_has_a_brief_page_and_pdf_linked_from_its_page(mini) -> None:
    mini.practice()
    mini.network()
    mini.write("networks/gran-mukono/results-2012.yml", """
        network: gran-mukono
        title: What the partnership meant
        year: 2012
        summary: Both towns learnt.
        lessons: [Keep the same people involved.]
        sources: [{title: Has it been worth it?}]
        last_verified: 2026-11-01
        """)
    files = _render(mini.root)
    practice_page = files["practices/school-exchange.md"].decode()
    assert "(../briefs/practices/school-exchange/index.html)" in practice_page
    results_id = next(name for name in files if name.startswith("results/gran-mukono")).split("/")[1][:-3]
    assert f"(../briefs/results/{results_id}/index.html)" in files[f"results/{results_id}.md"].decode()
    brief = files["briefs/practices/school-exchange/index.html"].decode()
    assert "Two schools paired up." in brief and "Has it been worth it?" in brief and "2026-11-01" in brief
    results_brief = files[f"briefs/results/{results_id}/index.html"].decode()
    assert "Keep the same people involved." in results_brief
    # A PDF download for results files and practices with key figures (benchmarks/briefs.py: fpdf2's cost);
    # the others print from their page.
    assert f'href="../../../downloads/briefs/results/{results_id}.pdf"' in results_brief
    assert files[f"downloads/briefs/results/{results_id}.pdf"].startswith(b"%PDF")
    assert "downloads/briefs/practices/school-exchange.pdf" not in files and "Download the PDF" not in brief
    assert "save it as a PDF" in brief


def _decoded_qr(brief: str) -> str:
    """What a reader's phone reads from the brief's QR code: its SVG path drawn as an image, then decoded."""
    svg = re.search(r'<svg [^>]*class="portal-brief__qr"[^>]*viewBox="0 0 (\d+) \1"[^>]*><path fill="#000" d="([^"]+)"', brief)
    size, scale = int(svg.group(1)), 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", svg.group(2)):
        x, y, width = int(x), int(y), int(width)
        draw.rectangle([x * scale, y * scale, (x + width) * scale - 1, (y + 1) * scale - 1], fill=0)
    found = zxingcpp.read_barcode(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return found.text if found else ""


def test_the_qr_code_encodes_the_record_pages_address_printed_beside_it(mini) -> None:
    mini.practice()
    brief = _render(mini.root)["briefs/practices/school-exchange/index.html"].decode()
    address = SITE + "practices/school-exchange.html"
    assert f'<span class="portal-brief__address">{address}</span>' in brief
    assert _decoded_qr(brief) == address
    assert "style=" not in brief  # the CSP allows no inline style


def test_qr_codes_of_short_and_long_addresses_read_back_as_the_address() -> None:
    # Each size of code has its own table of path moves (qr._moves): a phone reads every size.
    for length in (20, 60, 110, 250, 600):
        address = SITE + "practices/" + ("a-long-practice-id-" * 40)[:length] + ".html"
        assert _decoded_qr(str(qr_svg(qr_modules(address)))) == address


def test_the_brief_is_a_complete_standalone_document_under_the_sites_policy(mini) -> None:
    mini.practice()
    files = _render(mini.root)
    brief = files["briefs/practices/school-exchange/index.html"].decode()
    assert "briefs/practices/school-exchange.md" not in files  # not a page for MkDocs to build
    assert brief.startswith("<!doctype html>\n<html lang=\"en\">")
    own_address = SITE + "briefs/practices/school-exchange/index.html"
    for part in ('<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
                 "<title>School exchange – one-page brief – Good-practice portal</title>",
                 '<meta name="description" content="Pupils of two towns write to each other and visit.">',
                 f'<link rel="canonical" href="{own_address}">',
                 '<link rel="stylesheet" href="../../../assets/brief.css">',
                 '<link rel="icon" href="../../../assets/images/favicon.png">',
                 'href="../../../practices/school-exchange.html">Back to the full page</a>',
                 'href="../../../accessibility.html"'):
        assert part in brief, part
    assert "<script" not in brief and len(re.findall("<link ", brief)) == 3  # nothing else is loaded
    # The one <style>: the printed margin with the brief's own address and "page n of m", allowed by its hash.
    styles = re.findall(r"<style>(.*?)</style>", brief, flags=re.S)
    assert len(styles) == 1 and f'content: "{css_string(own_address)}"' in styles[0]
    assert 'counter(page) " of " counter(pages)' in styles[0]
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', brief).group(1)
    assert f"'{csp_hash(styles[0])}'" in policy.replace("&#x27;", "'")


def test_the_briefs_policy_is_the_sites_with_the_hash_of_its_margin_style() -> None:
    theme = (Path(__file__).resolve().parent.parent / "overrides" / "main.html").read_text(encoding="utf-8")
    site_policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', theme).group(1)
    site_policy = re.sub(r"\{%.*?%\}.*?\{%.*?endfor %\}", " '{style_hash}'", site_policy)
    assert CSP == site_policy


def test_without_a_site_address_the_brief_prints_the_relative_address_and_no_qr_code(mini) -> None:
    mini.practice()
    brief = _render(mini.root, site_url=None)["briefs/practices/school-exchange/index.html"].decode()
    assert "practices/school-exchange.html" in brief and "portal-brief__qr" not in brief


def test_contributor_text_is_escaped_on_the_brief_page(mini) -> None:
    mini.practice(title="'<script>alert(1)</script> Exchange'", summary="'<img src=x onerror=alert(1)>'",
                  body="## Context\n\n<b onclick=alert(1)>Bold</b> <script>alert(2)</script>text\n")
    brief = _render(mini.root)["briefs/practices/school-exchange/index.html"].decode()
    article = brief.split('<article class="portal-brief"')[1]
    assert "<script" not in article and "<img" not in article and "onclick" not in article.replace("&lt;", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
    head = brief.split("<article")[0]
    assert "<script" not in head and "<img" not in head  # the title and description are escaped
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; Exchange – one-page brief" in head


def test_the_worst_case_brief_is_cut_with_pointers_and_its_pdf_has_one_page(mini) -> None:
    worst_case_practice(mini)
    files = _render(mini.root)
    brief = files["briefs/practices/worst-case-brief/index.html"].decode()
    address = SITE + "practices/worst-case-brief.html"
    assert brief.count(f"continued on the full page: {address}") == 2  # the problem and what was done
    assert "7 more on the full page" in brief and "5 more lessons, and each in full, on the full page" in brief
    pdf = PdfReader(io.BytesIO(files["downloads/briefs/practices/worst-case-brief.pdf"]))
    assert len(pdf.pages) == 1
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "Last verified: 2026-11-01" in text and "continued on the full page" in text


def test_a_brief_in_another_script_keeps_its_letters_in_the_pdf(mini) -> None:
    mini.practice(title="Обмен между школами", summary="Школы двух городов пишут друг другу.",
                  results="{indicators: [{name: Письма, unit: письма, achieved: 40, target: 50}]}")
    pdf = PdfReader(io.BytesIO(_render(mini.root)["downloads/briefs/practices/school-exchange.pdf"]))
    assert "Обмен между школами" in pdf.pages[0].extract_text()


# ---------------------------------------------------------------- briefs in a language (issue 14)

SH_PRACTICE = "bih-monthly-thematic-networks"  # practices/bih-monthly-thematic-networks.sh.md, with key figures
MK_PRACTICE = "sori-capacitation-sequence"  # practices/sori-capacitation-sequence.mk.md
# The brief's own words in English, none of which may be left, as words, on a brief in another language
# (but those the languages write the same: "Period", "Web:" in Bosnian/Croatian/Serbian; "Network" as a label only:
# an organisation's name may have it).
BRIEF_WORDS = ("one-page brief", "Download the PDF", "Back to the full page", "Accessibility", "A one-page brief for",
               "Where", ">Network<", "Network:", "The problem", "What was done", "Key figures", "Lessons", "Contact:",
               "Source:", "Last verified:", "Full page:", "Translation:", "continued on the full page", "achieved",
               "baseline", "target", "QR code of", "more on the full page", "Each lesson in full")


@pytest.fixture(scope="module")
def shipped_in_languages() -> dict[str, dict[str, bytes]]:
    """The shipped portal's briefs step in Bosnian/Croatian/Serbian and Macedonian: the briefs of their translations."""
    return {language: render_steps(REPO, language, ("briefs",)) for language in ("sh", "mk")}


def _english_words_left(text: str) -> list[str]:
    return [word for word in BRIEF_WORDS if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


def test_a_language_has_the_briefs_of_the_records_translated_into_it_and_no_other(shipped_in_languages) -> None:
    catalog, _ = check(REPO)
    for language, files in shipped_in_languages.items():
        translated = sorted(pid for (kind, pid), by in catalog.translations.items() if kind == "practice" and language in by)
        assert translated and sorted(path.split("/")[2] for path in files if path.startswith("briefs/")) == translated
    # A page of the language links to its own brief where it has it, else to the English site's (Holdings).
    holdings = Holdings(catalog)
    assert holdings.holds("sh", f"briefs/practices/{SH_PRACTICE}/index.html")
    assert holdings.holds("sh", f"downloads/briefs/practices/{SH_PRACTICE}.pdf")
    assert not holdings.holds("sh", f"briefs/practices/{MK_PRACTICE}/index.html")
    assert not holdings.holds("sh", f"downloads/briefs/practices/{MK_PRACTICE}.pdf")


def test_a_language_brief_is_in_its_language_with_lang_on_the_text_left_in_english(shipped_in_languages) -> None:
    brief = shipped_in_languages["sh"][f"briefs/practices/{SH_PRACTICE}/index.html"].decode()
    assert brief.startswith('<!doctype html>\n<html lang="sh">')
    assert not _english_words_left(re.sub(r"<svg .*?</svg>|https?://\S+", "", brief, flags=re.S))
    for words in ("<title>Tematske mreže od 6 do 12 općina koje se sastaju svakog mjeseca (Bosna i Hercegovina) – "
                  "sažetak na jednoj stranici – Dobre prakse za učenje među općinama</title>",
                  ">Preuzmite PDF</a>", "<dt>Gdje</dt>", "<dt>Period</dt><dd>od 2009 · provedeno</dd>",
                  "<h2>Ključni podaci</h2>", "<td>postignuto 22 mreže</td>", "<h2>Pouke</h2>",
                  "<strong>Posljednja provjera:</strong> <time datetime=\"2026-11-24\">24. novembar 2026.</time>",
                  "<strong>Prijevod:</strong> mašinski, nije ga pregledao izvorni govornik",
                  'aria-label="QR kod s adresom cijele stranice"'):
        assert words in brief, words
    # What no translation holds stays in English, and says so: the contact's role, the source's title.
    assert '— <span lang="en">Nearest OSCE field office in Bosnia and Herzegovina</span>' in brief
    assert '<strong>Izvor:</strong> <span lang="en">Inter-Municipal Learning and Support</span>, OSCE' in brief
    # Its addresses are the language site's: the page it summarises (printed and in the QR code), its own margin.
    address = "https://inter-municipal-learning.github.io/good-practice-portal/sh/practices/bih-monthly-thematic-networks.html"
    assert f'<span class="portal-brief__address">{address}</span>' in brief and _decoded_qr(brief) == address
    assert f"nastavak na cijeloj stranici: {address}" in brief
    assert css_string("https://inter-municipal-learning.github.io/good-practice-portal/sh/briefs/practices/"
                      f"{SH_PRACTICE}/index.html") in brief
    # Its notice says how it was translated and links to the English brief, whose address it prints on paper.
    assert (f'<a href="../../../../briefs/practices/{SH_PRACTICE}/index.html" hreflang="en">'
            "Pročitajte izvornik (engleski).<span class=\"portal-print-address\"> "
            f"https://inter-municipal-learning.github.io/good-practice-portal/briefs/practices/{SH_PRACTICE}/index.html"
            "</span></a>") in brief
    mk = shipped_in_languages["mk"][f"briefs/practices/{MK_PRACTICE}/index.html"].decode()
    assert mk.startswith('<!doctype html>\n<html lang="mk">') and "<h2>Поуки</h2>" in mk
    assert '<h1 id="portal-brief-title">Од ориентациска средба до тестирање' in mk
    assert not _english_words_left(re.sub(r"<svg .*?</svg>|https?://\S+", "", mk, flags=re.S))


def test_a_language_brief_pdf_is_one_page_in_its_language(shipped_in_languages) -> None:
    data = shipped_in_languages["sh"][f"downloads/briefs/practices/{SH_PRACTICE}.pdf"]
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) == 1 and pdf.trailer["/Root"]["/Lang"] == "sh"
    text = " ".join(pdf.pages[0].extract_text().split())
    for words in ("Tematske mreže od 6 do 12 općina", "Gdje:", "Ključni podaci", "Tematske mreže koje djeluju: "
                  "postignuto 22 mreže", "Pouke", "Posljednja provjera: 24. novembar 2026.",
                  "Prijevod: mašinski, nije ga pregledao izvorni govornik", "Cijela stranica: https://"):
        assert words in text, words
    assert not _english_words_left(re.sub(r"https?://\S+", "", text))


WORST_CASE_WORDS = {
    "sq": "Këshilli miratoi një plan me qytetet fqinje. Zyrtarët u takuan çdo muaj për të krahasuar shifrat dhe "
          "metodat e tyre. ",
    "mk": "Советот донесе план со соседните градови. Службениците се среќаваа секој месец за да ги споредат "
          "своите бројки и методи. "}


def worst_case_translation(portal, practice_id: str = "worst-case-brief", language: str = "sq") -> Path:
    """An Albanian translation of worst_case_practice, every text over its budget; the body and the contact's role
    left in English. Its source digest is made up: a stale translation is a warning, and is still shown."""
    sentence = WORST_CASE_WORDS[language]
    lessons = "\n".join(f"  - \"{n}: {sentence * 4}\"" for n in range(1, 9))
    return portal.write(f"practices/{practice_id}.{language}.md", f"""---
translation:
  status: machine
  by: a translation tool
  source: 000000000000
title: "{(sentence * 2).strip()}"
summary: "{(sentence * 6)[:598].strip()}"
lessons:
{lessons}
---
""")


def test_a_worst_case_brief_in_another_language_is_cut_in_its_words_and_its_pdf_has_one_page(mini) -> None:
    worst_case_practice(mini)
    worst_case_translation(mini)
    files = render_steps(mini.root, "sq", ("briefs",), site_url=SITE)
    brief = files["briefs/practices/worst-case-brief/index.html"].decode()
    address = SITE + "sq/practices/worst-case-brief.html"
    # The lead too: a brief in another language keeps LANGUAGE_BUDGET % of each budget.
    assert brief.count(f"vazhdon në faqen e plotë: {address}") == 3
    assert f"Edhe 7 të tjera në faqen e plotë: {address}" in brief
    assert f"Edhe 5 mësime, dhe secili i plotë, në faqen e plotë: {address}" in brief
    # The description has no translation: its sections are in English, and marked so.
    assert re.search(r'<h2>Problemi</h2><p><span lang="en">The council agreed a plan', brief)
    assert '<td><span lang="en">' not in brief and "<li>1: Këshilli miratoi" in brief
    pdf = PdfReader(io.BytesIO(files["downloads/briefs/practices/worst-case-brief.pdf"]))
    assert len(pdf.pages) == 1
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "Verifikuar së fundi: 1 nëntor 2026" in text and "vazhdon në faqen e plotë" in text
    assert "Përkthimi: me makinë, pa u rishikuar nga një folës amtar" in text


def test_contributor_text_is_escaped_on_a_language_brief_inside_and_outside_its_lang_spans(mini) -> None:
    mini.practice(contact="{role: '<img src=x onerror=alert(1)> & co'}",
                  lessons="['<b onclick=alert(2)>Keep</b> the \"same\" people.']")
    mini.write("practices/school-exchange.sq.md", """---
translation: {status: machine, by: a tool, source: 000000000000}
title: "'<script>alert(1)</script> Shkëmbim'"
summary: "Nxënësit <img src=y onerror=alert(3)> shkruajnë."
---
""")
    brief = render_steps(mini.root, "sq", ("briefs",), site_url=SITE)["briefs/practices/school-exchange/index.html"].decode()
    assert "<script" not in brief and "<img" not in brief and "<b " not in brief
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Shkëmbim" in brief and "Nxënësit &lt;img src=y" in brief
    # Left in English: the lesson (untranslated) and the role (no translation has it), escaped inside their span.
    assert '<li><span lang="en">&lt;b onclick=alert(2)&gt;Keep&lt;/b&gt; the &quot;same&quot; people.</span></li>' in brief
    assert '<span lang="en">&lt;img src=x onerror=alert(1)&gt; &amp; co</span>' in brief
