"""The CAF self-assessment tool (caf/index.html) in a real browser, on the shipped portal: a whole
assessment scored, its proposals checked against an answer computed here from the catalogue by the
rules the page states, the assessment restored from the address alone, given back unchanged by each
download opened again (JSON, CSV, Excel), and printed on A4 without overflow."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from generator.catalog import link
from generator.load import load
from generator.models.common import CAF_SUBCRITERIA
from generator.models.filled import FilledTemplate, template_version
from generator.validate import validate

from test_print import A4, CONTENT_WIDTH_PX, OVERFLOW_PROBE

PAGE = "caf/index.html"
# A whole assessment: most sub-criteria well advanced, six at 50 or less (the five lowest are the weak points).
SCORES = {code: str(60 + (n * 7) % 40) for n, code in enumerate(CAF_SUBCRITERIA)}
SCORES.update({"4.1": "10", "3.2": "20", "1.4": "25", "5.2": "30", "2.3": "40", "6.1": "45"})
OWN = "Gran"  # the assessing municipality: never proposed as its own peer
TEXTS = {"1.1": ("A vision adopted with staff; \"values\" on the website.", "=SUM(A1) is not a formula here"),
         "9.2": ("Costs per case fall, 2019–2023.\nSecond line: Čapljina, Sölvesborg.", "")}
HEADER = {"municipality": OWN, "date": "2026-11-30", "prepared-by": "Self-assessment team", "version": "2"}


def _value(choice) -> str:
    return getattr(choice, "value", choice)


def expected_proposals(root: Path) -> dict[str, list[str]]:
    """What the page must propose, computed from the catalogue by the rules written on the page."""
    catalog, _ = link(validate(load(root)))
    scored = [code for code in CAF_SUBCRITERIA if int(SCORES[code]) <= 50]
    weak = sorted(scored, key=lambda c: (int(SCORES[c]), CAF_SUBCRITERIA.index(c)))[:5]

    def strength(p) -> int:
        figures = 2 if p.results and any(i.figures for i in p.results.indicators) else 0
        taken_up = min(3, sum(1 for t in p.transfers if _value(t.outcome) != "failed"))
        return figures + taken_up + {"scaled": 2, "implemented": 1}.get(_value(p.status), 0)

    hits = {pid: set(rec.model.caf) & set(weak) for pid, rec in catalog.practices.items()}
    hits = {pid: found for pid, found in hits.items() if found}
    practices = sorted(hits, key=lambda pid: (-len(hits[pid]), -strength(catalog.practices[pid].model), pid))[:10]
    shown_themes = {t for pid in practices for t in catalog.practices[pid].model.themes}
    networks = []
    for nid, rec in catalog.networks.items():
        mine = [pid for pid in hits if nid in catalog.practices[pid].model.network_ids()]
        covered = set().union(*(hits[pid] for pid in mine)) if mine else set()
        themes = set(rec.model.themes) & shown_themes
        if mine or themes:
            networks.append(((-len(covered), -len(mine), -len(themes), nid), nid))
    own_ids = {mid for mid, rec in catalog.municipalities.items() if rec.model.name.lower() == OWN.lower()}
    peers: dict[str, tuple[set, int]] = {}
    for pid, found in hits.items():
        for mid in dict.fromkeys(catalog.practices[pid].model.municipalities):
            if mid in catalog.municipalities and mid not in own_ids:
                covered, count = peers.get(mid, (set(), 0))
                peers[mid] = (covered | found, count + 1)
    return {"weak": weak, "practices": practices, "networks": [nid for _, nid in sorted(networks)[:8]],
            "peers": sorted(peers, key=lambda m: (-len(peers[m][0]), -peers[m][1], m))[:10], "own": sorted(own_ids)}


@pytest.fixture
def tool(browser, site_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(site_url + PAGE)
    page.locator(".portal-caf__row").first.wait_for()
    yield context, page, errors
    context.close()


def _settled(page) -> None:
    """Wait until the proposals for the latest change are on the page (their titles load on demand)."""
    page.wait_for_function("() => { const root = document.querySelector('[data-portal-caf]');"
                           " return root.dataset.proposed === root.dataset.generation; }")


def _fill(page) -> None:
    for key, value in HEADER.items():
        page.locator(f"#caf-header-{key}").fill(value)
    for code, value in SCORES.items():
        page.locator(f"#caf-{code.replace('.', '-')}-score").fill(value)
    for code, (strengths, improvements) in TEXTS.items():
        page.locator(f"#caf-{code.replace('.', '-')}-strengths").fill(strengths)
        page.locator(f"#caf-{code.replace('.', '-')}-improvements").fill(improvements)
    _settled(page)


def _read(page) -> dict:
    """Everything the sheet holds, as the person sees it in the fields."""
    return page.evaluate("""() => {
      const out = {header: {}, rows: {}};
      document.querySelectorAll('.portal-caf__header input').forEach(i => { out.header[i.id] = i.value; });
      document.querySelectorAll('.portal-caf__row').forEach(row => {
        out.rows[row.dataset.code] = [...row.querySelectorAll('input, textarea')].map(c => c.value); });
      return out; }""")


def _ids(page, section: str) -> list[str]:
    hrefs = page.locator(f".portal-caf__{section} li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [href.rsplit("/", 1)[1].removesuffix(".html") for href in hrefs]


def test_a_scored_assessment_proposes_practices_networks_and_peers_from_the_data(tool, shipped_site: Path) -> None:
    _context, page, errors = tool
    _fill(page)
    expected = expected_proposals(shipped_site)
    weak_items = page.locator(".portal-caf__weak li").all_text_contents()
    assert [item.split(" ", 1)[0] for item in weak_items] == expected["weak"]
    assert expected["practices"] and _ids(page, "practices") == expected["practices"]
    assert expected["networks"] and _ids(page, "networks") == expected["networks"]
    assert expected["peers"] and _ids(page, "peers") == expected["peers"]
    assert expected["own"] and not set(expected["own"]) & set(_ids(page, "peers"))
    # Each proposal says why it was chosen: the weak points it addresses, by their codes.
    first = page.locator(".portal-caf__practices li").first.locator(".portal-caf__why").text_content()
    assert "weak point" in first and any(code in first for code in expected["weak"])
    networks = page.locator(".portal-caf__networks li .portal-caf__facts").all_text_contents()
    assert all("learning-cycle step:" in text for text in networks)
    # The chart draws a bar for every score above zero, the weak points in black.
    assert page.locator(".portal-caf__chart rect.bar").count() == len(CAF_SUBCRITERIA)
    assert page.locator(".portal-caf__chart rect.bar[fill=currentColor]").count() == 5
    assert errors == []


def test_the_address_alone_restores_the_assessment(tool, browser) -> None:
    _context, page, errors = tool
    _fill(page)
    filled = _read(page)
    page.reload()
    page.locator(".portal-caf__row").first.wait_for()
    assert _read(page) == filled
    # In a browser that has never seen it (no localStorage), the address brings it all back.
    address = page.url
    assert "#v1." in address
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        fresh = other.new_page()
        fresh.goto(address)
        fresh.locator(".portal-caf__row").first.wait_for()
        assert _read(fresh) == filled
        _settled(fresh)
        assert _ids(fresh, "practices") == _ids(page, "practices")
    finally:
        other.close()
    assert errors == []


def _download(page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def _open_file(page, path: Path) -> str:
    page.locator("#caf-open").set_input_files(str(path))
    status = page.locator(".portal-caf__status")
    status.filter(has_text="pen").wait_for()
    return status.text_content()


def _clear(page) -> None:
    page.get_by_role("button", name="Start again").click()
    page.get_by_role("button", name="Yes, clear it").click()
    assert page.locator("#caf-1-1-score").input_value() == ""


@pytest.mark.parametrize("label, suffix", [("Download JSON", "json"), ("Download CSV", "csv"),
                                           ("Download Excel", "xlsx")])
def test_a_download_opened_again_gives_the_assessment_back_unchanged(tool, shipped_site: Path, tmp_path: Path,
                                                                     label: str, suffix: str) -> None:
    _context, page, errors = tool
    _fill(page)
    filled = _read(page)
    data = _download(page, label)
    saved = tmp_path / f"assessment.{suffix}"
    saved.write_bytes(data)
    _check_file(shipped_site, suffix, data)
    _clear(page)
    status = _open_file(page, saved)
    assert status.startswith("Opened"), status
    assert "Note" not in status
    assert _read(page) == filled
    assert errors == []


def _check_file(root: Path, suffix: str, data: bytes) -> None:
    """The download is the portal's own shape: FilledTemplate, the template's CSV columns, its workbook."""
    catalog, _ = link(validate(load(root)))
    template = catalog.templates["caf-self-assessment"].model
    blank = root / "site/downloads/templates/caf-self-assessment"
    if suffix == "json":
        filled = FilledTemplate.model_validate(json.loads(data))
        assert filled.template == "caf-self-assessment" and filled.template_version == template_version(template)
        rows = filled.tables["assessment"]
        assert len(rows) == 28 and rows[0]["group"] == "1 Leadership"
        assert {r["subcriterion"].split(" ")[0]: r["score"] for r in rows} == SCORES
        assert filled.header == HEADER
    elif suffix == "csv":
        assert data.startswith("\ufeff".encode())
        ours = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        portal = list(csv.reader(io.StringIO(blank.with_suffix(".csv").read_text(encoding="utf-8-sig"))))
        assert len(ours) == len(portal) and [r[:1] for r in ours] == [r[:1] for r in portal]  # the same blocks and rows
        heading = next(i for i, r in enumerate(ours) if r[:2] == ["Table", "assessment"]) + 1
        assert ours[heading] == portal[heading]  # the same columns
        assert [r[:2] for r in ours[heading:]] == [r[:2] for r in portal[heading:]]  # the same sub-criteria
        assert ours[6][:2] == ["Municipality", OWN]
        row = next(r for r in ours if r[1:2] and r[1].startswith("1.1 "))
        assert row[2:] == [TEXTS["1.1"][0], "'" + TEXTS["1.1"][1], SCORES["1.1"]]  # a formula-like text is defused
    else:
        book = load_workbook(io.BytesIO(data))
        portal = load_workbook(blank.with_suffix(".xlsx"))
        assert book.sheetnames == portal.sheetnames
        sheet = book[book.sheetnames[1]]
        scores = {sheet.cell(r, 2).value.split(" ")[0]: sheet.cell(r, 5).value for r in range(2, 30)}
        assert scores == {code: int(value) for code, value in SCORES.items()}
        assert sheet.cell(2, 3).value == TEXTS["1.1"][0]
        assert book[book.sheetnames[0]].cell(3, 2).value == OWN


def test_a_file_that_is_not_an_assessment_changes_nothing(tool, tmp_path: Path) -> None:
    _context, page, _errors = tool
    _fill(page)
    filled = _read(page)
    wrong = tmp_path / "notes.json"
    wrong.write_text('{"format": "something else"}', encoding="utf-8")
    status = _open_file(page, wrong)
    assert status.startswith("Could not open notes.json") and "Nothing was changed" in status
    assert _read(page) == filled


def test_the_result_prints_on_a4_without_overflow(tool) -> None:
    _context, page, errors = tool
    _fill(page)
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages} == {A4}
    texts = [" ".join(p.extract_text().split()) for p in pdf.pages]
    sheet_pages = [i for i, text in enumerate(texts) if "1.1 Setting direction" in text]
    chart_page = next(i for i, text in enumerate(texts) if "Scores at a glance" in text)
    assert sheet_pages and sheet_pages[0] < chart_page
    assert "9.2" in texts[chart_page] and "1.1" in texts[chart_page]  # the whole chart on its one page
    assert TEXTS["1.1"][0].split(";")[0] in " ".join(texts[:chart_page])  # the filled sheet, with its texts
    assert not any("Download JSON" in text for text in texts)  # no controls in print
    page.emulate_media(media="print")
    width = CONTENT_WIDTH_PX[False]
    page.set_viewport_size({"width": int(width), "height": 1100})
    assert page.evaluate(OVERFLOW_PROBE, width) == []
    assert errors == []


def test_texts_too_long_for_the_address_stay_in_the_browser_and_the_address_keeps_the_scores(tool, browser) -> None:
    import random

    _context, page, errors = tool
    _fill(page)
    rnd = random.Random(13)  # letters in no order: deflate cannot pack 20,000 of them under the address limit
    long_text = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(20_000))
    page.locator("#caf-2-1-strengths").fill(long_text)
    _settled(page)
    assert "too long for the page address" in page.locator(".portal-caf__address").text_content()
    address = page.url
    assert len(address.split("#", 1)[1]) == len("v1.") + 2 * len(CAF_SUBCRITERIA)  # the scores only
    page.reload()
    page.locator(".portal-caf__row").first.wait_for()
    assert page.locator("#caf-2-1-strengths").input_value() == long_text  # this browser kept the texts
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        fresh = other.new_page()
        fresh.goto(address)
        fresh.locator(".portal-caf__row").first.wait_for()
        seen = _read(fresh)
        assert {code: values[-1] for code, values in seen["rows"].items()} == SCORES
        assert fresh.locator("#caf-2-1-strengths").input_value() == ""
    finally:
        other.close()
    assert errors == []
