"""Contact details: role addresses only, no phone numbers, shown so that harvesters cannot read them."""

from __future__ import annotations

import pytest

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


def test_an_address_is_shown_obfuscated_never_as_a_mailto_link(mini) -> None:
    mini.write("registry/organisations/test.yml", """
        - id: ks
          name: KS
          kind: association
          country: NO
          contact: {role: International office, email: international@ks.example}
        """)
    mini.practice(contact="{organisation: ks, email: post@gran.kommune.example}")
    assert build(mini.root, quiet=True).ok
    practice = (mini.root / "site/practices/school-exchange.html").read_text(encoding="utf-8")
    organisation = (mini.root / "site/organisations/ks.html").read_text(encoding="utf-8")
    assert "post [at] gran [dot] kommune [dot] example" in practice
    assert "international [at] ks [dot] example" in organisation
    for page in (practice, organisation):
        assert "mailto:" not in page
        assert "@gran.kommune" not in page and "@ks.example" not in page
