"""Open data (CSV, JSON, Frictionless data package) and the Atom feed, as a reuser would read them."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from generator.build import build

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import MiniPortal

    mini = MiniPortal(tmp_path_factory.mktemp("exports"))
    mini.write("registry/organisations/test.yml", """
        - id: ks
          name: KS
          kind: association
          country: NO
          contact: {role: International office, email: international@ks.example}
        """)
    mini.practice("older", title="Older practice", last_verified="2025-01-10")
    mini.practice("formula", title="=HYPERLINK(\"http://evil.example\")", summary="\"+cmd|' /C calc'!A0\"",
                  last_verified="2026-10-01", contact="{organisation: ks, email: international@ks.example}")
    mini.network()
    mini.write("networks/gran-mukono/results-2012.yml", """
        network: gran-mukono
        title: What the partnership achieved
        year: 2012
        summary: Both sides gained.
        sources: [{title: Has it been worth it?}]
        last_verified: 2026-11-01
        """)
    assert build(mini.root, quiet=True).ok
    return mini.root / "site"


def _csv(site, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "data" / name).read_text(encoding="utf-8"))))


def test_the_data_package_describes_files_that_exist_with_their_columns(site) -> None:
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    names = {resource["name"] for resource in package["resources"]}
    assert {"practices", "networks", "results", "municipalities", "organisations"} <= names
    for resource in package["resources"]:
        path = site / "data" / resource["path"]
        assert path.exists(), resource["path"]
        if resource["format"] == "csv":
            header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
            assert header == [f["name"] for f in resource["schema"]["fields"]], resource["name"]
        else:
            assert isinstance(json.loads(path.read_text(encoding="utf-8")), list)


def test_csv_rows_hold_the_records(site) -> None:
    practices = {row["id"]: row for row in _csv(site, "practices.csv")}
    assert set(practices) == {"older", "formula"}
    assert practices["older"]["municipalities"] == "gran;mukono"
    assert practices["older"]["countries"] == "NO;UG"
    assert practices["older"]["last_verified"] == "2025-01-10"
    assert [row["id"] for row in _csv(site, "municipalities.csv")] == ["gran", "mukono", "solvesborg"]
    assert _csv(site, "results.csv")[0]["network"] == "gran-mukono"


def test_contributed_text_cannot_become_a_spreadsheet_formula(site) -> None:
    row = next(r for r in _csv(site, "practices.csv") if r["id"] == "formula")
    assert row["title"].startswith("'=") and row["summary"].startswith("'+")


def test_contact_addresses_stay_out_of_the_data(site) -> None:
    for name in ("practices.json", "organisations.json"):
        assert "international@ks.example" not in (site / "data" / name).read_text(encoding="utf-8")
    organisations = json.loads((site / "data/organisations.json").read_text(encoding="utf-8"))
    assert organisations[0]["contact"] == {"role": "International office"}


def test_the_feed_lists_practices_and_results_newest_first_with_content_dates(site) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == ["What the partnership achieved", "=HYPERLINK(\"http://evil.example\")", "Older practice"]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        "2026-11-01T00:00:00Z", "2026-10-01T00:00:00Z", "2025-01-10T00:00:00Z"]
    assert feed.findtext(f"{ATOM}updated") == "2026-11-01T00:00:00Z"
    link = entries[2].find(f"{ATOM}link").get("href")
    assert link.startswith("https://") and link.endswith("/practices/older.html")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 3


def test_the_open_data_page_links_every_file(site) -> None:
    page = (site / "data/index.html").read_text(encoding="utf-8")
    for name in ("practices", "networks", "results", "municipalities", "organisations"):
        assert f'href="{name}.csv"' in page and f'href="{name}.json"' in page
    assert 'href="datapackage.json"' in page and 'href="../feed.xml"' in page


def test_a_language_has_the_open_data_page_but_links_the_english_files_without_writing_its_own(mini, monkeypatch):
    import dataclasses

    from generator.build import check, render_options
    from generator.render import exports, render

    mini.practice()
    catalog, _ = check(mini.root)
    options = render_options(mini.root)
    english = render(catalog, options).files
    # In a language the files would be dropped (they are the English site's): not even computed.
    written = []
    monkeypatch.setattr(exports, "_csv", lambda rows: written.append("csv") or "")
    monkeypatch.setattr(exports, "atom_feed", lambda r: written.append("feed") or b"")
    albanian = render(catalog, dataclasses.replace(options, language="sq")).files
    assert written == []
    assert sorted(path for path in english if path.startswith("data/") or path == "feed.xml") == [
        "data/codebook.csv", "data/datapackage.json", "data/index.md", "data/indicators.csv",
        *(f"data/{name}.{kind}" for name in ("municipalities", "networks", "organisations", "practices", "results")
          for kind in ("csv", "json")), "feed.xml"]
    assert [path for path in albanian if path.startswith("data/") or path == "feed.xml"] == ["data/index.md"]
    page = albanian["data/index.md"].decode("utf-8") if isinstance(albanian["data/index.md"], bytes) \
        else albanian["data/index.md"]
    assert 'href="../../data/practices.csv"' in page and 'href="../../feed.xml"' in page
