"""What `portal check` tells an editor: one case per kind of mistake, with the exact words.

Editors are municipal staff, not programmers: each message says what is wrong in their words,
and the hint what to write instead. A changed message should change here on purpose.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.build import check
from generator.cli import main

PRACTICE = "practices/school-exchange.md"
TODAY = dt.date(2026, 11, 24)


def _practice_without(mini, key: str, **overrides: str) -> None:
    path = mini.practice(**overrides)
    path.write_text("".join(line for line in path.read_text().splitlines(keepends=True)
                            if not line.startswith(f"{key}:")))


def _network_text(mini, old: str, new: str) -> None:
    path = mini.network()
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))


# (what the editor wrote, expected (file, line, column, field, message, hint)); practices/school-exchange.md is
# the scaffold of tests/conftest.py: title on line 2, summary 3, municipalities 4, themes 5, stage 6, status 7,
# period 8, sources 9, last_verified 10.
CASES = {
    "id written with a space": (
        lambda mini: mini.practice(themes="[citizen participation]"),
        (PRACTICE, 5, 10, "themes[0]", "'citizen participation' is not written as an id",
         "did you mean 'citizen-participation'? Ids are written in lower case, with hyphens instead of spaces")),
    "unknown theme": (
        lambda mini: mini.practice(themes="[tourism]"),
        (PRACTICE, 5, 10, "themes[0]", "unknown id 'tourism'",
         "no theme has this id: use one from registry/themes.yml, or add '- id: tourism' with its name to "
         "registry/themes.yml in the same pull request")),
    "theme close to a known one": (
        lambda mini: mini.practice(themes="[healthcare]"),
        (PRACTICE, 5, 10, "themes[0]", "unknown id 'healthcare'",
         "did you mean 'health-and-care'? If it is a new theme, add '- id: healthcare' with its name to "
         "registry/themes.yml in the same pull request")),
    "theme with a typing slip": (
        lambda mini: mini.practice(themes="[educaton]"),
        (PRACTICE, 5, 10, "themes[0]", "unknown id 'educaton'", "did you mean 'education'?")),
    "unknown municipality": (
        lambda mini: mini.practice(municipalities="[gran, mukno]"),
        (PRACTICE, 4, 24, "municipalities[1]", "unknown id 'mukno'", "did you mean 'mukono'?")),
    "tab in the indentation": (
        lambda mini: mini.practice(period="\n\tstart: 2004"),
        (PRACTICE, 9, 1, "", "a tab character at line 9, column 1: indent with spaces",
         "YAML does not allow tabs for indentation; replace the tab with spaces")),
    "key not indented under its field": (
        lambda mini: mini.practice(period="\nstart: 2004"),
        (PRACTICE, 9, 1, "start", "`start:` belongs under `period:`", "indent `start:` under `period:` with spaces")),
    "key indented under the wrong field": (
        lambda mini: _practice_without(mini, "status", period="\n  start: 2004\n  status: pilot"),
        (PRACTICE, 9, 3, "period.status", "`status:` is indented under `period:`, where it does not belong",
         "move `status:` to the left, in line with `period:`")),
    "missing field with allowed values": (
        lambda mini: _practice_without(mini, "status"),
        (PRACTICE, 2, 1, "status", "required field is missing",
         "write one of: pilot, implemented, scaled, discontinued")),
    "missing id field": (
        lambda mini: mini.network() and mini.write("networks/gran-mukono/results-2012.yml", """
            title: Worth it?
            year: 2012
            summary: Yes.
            sources: [{title: Study}]
            last_verified: 2026-11-01
            """),
        ("networks/gran-mukono/results-2012.yml", 1, 1, "network", "required field is missing",
         "Id of the network evaluated; must match the folder name. The ids are listed in networks/ "
         "(the file names, without .yml).")),
    "value not in the list": (
        lambda mini: mini.practice(status="implemnted"),
        (PRACTICE, 7, 1, "status", "'implemnted' is not one of the allowed values",
         "did you mean 'implemented'? Write one of: pilot, implemented, scaled, discontinued")),
    "day and month could be either way round": (
        lambda mini: mini.practice(last_verified="12/03/2021"),
        (PRACTICE, 10, 1, "last_verified", "'12/03/2021' is not a date written YYYY-MM-DD",
         "write 2021-03-12 (12 March) or 2021-12-03 (3 December)")),
    "day first, only one reading": (
        lambda mini: mini.practice(last_verified="25/03/2021"),
        (PRACTICE, 10, 1, "last_verified", "'25/03/2021' is not a date written YYYY-MM-DD",
         "write 2021-03-25 (25 March)")),
    "partial date written day first": (
        lambda mini: mini.practice(period="{start: 12/03/2004}"),
        (PRACTICE, 8, 10, "period.start", "'12/03/2004' is not a year (2019), a month (2019-03), a day (2019-03-15), "
         "a half or quarter (2021-H2, 2019-Q3), a financial year (2019/20) or 'unknown'",
         "write 2004-03-12 (12 March) or 2004-12-03 (3 December)")),
    "month written in words": (
        lambda mini: mini.practice(period="{start: March 2004}"),
        (PRACTICE, 8, 10, "period.start", "'March 2004' is not a year (2019), a month (2019-03), a day (2019-03-15), "
         "a half or quarter (2021-H2, 2019-Q3), a financial year (2019/20) or 'unknown'", "write 2004-03")),
    "date in words": (
        lambda mini: mini.practice(last_verified="1 November 2026"),
        (PRACTICE, 10, 1, "last_verified", "'1 November 2026' is not a date written YYYY-MM-DD",
         "write 2026-11-01 (1 November)")),
    "long value quoted short": (
        lambda mini: mini.practice(status="implemented " + "and more " * 20),
        (PRACTICE, 7, 1, "status", "'implemented and more and more and more and more and more ...' is not one "
         "of the allowed values", "write one of: pilot, implemented, scaled, discontinued")),
    "no such month": (
        lambda mini: mini.practice(last_verified="2026-13-01"),
        (PRACTICE, 10, 1, "last_verified", "'2026-13-01' is not a date: there is no month 13",
         "Date an editor last checked the record (YYYY-MM-DD).")),
    "a list written as one value": (
        lambda mini: mini.practice(themes="education"),
        (PRACTICE, 5, 1, "themes", "expected a list",
         "write [education], or each item on a line of its own starting with '- '")),
    "missing list of entries": (
        lambda mini: _practice_without(mini, "sources"),
        (PRACTICE, 2, 1, "sources", "required field is missing",
         "list the entries under `sources:`, each starting with '- title: ...', other fields below it "
         "(publisher, year, url, pages, authors, record_id, language)")),
    "an entry written as a text": (
        lambda mini: mini.practice(sources="[Has it been worth it?]"),
        (PRACTICE, 9, 11, "sources[0]", "expected an entry with fields (name: value), not a single value",
         "list the entries under `sources:`, each starting with '- title: ...', other fields below it "
         "(publisher, year, url, pages, authors, record_id, language)")),
    "field left empty": (
        lambda mini: mini.practice(title=""),
        (PRACTICE, 2, 1, "title", "no value given", "write the text after the colon")),
    "number out of range": (
        lambda mini: mini.practice(sdgs="[30]"),
        (PRACTICE, 11, 8, "sdgs[0]", "30 is too high: it must be less than or equal to 17", "")),
    "colon inside a value": (
        lambda mini: mini.practice(summary="Pupils: they write to each other"),
        (PRACTICE, 3, 16, "", "the value holds ': ', which YAML reads as the start of another field",
         "put the whole value in quotes: \"Pupils: they write to each other\"")),
    "bracket left open": (
        lambda mini: mini.practice() and mini.write("networks/broken.yml", "name: [Gran, Mukono\nkind: partnership\n"),
        ("networks/broken.yml", 1, 7, "", "the list opened with '[' here is not closed with ']'",
         "end it with ']' and separate its items with commas; if the '[' belongs to a text, put the whole value "
         "in quotes")),
    "quote left open": (
        lambda mini: mini.practice(title="'School exchange"),
        (PRACTICE, 2, 8, "", "the quote ' opened here is closed only on line 9",
         "end the text on this line with ', or put the whole value in quotes")),
    "line without a colon": (
        lambda mini: _network_text(mini, "topic: Municipal co-operation", "topic Municipal co-operation"),
        ("networks/gran-mukono.yml", 3, 1, "", "this line has no ':' after a field name",
         "write `name: value`; a text that goes on over several lines must be indented under its field, "
         "or written after `name: |`")),
    "field indented more than the one above": (
        lambda mini: _network_text(mini, "\ntopic:", "\n  topic:"),
        ("networks/gran-mukono.yml", 3, 3, "", "`topic:` is indented more than the line above",
         "line `topic:` up with the fields above it; indent with spaces only, each field exactly as far as the "
         "other fields it belongs with")),
    "value starting with a sign YAML reserves": (
        lambda mini: mini.practice(title="@home exchange"),
        (PRACTICE, 2, 8, "", "a value cannot start with @", "put the whole value in quotes: \"@home exchange\"")),
}


@pytest.mark.parametrize("write, expected", CASES.values(), ids=CASES.keys())
def test_each_kind_of_mistake_gets_plain_words(mini, write, expected):
    write(mini)
    _, problems = check(mini.root, today=TODAY)
    assert [(p.file, p.line, p.column, p.field, p.message, p.hint) for p in problems] == [expected]


def test_one_run_reports_every_mistake_of_a_file(mini, capsys):
    """Unknown ids used to show only once the other mistakes of the file were fixed."""
    mini.practice(municipalities="[gran, mukno]", themes="[educaton]", status="implemnted",
                  last_verified="12/03/2021", summery="Pupils write to each other.")
    assert main(["--root", str(mini.root), "-q", "check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{PRACTICE}:4:24: municipalities[1]: unknown id 'mukno' (did you mean 'mukono'?)",
        f"{PRACTICE}:5:10: themes[0]: unknown id 'educaton' (did you mean 'education'?)",
        f"{PRACTICE}:7:1: status: 'implemnted' is not one of the allowed values "
        "(did you mean 'implemented'? Write one of: pilot, implemented, scaled, discontinued)",
        f"{PRACTICE}:10:1: last_verified: '12/03/2021' is not a date written YYYY-MM-DD "
        "(write 2021-03-12 (12 March) or 2021-12-03 (3 December))",
        f"{PRACTICE}:11:1: summery: unknown field (did you mean 'summary'?)",
        "5 error(s), 0 warning(s)",
    ]


def test_a_record_with_mistakes_still_counts_as_existing(mini):
    """A network with one mistake: its practices' references to it are not 'unknown' on top."""
    mini.network(extra="colour: red\n")
    mini.write("registry/municipalities/more.yml", "- id: lugazi\n  name: Lugazi\n  country: QQ\n")
    mini.practice(network="gran-mukono", municipalities="[gran, lugazi]")
    _, problems = check(mini.root, today=TODAY)
    assert [(p.file, p.field) for p in sorted(problems)] == [("networks/gran-mukono.yml", "colour"),
                                                      ("registry/municipalities/more.yml", "country")]
