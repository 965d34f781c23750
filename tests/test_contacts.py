"""Contact details: role addresses only, no phone numbers, shown so that harvesters cannot read them."""

from __future__ import annotations

import pytest

from conftest import serve_folder
from generator.build import build, check
from generator.problems import Severity


@pytest.mark.parametrize("role", ["Call +47 22 33 44 55", "Phone 22334455", "(030) 123-4567", "tel:+4722334455"])
def test_a_phone_number_in_a_contact_is_an_error(mini, role) -> None:
    mini.practice(contact=f"{{organisation: ks, role: '{role}'}}")
    _, problems = check(mini.root)
    assert any(p.field == "contact.role" and "phone" in p.message and p.severity is Severity.error
               for p in problems), problems


def test_years_in_a_role_are_not_a_phone_number(mini) -> None:
    mini.practice(contact="{organisation: ks, role: 'International office 2019-2021'}")
    assert check(mini.root)[1] == []


def test_a_personal_looking_address_is_a_warning(mini) -> None:
    mini.practice(contact="{organisation: ks, email: kari.nordmann@gran.kommune.example}")
    _, problems = check(mini.root)
    assert [(p.field, p.severity) for p in problems] == [("contact.email", Severity.warning)]
    assert "personal" in problems[0].message


def test_a_role_address_passes(mini) -> None:
    mini.practice(contact="{organisation: ks, email: international.office@gran.kommune.example}")
    assert check(mini.root)[1] == []


@pytest.fixture
def contact_site(mini):
    """A built portal whose practice and organisation give contact addresses."""
    mini.write("registry/organisations/test.yml", """
        - id: ks
          name: KS
          kind: association
          country: NO
          contact: {role: International office, email: international@ks.example}
        """)
    mini.practice(contact="{organisation: ks, email: post@gran.kommune.example}")
    assert build(mini.root, quiet=True).ok
    return mini.root / "site"


def test_an_address_is_in_the_page_only_in_halves_and_as_readable_text(contact_site) -> None:
    practice = (contact_site / "practices/school-exchange.html").read_text(encoding="utf-8")
    organisation = (contact_site / "organisations/ks.html").read_text(encoding="utf-8")
    assert "post [at] gran [dot] kommune [dot] example" in practice
    assert "international [at] ks [dot] example" in organisation
    assert 'data-portal-email-user="post" data-portal-email-domain="gran.kommune.example"' in practice
    for page in (practice, organisation):
        assert "mailto:" not in page
        assert "@gran.kommune" not in page and "@ks.example" not in page


def test_an_address_becomes_a_working_link_for_people(browser, contact_site) -> None:
    with serve_folder(contact_site) as url:
        page = browser.new_page()
        page.goto(url + "practices/school-exchange.html")
        link = page.locator(".portal-email a")
        assert link.get_attribute("href") == "mailto:post@gran.kommune.example"
        assert link.inner_text() == "post@gran.kommune.example"
        page.goto(url + "organisations/ks.html")
        assert page.locator(".portal-email a").get_attribute("href") == "mailto:international@ks.example"
        page.close()


def test_without_script_the_address_reads_as_text(browser, contact_site) -> None:
    with serve_folder(contact_site) as url:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(url + "practices/school-exchange.html")
        assert page.locator(".portal-email").inner_text() == "post [at] gran [dot] kommune [dot] example"
        assert page.locator(".portal-email a").count() == 0
        context.close()


def test_an_address_cannot_break_out_of_its_attributes(browser, mini) -> None:
    """The address check lets quotes through (they are legal before the @): the page escapes them."""
    mini.practice(contact="""{organisation: ks, email: 'x"onclick="alert(1)@gran.example'}""")
    assert build(mini.root, quiet=True).ok
    with serve_folder(mini.root / "site") as url:
        page = browser.new_page()
        page.goto(url + "practices/school-exchange.html")
        span = page.locator(".portal-email")
        assert span.evaluate("node => node.getAttributeNames()") == [
            "class", "data-portal-email-user", "data-portal-email-domain", "data-portal-ready"]
        assert span.get_attribute("data-portal-email-user") == 'x"onclick="alert(1)'
        assert page.locator(".portal-email a").get_attribute("href").startswith("mailto:x")
        page.close()
