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


def _unknown_ids(root):
    return sorted((p.file, p.line, p.column, p.field, p.message, p.hint) for p in _link(root)[1]
                  if p.message.startswith("unknown id"))


def test_ids_of_a_record_with_other_mistakes_are_checked_all_the_same(mini):
    """The raw-data check of a record that failed validation finds what the check of a valid one finds."""
    practice = dict(municipalities="[gran, mukno]", themes="[educaton]", network="nowhere",
                    organisations="[{ref: kss, role: funder}]", transfers="[{municipality: lugazzi}]",
                    contact="{organisation: nobody}", resources="{funding: [{amount: 10, currency: EUR, funder: nof}]}")
    network = """
        themes: [helth]
        people:
          - role: coordinator
            organisation: nobody
        events:
          - name: Visit
            kind: study-visit
            place: grann
        """
    mini.practice(**practice)
    mini.network(extra=network)
    valid = _unknown_ids(mini.root)
    assert len(valid) == 10
    mini.practice(**practice, stage="improvment")
    mini.network(extra=network + "colour: red\n")
    assert _unknown_ids(mini.root) == valid


def test_every_id_field_is_a_checked_reference_or_an_own_id():
    """A new field holding ids of other records must be added to generator/references.py."""
    from pydantic import BaseModel

    from generator.models import MODELS
    from generator.models.common import _bare_id
    from generator.references import target_of

    def annotations(annotation):
        yield annotation
        for argument in getattr(annotation, "__args__", ()) or ():
            yield from annotations(argument)

    seen, todo, unchecked = set(), list(MODELS.values()), set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            todo += [a for a in annotations(info.annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
            holds_ids = "_bare_id" in repr(info.annotation) or any(getattr(m, "func", None) is _bare_id
                                                                     for m in info.metadata)
            if holds_ids and target_of(model, name) is None:
                unchecked.add(f"{model.__name__}.{name}")
    # The records' own ids, and the keys inside a template's tables.
    assert unchecked == {"Municipality.id", "Organisation.id", "Theme.id", "Column.key", "HeaderField.key",
                         "Table.key", "Table.rows", "Table.example", "Group.rows"}


def test_years_of_what_already_happened_may_not_lie_ahead(mini):
    """The README promises that dates in the future are refused: a start, a measurement, a take-up, a join."""
    mini.practice(period="{start: 2031}", sources="[{title: A report, year: 2032}]", transfers="[{municipality: solvesborg, year: 2030, outcome: adopted}]",
                  results="{indicators: [{name: Pupils, unit: pupils, achieved: 40, year: 2099, "
                          "target: 60, series: {2020: 10, 2028: 30}}]}")
    mini.network(extra="")
    path = mini.root / "networks/gran-mukono.yml"
    path.write_text(path.read_text().replace("role: partner\n  - ref: mukono", "role: partner\n    joined: 2040\n"
                                                                              "  - ref: mukono"))
    _, problems = _link(mini.root)
    found = {(p.file, p.field, p.message) for p in problems}
    assert found == {
        ("practices/school-exchange.md", "period.start", "2031 is in the future"),
        ("practices/school-exchange.md", "sources[0].year", "2032 is in the future"),
        ("practices/school-exchange.md", "transfers[0].year", "2030 is in the future"),
        ("practices/school-exchange.md", "results.indicators[0].year", "2099 is in the future"),
        ("practices/school-exchange.md", "results.indicators[0].series[2028]", "2028 is in the future"),
        ("networks/gran-mukono.yml", "members[0].joined", "2040 is in the future"),
    }, problems
    period = next(p for p in problems if p.field == "period.start")
    assert period.line == 8 and "typing slip" in period.hint  # the line of `period:` in the front matter
    assert all(p.severity is Severity.error for p in problems)


def test_a_year_this_year_and_a_target_ahead_are_fine(mini):
    mini.practice(period="{start: 2026, end: 2030}",
                  results="{indicators: [{name: Pupils, unit: pupils, achieved: 40, year: 2026, target: 60}]}")
    _, problems = _link(mini.root)
    assert problems == []


def test_a_practice_runs_in_the_countries_it_names_for_local_governments_the_source_does_not(mini):
    """'Fifteen Spanish local governments' and three named Norwegian ones: the practice is Spain's too (its
    country page, the Country filter), though only the Norwegian ones are in the registry."""
    mini.write("registry/organisations/es.yml", "- {id: femp, name: FEMP, kind: association, country: ES}\n")
    mini.practice(municipalities="[gran]", countries="[ES]")
    catalog, problems = _link(mini.root)
    assert not [p for p in problems if p.severity == Severity.error], problems
    assert catalog.practice_countries("school-exchange") == ["ES", "NO"]


def test_a_country_no_registry_entry_is_in_is_reported_at_its_line(mini):
    mini.practice(municipalities="[gran]", countries="[ES]")
    _, problems = _link(mini.root)
    text = "\n".join(map(str, problems))
    assert "school-exchange.md:" in text and "countries[0]: no municipality or organisation of the registry is in 'ES'" in text
    problem = next(p for p in problems if p.field == "countries[0]")
    assert (problem.line, problem.column, problem.severity) == (11, 13, Severity.error)  # the code itself
