"""Stage 2: every validation error, at once, with file, line, field and hint."""

from __future__ import annotations

from generator.load import load
from generator.validate import validate


def _problems(root):
    return [str(p) for p in validate(load(root)).problems]


def test_valid_practice_passes(mini):
    mini.practice()
    validated = validate(load(mini.root))
    assert validated.problems == []
    practice = next(r for r in validated.records if r.kind == "practice")
    assert practice.model.title == "School exchange"
    assert practice.body.startswith("## Context")


def test_all_errors_of_a_file_are_reported_with_positions_and_hints(mini):
    mini.practice(summery="typo", stage="improvment", period="{start: 20}", caf='["4.2", 9.9]',
                  last_verified="2026-13-01")
    problems = _problems(mini.root)
    text = "\n".join(problems)
    assert "practices/school-exchange.md:3:1: summary: required field is missing" not in text  # summary is given
    assert any(p.startswith("practices/school-exchange.md:11:1: summery: unknown field (did you mean 'summary'?)")
               for p in problems), text
    assert any(":6:1: stage: 'improvment' is not one of the allowed values (did you mean 'improvement'?" in p
               for p in problems), text
    assert any("period.start: '20' is not a year (2019), a month (2019-03)" in p for p in problems), text
    assert any("caf[1]: '9.9' is not a CAF 2020 sub-criterion" in p for p in problems), text
    assert any("last_verified:" in p and "month" in p and "(Date an editor" in p for p in problems), text
    assert len(problems) == 5


def test_missing_required_field_names_the_field_and_says_what_it_is(mini):
    path = mini.practice()
    path.write_text(path.read_text().replace("summary: Pupils of two towns write to each other and visit.\n", ""))
    [problem] = _problems(mini.root)
    assert "summary: required field is missing (Two or three sentences" in problem


def test_country_codes_are_checked_and_no_is_norway(mini):
    mini.write("registry/municipalities/more.yml", """
        - id: oslo
          name: Oslo
          country: NO
        - id: nowhere
          name: Nowhere
          country: QQ
        """)
    problems = _problems(mini.root)
    assert len(problems) == 1
    assert "registry/municipalities/more.yml:6:3: country: 'QQ' is not an ISO 3166-1 alpha-2" in problems[0]


def test_wrong_types_and_nested_unknown_fields(mini):
    mini.network(extra="""
        events:
          - name: RPE1
            kind: peer-exchange
            date: not-a-date
            colour: red
        """)
    problems = _problems(mini.root)
    assert any("events[0].date:" in p for p in problems), problems
    assert any("events[0].colour: unknown field" in p for p in problems), problems


def test_mkdocs_boxes_in_record_text_are_a_warning_at_their_line(mini):
    mini.practice(body='## Context\n\nText.\n\n!!! note "Careful"\n    Indented.\n')
    mini.network(extra="""
        description: |
          First line.
          ??? tip
              Hidden.
        """)
    problems = validate(load(mini.root)).problems
    assert [str(p) for p in problems] == [
        "practices/school-exchange.md:16:1: warning: '!!!' and '???' boxes are MkDocs syntax and show as plain text here "
        "(the portal's text is GitHub Markdown: write '> [!NOTE] A title' (or TIP, IMPORTANT, WARNING, CAUTION), "
        "then the text on lines starting with '> ')",
        "networks/gran-mukono.yml:17:1: description: warning: '!!!' and '???' boxes are MkDocs syntax and show "
        "as plain text here (the portal's text is GitHub Markdown: write '> [!NOTE] A title' (or TIP, IMPORTANT, WARNING, CAUTION), "
        "then the text on lines starting with '> ')",
    ]


def test_a_practice_names_the_network_it_grew_in_first_then_the_others(mini):
    mini.practice(network="gran-mukono", networks="[{ref: nalas-clusters, role: transfer}]")
    validated = validate(load(mini.root))
    practice = next(r for r in validated.records if r.kind == "practice").model
    links = practice.network_links()
    assert [(link.ref, link.role) for link in links] == [("gran-mukono", "origin"), ("nalas-clusters", "transfer")]
    assert practice.network_ids() == ["gran-mukono", "nalas-clusters"]


def test_a_repeat_deep_in_a_record_is_reported_and_a_record_without_one_has_no_such_problem(mini):
    mini.practice(sources="[{title: Report, authors: [Ann Berg, Ann Berg]}]", themes="[education, culture]")
    problems = _problems(mini.root)
    assert any("sources[0].authors[1]: 'Ann Berg' is listed twice" in p for p in problems), problems
    mini.practice(sources="[{title: Report, authors: [Ann Berg, Per Lund]}]")
    assert not any("listed twice" in p for p in _problems(mini.root))
