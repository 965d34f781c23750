"""Translated records (issue 14): files beside their originals, checked, linked, kept up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import check
from generator.cli import main
from generator.problems import Severity, errors
from generator.translations import NOT_TRANSLATED, body_in, source_digest, text_in

from conftest import REPO, MiniPortal


def _digest(root: Path, kind: str = "practice", record_id: str = "school-exchange") -> str:
    catalog, problems = check(root)
    assert not errors(problems), problems
    table = {"practice": catalog.practices, "network": catalog.networks}[kind]
    return source_digest(table[record_id])


def _translation(mini: MiniPortal, fields: str = "title: Razmjena škola\n", body: str = "Dvije škole.\n",
                 source: str | None = None, name: str = "practices/school-exchange.sh.md") -> Path:
    source = source or _digest(mini.root)
    front = f"translation:\n  status: machine\n  by: a translation tool\n  source: {source}\n{fields}"
    return mini.write(name, f"---\n{front}---\n{body}")


def _problems_in(root: Path, file: str) -> list:
    return [problem for problem in check(root)[1] if problem.file == file]


def test_a_valid_translation_links_and_falls_back_field_by_field(mini: MiniPortal) -> None:
    mini.practice(lessons="[Write often., Visit once.]")
    _translation(mini, "title: Razmjena škola\nlessons: [Pišite često., Posjetite jednom.]\n")
    catalog, problems = check(mini.root)
    assert problems == []
    assert set(catalog.translations[("practice", "school-exchange")]) == {"sh"}
    title = text_in(catalog, "practice", "school-exchange", "sh", "title")
    assert (title.value, title.language, title.translated, title.status) == ("Razmjena škola", "sh", True, "machine")
    summary = text_in(catalog, "practice", "school-exchange", "sh", "summary")  # not translated: the original
    assert (summary.value, summary.language, summary.translated) == (
        "Pupils of two towns write to each other and visit.", "en", False)
    assert text_in(catalog, "practice", "school-exchange", "sh", "lessons").value == ["Pišite često.", "Posjetite jednom."]
    assert text_in(catalog, "practice", "school-exchange", "nb", "title").value == "School exchange"
    assert body_in(catalog, "practice", "school-exchange", "sh").value == "Dvije škole.\n"
    assert not body_in(catalog, "practice", "school-exchange", "mk").translated


def test_a_network_and_its_nested_texts_are_translated_item_by_item(mini: MiniPortal) -> None:
    mini.network(extra="events:\n  - name: Study visit\n    kind: study-visit\n    year: 2005\n")
    digest = _digest(mini.root, "network", "gran-mukono")
    mini.write("networks/gran-mukono.nb.yml", f"""
        translation: {{status: human, by: KS, source: {digest}}}
        name: Gran–Mukono-partnerskapet
        members:
          - {{}}
          - note: Vennskapskommune
        events:
          - name: Studietur
        """)
    catalog, problems = check(mini.root)
    assert not errors(problems)
    assert text_in(catalog, "network", "gran-mukono", "nb", "events", 0, "name").value == "Studietur"
    assert text_in(catalog, "network", "gran-mukono", "nb", "members", 0, "note").value is None
    # The translated note of a member the original gives no note: the check says so.
    assert [p.field for p in problems] == ["members[1].note"]
    # --refresh rewrites the digest inside a one-line `translation: {...}` too, and nothing else.
    mini.network(extra="events:\n  - name: A study visit\n    kind: study-visit\n    year: 2005\n")
    assert main(["translate", "--refresh", "networks/gran-mukono.nb.yml", "--root", str(mini.root)]) == 0
    first_line = (mini.root / "networks/gran-mukono.nb.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"translation: {{status: human, by: KS, source: {_digest(mini.root, 'network', 'gran-mukono')}}}"


def test_a_results_file_is_translated_beside_it(mini: MiniPortal) -> None:
    mini.network()
    mini.write("networks/gran-mukono/results-2012.yml", """
        network: gran-mukono
        title: Evaluation
        year: 2012
        summary: It worked.
        sources: [{title: Study}]
        last_verified: 2026-11-01
        """)
    assert main(["translate", "results/gran-mukono-results-2012", "nb", "--status", "human", "--by", "KS",
                 "--root", str(mini.root)]) == 0
    path = mini.root / "networks/gran-mukono/results-2012.nb.yml"
    path.write_text(re.sub(r'"FILL IN: translate: ([^"]*)"', r'"\1 [nb]"', path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    catalog, problems = check(mini.root)
    assert problems == []
    assert text_in(catalog, "results", "gran-mukono-results-2012", "nb", "title").value == "Evaluation [nb]"


def test_a_stale_translation_warns_with_its_file_and_the_source_line(mini: MiniPortal, capsys) -> None:
    mini.practice()
    _translation(mini)
    mini.practice(period="{start: 2005}", status="scaled")  # figures and dates: the translation stays current
    assert _problems_in(mini.root, "practices/school-exchange.sh.md") == []
    mini.practice(summary="Pupils of two towns write letters.")
    (warning,) = _problems_in(mini.root, "practices/school-exchange.sh.md")
    assert warning.severity is Severity.warning
    assert (warning.line, warning.column, warning.field) == (5, 3, "translation.source")  # the `source:` line
    assert "out of date" in warning.message and "practices/school-exchange.md" in warning.message
    assert "portal translate --refresh practices/school-exchange.sh.md" in warning.hint
    assert _digest(mini.root) in warning.hint
    assert main(["check", "--root", str(mini.root)]) == 0  # a warning: the check still passes
    assert "warning: the translation is out of date" in capsys.readouterr().err


def test_a_translated_field_the_original_no_longer_has_warns(mini: MiniPortal) -> None:
    mini.practice(transferability="Any two schools.")
    path = _translation(mini, "title: Razmjena\ntransferability: Bilo koje dvije škole.\n")
    mini.practice()  # transferability removed from the original
    _translation(mini, "title: Razmjena\ntransferability: Bilo koje dvije škole.\n")  # with the new digest
    problems = _problems_in(mini.root, "practices/school-exchange.sh.md")
    assert [(p.line, p.field, p.severity) for p in problems] == [(7, "transferability", Severity.warning)]
    assert "no longer has it" in problems[0].message
    assert path.exists()


def test_a_translated_list_with_fewer_entries_than_the_original_warns(mini: MiniPortal) -> None:
    mini.practice(lessons="[Write often., Visit once.]")
    _translation(mini, "lessons: [Pišite često.]\n")
    (problem,) = _problems_in(mini.root, "practices/school-exchange.sh.md")
    assert (problem.line, problem.field, problem.severity) == (6, "lessons", Severity.warning)
    assert "2 entries" in problem.message and "1 entry" in problem.message


@pytest.mark.parametrize("fields, field, line", [
    ("status: pilot\n", "status", 6),  # lines 2-5 are the `translation:` block
    ("title: Razmjena\nmunicipalities: [gran]\n", "municipalities", 7),
    ("period:\n  start: 2004\n", "period", 6),
    ("last_verified: 2026-11-01\n", "last_verified", 6),
    ("transfers:\n  - municipality: gran\n    note: Preuzeto.\n", "transfers[0].municipality", 7),
])
def test_an_id_figure_or_date_in_a_translation_is_an_error_naming_field_and_line(
        mini: MiniPortal, fields: str, field: str, line: int) -> None:
    mini.practice(transfers="[{municipality: solvesborg, note: Took it up.}]")
    _translation(mini, fields)
    found = [p for p in _problems_in(mini.root, "practices/school-exchange.sh.md") if p.field == field]
    assert [(p.line, p.message, p.severity) for p in found] == [(line, NOT_TRANSLATED, Severity.error)]


def test_an_unknown_field_in_a_translation_is_named(mini: MiniPortal) -> None:
    mini.practice()
    _translation(mini, "titel: Razmjena\n")
    (problem,) = _problems_in(mini.root, "practices/school-exchange.sh.md")
    assert (problem.field, problem.line, problem.severity) == ("titel", 6, Severity.error)


@pytest.mark.parametrize("name, words", [
    ("practices/school-exchange.de.md", ["'de' is not one of the portal's translation languages", "sq (Albanian)",
                                         "sh (Bosnian", "mk (Macedonian)", "nb (Norwegian"]),
    ("practices/school-exchange.bs.md", ["'bs' is not one of", "practices/school-exchange.sh.md"]),
    ("networks/gran-mukono.no.yml", ["'no' is not one of", "networks/gran-mukono.nb.yml"]),
    ("practices/school-exchange.en.md", ["original language", "practices/school-exchange.md"]),
])
def test_a_translation_in_a_language_the_portal_does_not_publish_is_a_problem(
        mini: MiniPortal, name: str, words: list[str]) -> None:
    mini.practice()
    mini.network()
    mini.write(name, "---\ntitle: x\n---\n" if name.endswith(".md") else "name: x\n")
    (problem,) = _problems_in(mini.root, name)
    assert problem.severity is Severity.error
    text = f"{problem.message} ({problem.hint})"
    assert all(word in text for word in words), text


def test_a_translation_without_an_original_is_an_error(mini: MiniPortal) -> None:
    mini.practice()
    _translation(mini, name="practices/school-exchanges.sh.md")
    (problem,) = _problems_in(mini.root, "practices/school-exchanges.sh.md")
    assert problem.severity is Severity.error
    assert "no original" in problem.message and "practices/school-exchanges.md" in problem.message
    assert "practices/school-exchange.md" in problem.hint  # did you mean


def _fill_in(path: Path) -> None:
    """What a translator does with a scaffold: each value translated, the body's instruction line deleted."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"FILL IN: translate: ([^"]*)"', r'"\1 [sh]"', text)
    text = re.sub(r"^FILL IN: translate the description.*\n\n", "", text, flags=re.M)
    path.write_text(text.replace("## Context", "## Kontekst"), encoding="utf-8")


def test_scaffold_round_trip(mini: MiniPortal, capsys) -> None:
    mini.practice(lessons="[Write often.]", transfers="[{municipality: solvesborg, note: Took it up.}]")
    root = str(mini.root)
    assert main(["translate", "practice/school-exchange", "sh", "--status", "human", "--by", "Ana", "--root", root]) == 0
    path = mini.root / "practices/school-exchange.sh.md"
    untouched = _problems_in(mini.root, "practices/school-exchange.sh.md")
    assert {p.field for p in untouched} == {"title", "summary", "lessons[0]", "transfers[0].note", ""}
    assert all(p.message.startswith("still a placeholder") for p in untouched)
    _fill_in(path)
    catalog, problems = check(mini.root)
    assert problems == []
    assert text_in(catalog, "practice", "school-exchange", "sh", "transfers", 0, "note").value == "Took it up. [sh]"
    assert catalog.translations[("practice", "school-exchange")]["sh"].model.translation.by == "Ana"
    assert "## Kontekst" in body_in(catalog, "practice", "school-exchange", "sh").value
    # The original changes; after the review, --refresh records its new text and changes nothing else.
    mini.practice(lessons="[Write every week.]", transfers="[{municipality: solvesborg, note: Took it up.}]")
    assert [p.field for p in _problems_in(mini.root, "practices/school-exchange.sh.md")] == ["translation.source"]
    before = path.read_text(encoding="utf-8")
    assert main(["translate", "--refresh", "practices/school-exchange.sh.md", "--root", root]) == 0
    after = path.read_text(encoding="utf-8")
    assert _problems_in(mini.root, "practices/school-exchange.sh.md") == []
    changed = [(old, new) for old, new in zip(before.splitlines(), after.splitlines()) if old != new]
    assert len(changed) == 1 and "source:" in changed[0][1] and _digest(mini.root) in changed[0][1]
    # Writing it again over the translation needs --force.
    assert main(["translate", "practice/school-exchange", "sh", "--status", "human", "--root", root]) == 2
    assert "exists already" in capsys.readouterr().err


def test_scaffold_of_a_network_round_trips(mini: MiniPortal) -> None:
    mini.network(extra="description: |\n  Two towns.\n\n  Many visits.\ntimeline:\n  - {year: 2001, event: Signed}\n")
    assert main(["translate", "networks/gran-mukono.yml", "mk", "--status", "machine", "--by", "a tool",
                 "--root", str(mini.root)]) == 0
    path = mini.root / "networks/gran-mukono.mk.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"FILL IN: translate: ([^"]*)"', r'"\1 [mk]"', text)
    text = re.sub(r"^ *FILL IN: translate, then delete this line:\n", "", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    catalog, problems = check(mini.root)
    assert problems == []
    assert text_in(catalog, "network", "gran-mukono", "mk", "description").value == "Two towns.\n\nMany visits."
    assert text_in(catalog, "network", "gran-mukono", "mk", "timeline", 0, "event").value == "Signed [mk]"


def test_translate_refuses_what_it_cannot_translate(mini: MiniPortal, capsys) -> None:
    mini.practice()
    root = str(mini.root)
    assert main(["translate", "practice/school-exchange", "de", "--status", "human", "--root", root]) == 2
    assert "'de' is not one of the portal's translation languages" in capsys.readouterr().err
    assert main(["translate", "practice/nothing", "sh", "--status", "human", "--root", root]) == 2
    assert "practices/nothing.md does not exist" in capsys.readouterr().err
    assert main(["translate", "registry/themes.yml", "sh", "--status", "human", "--root", root]) == 2
    assert not list(mini.root.glob("practices/*.sh.md"))


# Values the original refuses must be refused in a translation too, by the same field types.
HOSTILE = [
    ("title", '"School\u200b exchange"'),  # an invisible character in a name
    ("summary", '"' + "x" * 601 + '"'),  # longer than the original allows
    ("title", '""'),  # empty
    ("lessons", "[[nested]]"),  # not a text
]


@pytest.mark.parametrize("field, value", HOSTILE)
def test_a_translation_refuses_what_its_original_refuses(mini: MiniPortal, field: str, value: str) -> None:
    mini.practice(**{field: value})
    original = [p.field for p in _problems_in(mini.root, "practices/school-exchange.md")]
    assert original and original[0].startswith(field)
    mini.practice()
    _translation(mini, f"{field}: {value}\n")
    translated = [p.field for p in _problems_in(mini.root, "practices/school-exchange.sh.md")]
    assert translated and translated[0].startswith(field)


def test_a_translations_body_is_held_to_the_originals_rules(mini: MiniPortal) -> None:
    mini.practice()
    deep = "".join("> " * 60) + "deep\n"
    _translation(mini, body="!!! note\n    MkDocs box\n\n" + deep)
    problems = _problems_in(mini.root, "practices/school-exchange.sh.md")
    assert any("MkDocs syntax" in p.message and p.severity is Severity.warning for p in problems)
    assert any("the text" in p.message and p.severity is Severity.error for p in problems)


def test_a_translation_refuses_aliases_and_unknown_statuses(mini: MiniPortal) -> None:
    mini.practice()
    _translation(mini, "title: &t Razmjena\nsummary: *t\n")
    assert any("aliases" in p.message for p in _problems_in(mini.root, "practices/school-exchange.sh.md"))
    mini.write("practices/school-exchange.sh.md", "---\ntranslation: {status: approved, by: me, source: 0123456789ab}\n---\n")
    (problem,) = _problems_in(mini.root, "practices/school-exchange.sh.md")
    assert problem.field == "translation.status" and "approved" in problem.message


def test_the_shipped_translations_are_current() -> None:
    shipped = sorted(REPO.glob("practices/*.*.md")) + sorted(REPO.glob("networks/**/*.*.yml"))
    shipped += sorted(REPO.glob("content/templates/*.*.yml"))  # template translations (issue 14)
    catalog, problems = check(REPO)
    files = {path.relative_to(REPO).as_posix() for path in shipped}
    assert [p for p in problems if p.file in files] == []
    assert sum(len(languages) for languages in catalog.translations.values()) == len(files)


def test_the_digest_is_the_documented_one_and_ignores_ids_figures_and_dates(mini: MiniPortal) -> None:
    """Translations record it in their files: a change of recipe would make every shipped one stale."""
    import hashlib
    import json

    mini.practice()
    canonical = json.dumps({"body": "## Context\n\nTwo schools paired up.", "fields": {
        "title": "School exchange", "summary": "Pupils of two towns write to each other and visit."}},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert _digest(mini.root) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12] == "103dd826a373"
    mini.practice(status="scaled", period="{start: 2001, end: 2009}", themes="[health-and-care]",
                  body="## Context\r\n\r\nTwo schools paired up.\r\n\r\n")  # Windows line ends, blank lines
    assert _digest(mini.root) == "103dd826a373"
