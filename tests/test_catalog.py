"""Stage 3: references resolved into one catalogue, dangling and duplicate ids reported."""

from __future__ import annotations

import datetime as dt

from generator.catalog import link
from generator.load import load
from generator.problems import Severity
from generator.validate import validate


def _link(root, today=dt.date(2026, 11, 24)):
    return link(validate(load(root)), today)


def test_unknown_ids_get_a_did_you_mean(mini):
    mini.practice(municipalities="[gran, mukno]", themes="[educaton]")
    _, problems = _link(mini.root)
    text = "\n".join(map(str, problems))
    assert "municipalities[1]: unknown id 'mukno' (did you mean 'mukono'?)" in text
    assert "themes[0]: unknown id 'educaton' (did you mean 'education'?)" in text


def test_duplicate_registry_ids_across_files_are_errors(mini):
    mini.write("registry/organisations/more.yml", """
        - id: gran
          name: Gran again
          kind: other
        """)
    _, problems = _link(mini.root)
    [problem] = problems
    assert problem.field == "id" and "duplicate id 'gran'" in problem.message
    assert "registry/municipalities/test.yml:1" in problem.hint


def test_reverse_indexes_link_both_ways(mini):
    mini.network()
    mini.practice(network="gran-mukono")
    catalog, problems = _link(mini.root)
    assert problems == []
    assert catalog.networks_by_member["gran"] == ["gran-mukono"]
    assert catalog.practices_by_member["mukono"] == ["school-exchange"]
    assert catalog.practices_by_network["gran-mukono"] == ["school-exchange"]
    assert catalog.practices_by_theme["education"] == ["school-exchange"]
    assert catalog.practice_countries("school-exchange") == ["NO", "UG"]


def test_results_must_live_in_their_networks_folder(mini):
    mini.network()
    mini.write("networks/gran-mukono/results-2012.yml", """
        network: other-network
        title: Worth it?
        year: 2012
        summary: Yes.
        sources: [{title: Study}]
        last_verified: 2026-11-01
        """)
    _, problems = _link(mini.root)
    assert [p.field for p in problems] == ["network"]
    assert "does not match the folder 'gran-mukono'" in problems[0].message


def test_records_not_verified_for_two_years_are_warnings_not_errors(mini):
    mini.practice(last_verified="2023-01-10")
    _, problems = _link(mini.root)
    [problem] = problems
    assert problem.severity is Severity.warning
    assert "not verified for 3 years" in problem.message
