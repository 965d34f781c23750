"""Every printed page of every kind of page carries the page's address and "page n of m"."""

from __future__ import annotations

import subprocess

import pytest

from page_kinds import every_page_kind

SITE_URL = "https://inter-municipal-learning.github.io/good-practice-portal/"  # mkdocs.yml site_url


def _pages_text(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def test_every_printed_page_names_its_address_and_its_number(browser, shipped_site, site_url, tmp_path) -> None:
    page = browser.new_page()
    wrong = []
    for path in every_page_kind(shipped_site / "site"):
        if path == "404.html":
            continue
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        printed = _pages_text(page.pdf(format="A4", prefer_css_page_size=True), tmp_path)
        for number, text in enumerate(printed, 1):
            footer = " ".join(text.split())
            if SITE_URL + path not in footer or f"page {number} of {len(printed)}" not in footer:
                wrong.append(f"{path}, printed page {number} of {len(printed)}: {footer[-200:]!r}")
    page.close()
    assert not wrong, "\n".join(wrong)
