"""Stage 4: the Markdown pages readers see, linked both ways, and made safe."""

from __future__ import annotations

import datetime as dt
import re

import markdown

from generator.catalog import link
from generator.load import load
from generator.render import render
from generator.validate import validate


def _pages(root):
    catalog, problems = link(validate(load(root)), dt.date(2026, 11, 24))
    assert not problems, problems
    return {path: data.decode("utf-8") for path, data in render(catalog).files.items() if path.endswith(".md")}


def test_practice_page_links_its_municipalities_network_and_themes(mini):
    mini.network()
    mini.practice(network="gran-mukono")
    page = _pages(mini.root)["practices/school-exchange.md"]
    assert "# School exchange" in page
    assert "[Gran](../municipalities/gran.md)" in page
    assert "[Gran–Mukono partnership](../networks/gran-mukono.md)" in page
    assert "[Education](../themes/education.md)" in page
    assert "[Norway](../countries/no.md), [Uganda](../countries/ug.md)" in page
    assert "Last verified" in page and "2026-11-01" in page


def test_municipality_page_lists_its_networks_and_practices(mini):
    mini.network()
    mini.practice(network="gran-mukono")
    page = _pages(mini.root)["municipalities/mukono.md"]
    assert "[Gran–Mukono partnership](../networks/gran-mukono.md)" in page
    assert "[School exchange](../practices/school-exchange.md)" in page


def test_network_page_shows_stages_members_by_role_action_plan_and_results(mini):
    mini.network(extra="""
        cycle:
          self-assessment: {status: done, when: "2000"}
          improvement: {status: ongoing}
        action_plan:
          goal: Better school results
          beneficiaries: Pupils
          activities:
            - activity: Pair the schools
              responsible: Education office
              deadline: 2001-06
              challenges: Post is slow
              mitigation: Use e-mail
              resources: Two teachers
              results: Ten letters a year
        """)
    mini.write("networks/gran-mukono/results-2012.yml", """
        network: gran-mukono
        title: Has it been worth it?
        year: 2012
        summary: Both sides gained.
        findings:
          individual: [Teachers learned new methods.]
        benefits:
          - member: gran
            benefits: [Global awareness in schools]
        sources: [{title: Study}]
        last_verified: 2026-11-01
        """)
    pages = _pages(mini.root)
    page = pages["networks/gran-mukono.md"]
    assert "portal-cycle__step--done" in page and "portal-cycle__step--ongoing" in page
    assert "Clustering into networks" in page  # a stage not recorded is still shown
    assert "Partners</p>\n\n- [Gran](../municipalities/gran.md)\n\n- [Mukono](../municipalities/mukono.md)\n" in page
    row = re.search(r'<tr role="row" markdown="1">(<td[^>]*>Pair the schools</td>.*?)</tr>', page)[1]
    assert re.findall(r"<td[^>]*>(.*?)</td>", row) == [
        "Pair the schools", "Education office", "2001\\-06", "Post is slow", "Use e\\-mail", "Two teachers", "Ten letters a year"]
    assert "[Has it been worth it?](../results/gran-mukono-results-2012.md)" in page
    results = pages["results/gran-mukono-results-2012.md"]
    assert "## Findings at individual level" in results
    assert "**[Gran](../municipalities/gran.md)**" in results


def test_text_fields_cannot_become_markup_links_or_template_code(mini):
    mini.practice(title='"{{ 7*7 }} <script>alert(1)</script>"',
                  summary='"[click](javascript:alert(1)) <img src=x onerror=alert(1)>"')
    page = _pages(mini.root)["practices/school-exchange.md"]
    front_matter, page = page.split("\n---\n", 1)
    assert 'description: "[click](javascript:alert(1)) &lt;img' in front_matter  # a quoted, escaped string
    assert "\\{\\{ 7\\*7 \\}\\}" in page
    html = markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html"])
    assert "<script" not in html
    assert not re.search(r"<[^>]+\son\w+=", html)  # no event handler attribute on any element
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', html))
    assert "[click](javascript:alert(1))" in html  # shown as the text it is


def test_rendering_is_deterministic(mini):
    mini.network()
    mini.practice(network="gran-mukono")
    assert _pages(mini.root) == _pages(mini.root)


GITHUB_MARKDOWN_BODY = """\
Before the lists:
- GitHub starts a list here, without a blank line
- second item

## Steps with *emphasis*

> [!WARNING]
> Check who owns the premises first.

- [ ] agree the aim
- [x] name a focal point

A claim.[^1]

[^1]: The source, page 4.
"""


def test_record_text_is_github_markdown_as_a_pull_request_preview_shows_it(mini):
    mini.practice(body=GITHUB_MARKDOWN_BODY)
    page = _pages(mini.root)["practices/school-exchange.md"]
    assert "<li>GitHub starts a list here, without a blank line</li>" in page
    assert "\n## Steps with emphasis\n" in page  # a heading of the page's table of contents, as plain text
    assert '<div class="admonition warning">\n<p class="admonition-title">Warning</p>\n' \
           "<p>Check who owns the premises first.</p>" in page
    assert "<li>☐ agree the aim</li>" in page and "<li>☑ name a focal point</li>" in page
    assert re.search(r'<a href="#fn-1" id="fnref-1"[^>]*>1</a>', page)
    assert re.search(r'<li id="fn-1">\s*<p>The source, page 4\. <a href="#fnref-1"', page)


def test_contributed_ids_are_kept_only_for_footnotes(mini):
    mini.practice(body='<p id="content">x</p> <a id="fnref-2" href="#fn-2">2</a>\n')
    page = _pages(mini.root)["practices/school-exchange.md"]
    assert 'id="content"' not in page
    assert 'id="fnref-2"' in page


def test_guides_are_github_markdown_with_titled_alerts(mini):
    mini.write("content/how-to.md", """
        # How to

        > [!TIP] Start small
        > Pick one service.

        **Focal point**: the person a municipality names.
        """)
    page = _pages(mini.root)["guides/how-to.md"]
    assert '<div class="admonition tip">\n<p class="admonition-title">Start small</p>\n<p>Pick one service.</p>' in page
    assert "<strong>Focal point</strong>: the person a municipality names." in page


def test_mkdocs_boxes_in_a_guide_are_a_warning(mini):
    from generator.build import check

    mini.write("content/how-to.md", '# How to\n\n!!! tip "Start small"\n    Pick one service.\n')
    [problem] = check(mini.root)[1]
    assert problem.file == "content/how-to.md" and problem.line == 3 and "MkDocs syntax" in problem.message


def test_network_page_says_whether_and_how_a_municipality_can_join(mini):
    mini.network(extra="""
        joining:
          open: true
          conditions: A self-assessment first.
          how: Ask the host.
          as_of: 2009
        """)
    page = _pages(mini.root)["networks/gran-mukono.md"]
    assert "Joining\n:   Takes new members \\(as of 2009\\). A self\\-assessment first\\. Ask the host\\.\n\n" in page


def test_caf_tool_data_carries_whether_a_network_takes_new_members(mini):
    from generator.render import caf_tool

    mini.network(extra="joining: {open: false}\n")
    catalog, _ = link(validate(load(mini.root)), dt.date(2026, 11, 24))
    from generator.render import Renderer

    data, _ = caf_tool.catalogue(Renderer(catalog))
    rows = {row[0]: row for row in data["networks"]}
    assert rows["gran-mukono"][8] == [False, None]
