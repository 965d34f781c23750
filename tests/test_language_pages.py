"""What a language's docs folder holds (render stage, issue 14): its translated records, every fixed
page, index pages that list every record with the translated ones first, links to the English site
for the rest, notices and `lang` where text stays in its original language, `translations:` front matter."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
from pathlib import Path

import pytest

from generator.build import check, render_options
from generator.problems import errors
from generator.render import RENDER_STEPS, render
from generator.render.languages import STEP_LANGUAGES, step_key

from conftest import REPO, MiniPortal

TRANSLATED_PRACTICE = "practices/bih-monthly-thematic-networks.md"  # practices/bih-monthly-thematic-networks.sh.md
UNTRANSLATED_PRACTICE = "practices/bih-caf-self-assessment-entry.md"  # in English only


@pytest.fixture(scope="module")
def shipped() -> dict:
    """The shipped portal rendered in English and in Bosnian/Croatian/Serbian: path -> text (pages) or bytes."""
    catalog, problems = check(REPO)
    assert not errors(problems), errors(problems)
    options = render_options(REPO)
    docs = {language: render(catalog, dataclasses.replace(options, language=language)).files
            for language in ("en", "sh")}
    return {"catalog": catalog, **docs}


def _text(files: dict, path: str) -> str:
    return files[path].decode("utf-8")


def _front_matter(text: str) -> str:
    return text.split("\n---\n", 1)[0]


def test_every_render_step_says_in_which_languages_it_runs() -> None:
    unclassified = [step_key(step) for step in RENDER_STEPS
                    if not getattr(step, "languages", None) and step_key(step) not in STEP_LANGUAGES]
    assert unclassified == []


def test_a_language_holds_its_translated_records_and_the_fixed_pages_only(shipped: dict) -> None:
    sh, en = shipped["sh"], shipped["en"]
    page = _text(sh, TRANSLATED_PRACTICE)
    assert "\n# Tematske mreže od 6 do 12 općina koje se sastaju svakog mjeseca" in page
    assert UNTRANSLATED_PRACTICE not in sh and UNTRANSLATED_PRACTICE in en
    assert "networks/bih-inter-municipal-learning-networks.md" in sh
    for fixed in ("index.md", "practices/index.md", "networks/index.md", "results/index.md", "themes/index.md",
                  "countries/index.md", "municipalities/index.md", "organisations/index.md", "guides/index.md",
                  "templates/index.md", "templates/action-plan.md", "contribute/index.md", "reference/fields.md",
                  "reference/choices.md", "data/index.md", "propose/index.md", "accessibility.md", "caf/index.md",
                  "practices/index-data.js"):
        assert fixed in sh, fixed
    # Nothing of the per-entity pages and open data files: the English site has them.
    for folder in ("municipalities/", "organisations/", "countries/", "themes/", "portfolios/",
                   "data/", "schemas/"):
        extra = [path for path in sh if path.startswith(folder) and not path.endswith("index.md")]
        assert extra == [], (folder, extra[:3])
    # Of the briefs and printable plans, those of its translated records (briefs.py, downloads.py plans).
    brief = "briefs/" + TRANSLATED_PRACTICE.removesuffix(".md") + "/index.html"
    assert sorted(path for path in sh if path.startswith(("briefs/", "downloads/briefs/"))) == [
        brief, "downloads/briefs/" + TRANSLATED_PRACTICE.replace(".md", ".pdf")]  # it has key figures: a PDF
    translated_plans = {f"plans/{nid}-action-plan.md" for nid in shipped["catalog"].networks
                        if f"networks/{nid}.md" in sh and shipped["catalog"].networks[nid].model.action_plan}
    assert {path for path in sh if path.startswith("plans/")} == translated_plans
    assert "feed.xml" not in sh and "practices/index.json" not in sh


def test_a_translated_record_page_shows_its_translation_status_and_links_to_the_original(shipped: dict) -> None:
    page = _text(shipped["sh"], TRANSLATED_PRACTICE)
    notice = re.search(r'<p class="portal-language-notice"[^>]*>(.*?)</p>', page).group(1)
    assert "nije je pregledao izvorni govornik" in notice  # a machine translation says so, in the language
    assert 'href="../../practices/bih-monthly-thematic-networks.html" hreflang="en"' in notice
    # On paper the link leads nowhere: the original's published address is printed after it (print.css).
    assert re.search(r'<span class="portal-print-address"> https://[^<"]+/practices/bih-monthly-thematic-networks\.html</span>',
                     notice)
    assert "Misija OSCE-a potiče općine" in page  # the body is the translation's


def test_untranslated_text_of_a_translated_record_keeps_its_language(mini: MiniPortal) -> None:
    mini.practice(body="## Context\n\nTwo schools paired up.\n")
    catalog, _ = check(mini.root)
    from generator.translations import source_digest
    digest = source_digest(catalog.practices["school-exchange"])
    mini.write("practices/school-exchange.sq.md",  # the title only: summary and body stay English
               f"---\ntranslation:\n  status: human\n  by: a tester\n  source: {digest}\n"
               "title: Shkëmbim shkollash\n---\n")
    catalog, problems = check(mini.root)
    assert not errors(problems), problems
    files = render(catalog, dataclasses.replace(render_options(mini.root), language="sq")).files
    page = _text(files, "practices/school-exchange.md")
    assert "\n# Shkëmbim shkollash\n" in page
    body = re.search(r'<div lang="en" markdown>(.*?)</div>\n</div>|<div lang="en" markdown>(.*?)\n\n</div>',
                     page, re.S)
    assert body and "Two schools paired up." in page[body.start():body.end()]
    notice = re.search(r'<p class="portal-language-notice"[^>]*>(.*?)</p>', page).group(1)
    assert 'href="../../practices/school-exchange.html"' in notice
    assert notice.count("<a ") == 1


def _translated_name_only(mini: MiniPortal, kind: str, record_id: str, path: str, text: str) -> dict:
    """Renders Albanian after adding a translation of `path` that gives `text` (its name or title) and nothing else."""
    from generator.translations import source_digest
    catalog, _ = check(mini.root)
    digest = source_digest(getattr(catalog, kind)[record_id])
    mini.write(path, f"translation:\n  status: human\n  by: a tester\n  source: {digest}\n{text}\n"
               if path.endswith(".yml") else f"---\ntranslation:\n  status: human\n  by: a tester\n"
               f"  source: {digest}\n{text}\n---\n")
    catalog, problems = check(mini.root)
    assert not errors(problems), problems
    return render(catalog, dataclasses.replace(render_options(mini.root), language="sq")).files


def test_a_learning_cycles_untranslated_when_and_note_keep_their_language(mini: MiniPortal) -> None:
    mini.network(extra="""
        cycle:
          clustering:
            status: done
            when: from spring 2009
            note: Four towns met.
          self-assessment:
            status: done
            when: "2010"
        """)
    files = _translated_name_only(mini, "networks", "gran-mukono", "networks/gran-mukono.sq.yml",
                                  "name: Partneriteti Gran–Mukono")
    page = _text(files, "networks/gran-mukono.md")
    assert '<span class="portal-cycle__when" lang="en">from spring 2009</span>' in page
    assert '<span class="portal-cycle__note" lang="en">Four towns met.</span>' in page
    assert '<span class="portal-cycle__when">2010</span>' in page  # a year is in no language
    assert '<p class="portal-summary" lang="en">Two municipalities learning from each other.</p>' in page


def test_short_untranslated_texts_of_a_translated_practice_keep_their_language(mini: MiniPortal) -> None:
    mini.practice(lessons="[Start small., Meet every month.]", contact="{organisation: ks, role: International office}")
    files = _translated_name_only(mini, "practices", "school-exchange", "practices/school-exchange.sq.md",
                                  "title: Shkëmbim shkollash")
    page = _text(files, "practices/school-exchange.md")
    assert '- <span lang="en">Start small\\.</span>' in page and '- <span lang="en">Meet every month\\.</span>' in page
    assert '<span lang="en">International office</span>' in page  # a contact's role is never translated
    assert '*<span lang="en">Has it been worth it?</span>*' in page  # a source's title, in the record's language
    assert "\n# Shkëmbim shkollash\n" in page


def test_the_practice_index_lists_every_practice_translated_first(shipped: dict) -> None:
    catalog, sh = shipped["catalog"], shipped["sh"]
    script = _text(sh, "practices/index-data.js")
    data = json.loads(script[script.index("{"):script.rindex("}") + 1])
    column = {name: i for i, name in enumerate(data["columns"])}
    rows = data["practices"]
    assert len(rows) == len(catalog.practices)
    translated = [row[column["id"]] for row in rows if row[column["translated"]]]
    assert translated == ["bih-monthly-thematic-networks"]
    assert rows[0][column["title"]].startswith("Tematske mreže")
    assert data["original"] == {"prefix": "../../practices/", "language": "en"}
    page = _text(sh, "practices/index.md")
    assert '<li><a href="bih-monthly-thematic-networks.html">Tematske' in page  # no script: its own page first
    assert ('<a href="../../practices/bih-caf-self-assessment-entry.html" lang="en" hreflang="en">'
            in page)  # the rest: in English, marked so, on the English site
    assert "portal-language-notice" in page


def test_networks_and_results_indexes_list_every_record_translated_first(shipped: dict) -> None:
    catalog, sh = shipped["catalog"], shipped["sh"]
    page = _text(sh, "networks/index.md")
    names = re.findall(r'<td class="portal-table__name"><a href="([^"]+)"', page)
    assert len(names) == len(catalog.networks)
    assert names[0] == "bih-inter-municipal-learning-networks.html"
    assert all(href.startswith("../../networks/") for href in names[1:])
    results = _text(sh, "results/index.md")
    assert len(re.findall(r'<td class="portal-table__name">', results)) == len(catalog.results)


def _links(text: str) -> list[str]:
    markdown = re.findall(r"(?<!!)\]\(([^()\s]+)\)", text)
    html = re.findall(r'\b(?:href|src)="([^"]*)"', text)
    return [link for link in markdown + html if not re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", link)]


def _docs_file(path: str) -> str:
    path = path.split("#")[0].split("?")[0]
    if path.endswith("/"):
        path += "index.html"
    return path[:-5] + ".md" if path.endswith(".html") and not path.startswith("briefs/") else path


def test_every_link_of_a_language_resolves_in_it_or_on_the_english_site(shipped: dict) -> None:
    sh, en = shipped["sh"], shipped["en"]
    broken, english = [], 0
    for path, content in sh.items():
        if not path.endswith(".md"):
            continue
        folder = posixpath.dirname(path)
        for link in _links(content.decode("utf-8")):
            address = link.split("#")[0].split("?")[0] or posixpath.basename(path)
            target = posixpath.normpath(posixpath.join(folder, address))
            if target.startswith("../"):  # the English site, one folder up
                english += 1
                if _docs_file(target[3:]) not in en:
                    broken.append((path, link))
                if target.endswith(".md"):
                    broken.append((path, link, "English pages are .html"))
            elif _docs_file(target) not in sh and target not in sh:
                broken.append((path, link))
    assert broken == []
    assert english > 100  # the registry, themes, countries, briefs and untranslated records


def test_links_to_the_english_site_are_raw_html_which_mkdocs_does_not_check(shipped: dict) -> None:
    page = _text(shipped["sh"], TRANSLATED_PRACTICE)
    markdown_targets = re.findall(r"(?<!!)\]\(([^()\s]+)\)", page)
    assert not [target for target in markdown_targets if target.startswith("../../")]
    # Its brief is the language's own (briefs.py); a brief of an untranslated record is the English site's.
    assert "(../briefs/practices/bih-monthly-thematic-networks/index.html){ .portal-brief-link }" in page


def test_pages_list_the_languages_they_exist_in(shipped: dict) -> None:
    en, sh = shipped["en"], shipped["sh"]
    assert "translations: [en, sh]\n" in _front_matter(_text(en, TRANSLATED_PRACTICE))
    assert "translations: [en, sh]\n" in _front_matter(_text(sh, TRANSLATED_PRACTICE))
    assert "translations:" not in _front_matter(_text(en, UNTRANSLATED_PRACTICE))
    assert "translations: [en, sq, sh, mk, nb]\n" in _front_matter(_text(en, "practices/index.md"))
    assert "translations:" not in _front_matter(_text(en, "themes/education.md"))


def test_english_pages_are_as_before_but_for_their_translations_line(shipped: dict) -> None:
    """Only the line that lists a page's languages is new on an English page (issue 14)."""
    for path, content in shipped["en"].items():
        if path.endswith(".md"):
            text = content.decode("utf-8")
            assert "portal-language-notice" not in text and '<div lang="' not in text, path
            assert 'hreflang="' not in text.replace('hreflang="en"', "") or path.startswith("briefs/"), path


def _guide_portal(mini: MiniPortal) -> MiniPortal:
    mini.practice()
    mini.write("content/learning-cycle.md", "# The learning cycle\n\nFive steps.\n")
    mini.write("content/glossary.md", "# Glossary\n\nWords we use.\n")
    mini.write("content/learning-cycle.sq.md", "# Cikli i të nxënit\n\nPesë hapa.\n")
    return mini


def test_a_guide_translation_is_the_guide_at_its_path_in_that_language(mini: MiniPortal) -> None:
    catalog, problems = check(_guide_portal(mini).root)
    assert not errors(problems), problems
    assert [page.path for page in catalog.pages] == ["glossary.md", "learning-cycle.md"]
    assert set(catalog.page_translations["learning-cycle.md"]) == {"sq"}
    options = render_options(mini.root)
    english = render(catalog, options).files
    assert "guides/learning-cycle.sq.md" not in english
    assert "translations: [en, sq]\n" in _front_matter(_text(english, "guides/learning-cycle.md"))
    albanian = render(catalog, dataclasses.replace(options, language="sq")).files
    assert "# Cikli i të nxënit" in _text(albanian, "guides/learning-cycle.md")
    assert "guides/glossary.md" not in albanian
    index = _text(albanian, "guides/index.md")
    assert "## [Cikli i të nxënit](learning-cycle.md)" in index
    assert '<a href="../../guides/glossary.html" lang="en" hreflang="en">Glossary</a>' in index
    assert '<div lang="en" markdown>' in index  # the untranslated guide's lead
    assert index.index("portal-language-notice") < index.index("## ")  # said once, below the title


def test_an_untranslated_guide_page_of_a_language_says_so_and_keeps_its_language(shipped: dict) -> None:
    page = _text(shipped["sh"], "contribute/index.md")  # content/contributing.md, not translated
    notice = re.search(r'<p class="portal-language-notice"[^>]*>(.*?)</p>', page).group(1)
    assert "još nije prevedena" in notice and "(engleski)" in notice
    assert 'href="../../contribute/index.html" hreflang="en"' in notice
    assert page.index("portal-language-notice") < page.index('<div lang="en" markdown>')


def test_a_guide_translation_without_its_guide_is_an_error(mini: MiniPortal) -> None:
    mini.practice()
    mini.write("content/learning-cycle.nb.md", "# Læringssyklusen\n\nFem steg.\n")
    _, problems = check(mini.root)
    assert [problem.file for problem in errors(problems)] == ["content/learning-cycle.nb.md"]


# Link targets a language rewrites (they lead to pages only English has), hidden where no link may
# be made: inside attribute values, in a summary that becomes the front matter's description, as a
# Markdown-looking text in contributed HTML (with classes of the site's own), in code.
HOSTILE_BODY = (
    '<a href="https://example.org" title="[c](d#/onfocus=alert`2`//)">x</a>\n\n'
    '<span title="[k](l#/style=position:fixed;inset:0//)">s</span>\n\n'
    '<img alt="[i](j#/src=https://evil.example/x.png)" src="https://evil.example/y.png">\n\n'
    '\\[Site notice\\](x){.md-dialog .md-dialog--active}\n\n'
    '```\nSee [the theme](../themes/education.md) and <a href="../practices/none.md">\n```\n'
)
HOSTILE_SUMMARY = 'S [a](b) *e*{: onclick=alert(2) } [t](../themes/x.md)'


def test_a_hostile_translation_cannot_make_a_link_rewrite_open_an_attribute_or_the_front_matter(
        mini: MiniPortal) -> None:
    import yaml
    from generator.translations import source_digest
    mini.practice(body="## Context\n\nTwo schools paired up.\n")
    catalog, _ = check(mini.root)
    digest = source_digest(catalog.practices["school-exchange"])
    mini.write("practices/school-exchange.sq.md",
               f"---\ntranslation:\n  status: human\n  by: a tester\n  source: {digest}\n"
               f"title: Shkëmbim shkollash\nsummary: {json.dumps(HOSTILE_SUMMARY)}\n---\n{HOSTILE_BODY}")
    catalog, problems = check(mini.root)
    assert not errors(problems), problems
    page = _text(render(catalog, dataclasses.replace(render_options(mini.root), language="sq")).files,
                 "practices/school-exchange.md")
    front = yaml.safe_load(_front_matter(page).removeprefix("---\n"))
    assert front["description"].startswith("S [a](b)") and front["translations"] == ["en", "sq"]
    for tag in re.findall(r"<[a-zA-Z][^<>]*>", page.split("\n---\n", 1)[1]):
        attributes = re.findall(r'\s([a-zA-Z-]+)=', re.sub(r'"[^"]*"', '""', tag))
        assert not {"onfocus", "onclick", "style"} & set(attributes), tag
    assert 'class="md-dialog' not in page and "[Site notice](x){.md-dialog" in page  # text, not a link
    assert "https://evil.example/x.png" not in re.findall(r'src="([^"]*)"', page)
    assert '<pre><code>See [the theme](../themes/education.md) and &lt;a href="../practices/none.md"&gt;' in page


def test_reading_a_page_for_links_stays_linear_on_a_line_of_brackets() -> None:
    from generator.render.languages import CrossLinks, Holdings
    catalog, _ = check(REPO)
    links = CrossLinks(Holdings(catalog), "sq")
    body = "---\ntitle: x\n---\n<p>" + "[" * 200_000 + "](x)" + "<a" * 50_000 + "</p>\n"
    assert links.page("practices/x.md", body).startswith("---\ntitle: x\n---\n<p>[[[")  # seconds if quadratic: hours


def test_theme_names_from_the_registry_are_in_the_pages_language(shipped: dict) -> None:
    """The catalogue translates the registry's theme names (tests/test_language_gaps.py: one it does not keeps lang)."""
    page = _text(shipped["sh"], TRANSLATED_PRACTICE)
    themes = re.findall(r'<a href="\.\./\.\./themes/[^"]+\.html"([^>]*)>([^<]*)</a>', page)
    assert themes and all('lang=' not in attributes for attributes, _ in themes)
    assert "Međuopćinska saradnja" in [name for _, name in themes]
    assert 'themes/' not in "".join(re.findall(r'<a href="[^"]*themes/[^"]*"[^>]*lang=', _text(shipped["en"], TRANSLATED_PRACTICE)))
