"""Stage 1: reading files safely, with positions, without YAML 1.1 surprises."""

from __future__ import annotations

import gc

import pytest

from generator.load import MAX_FILE_BYTES, YamlProblem, load, parse_yaml


def test_yaml_1_1_traps_stay_text():
    data, _ = parse_yaml("country: NO\nflag: on\nanswer: yes\nswitch: off\nzip: 0700\ntime: 12:30\n")
    assert data == {"country": "NO", "flag": "on", "answer": "yes", "switch": "off", "zip": "0700", "time": "12:30"}


def test_plain_numbers_and_booleans_still_parse():
    data, _ = parse_yaml("n: 12\nx: 4.5\nok: true\nnothing: null\n")
    assert data == {"n": 12, "x": 4.5, "ok": True, "nothing": None}


def test_positions_point_at_keys_and_list_items():
    _, positions = parse_yaml("a: 1\nlist:\n  - x\n  - y: 2\n")
    assert positions[("a",)].line == 1
    assert positions[("list", 1)].line == 4
    assert (positions[("list", 1, "y")].line, positions[("list", 1, "y")].column) == (4, 5)


def test_positions_inside_flow_collections_and_nested_lists():
    _, positions = parse_yaml("a: [x, {b: 1}]\nc:\n  - d: 2\n    e: [3]\n", line_offset=1)
    where = {location: (p.line, p.column) for location, p in positions.items()}
    assert where == {(): (2, 1), ("a",): (2, 1), ("a", 0): (2, 5), ("a", 1): (2, 8), ("a", 1, "b"): (2, 9),
                     ("c",): (3, 1), ("c", 0): (4, 5), ("c", 0, "d"): (4, 5), ("c", 0, "e"): (5, 5),
                     ("c", 0, "e", 0): (5, 9)}


def test_explicit_tags_keep_pyyaml_values_and_keys_stay_text():
    data, _ = parse_yaml("a: !!int 0x1F\nb: !!bool yes\nc: !!float 1\nd: !!str 12\n1: key\ne: '7'\nf: -0\n")
    assert data == {"a": 31, "b": True, "c": 1.0, "d": "12", "1": "key", "e": "7", "f": 0}
    assert [type(value) for value in data.values()] == [int, bool, float, str, str, str, int]


@pytest.mark.parametrize("text, message, line", [
    ("a: &x [1]\nb: *x\n", "aliases", 2),
    ("a: !!python/object/apply:os.system ['ls']\n", "tag", 1),
    ("a: 1\nb: [1\nc: 2\n", "the list opened with '[' here is not closed with ']'", 2),
    ("a:\n  <<: {b: 1}\n", "merge keys", 2),
    ("a: 1\nb: *x\n", "aliases", 2),  # an alias without an anchor
    ("a: 1\nb: !!bool maybe\n", "does not fit its tag !!bool", 2),
    ("a: !!int abc\n", "does not fit its tag !!int", 1),
    ("a: 1\nb: 2\nc: !!map x\n", "does not fit its tag !!map", 3),
])
def test_unsafe_or_broken_yaml_is_reported_with_its_line(text, message, line):
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(text)
    assert message in caught.value.message
    assert caught.value.line == line


def test_alias_bomb_is_rejected_before_it_expands():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    with pytest.raises(YamlProblem, match="aliases"):
        parse_yaml(bomb)


def test_bad_files_are_all_reported_and_nothing_crashes(mini):
    (mini.root / "practices").mkdir()
    (mini.root / "practices" / "empty.md").write_text("", encoding="utf-8")
    (mini.root / "practices" / "latin1.md").write_bytes("---\ntitle: Sölvesborg\n---\n".encode("latin-1"))
    (mini.root / "practices" / "no-front-matter.md").write_text("Just text\n", encoding="utf-8")
    (mini.root / "practices" / "Bad Name.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (mini.root / "networks").mkdir()
    (mini.root / "networks" / "huge.yml").write_text("a: '" + "x" * MAX_FILE_BYTES + "'\n", encoding="utf-8")
    (mini.root / "networks" / "list.yml").write_text("- 1\n- 2\n", encoding="utf-8")
    loaded = load(mini.root)
    messages = {p.file: p.message for p in loaded.problems}
    assert messages["practices/empty.md"] == "file is empty"
    assert "UTF-8" in messages["practices/latin1.md"]
    assert "front matter" in messages["practices/no-front-matter.md"]
    assert "not a valid id" in messages["practices/Bad Name.md"]
    assert "too large" in messages["networks/huge.yml"]
    assert "mapping" in messages["networks/list.yml"]


def test_front_matter_ends_at_the_first_line_of_only_dashes(mini):
    (mini.root / "practices").mkdir(exist_ok=True)
    text = b"---  \r\ntitle: x\r\nnote: a\r\n  --- b\r\n---\t\r\nBody\r\n---\r\n"
    (mini.root / "practices" / "crlf.md").write_bytes(text)
    loaded = load(mini.root)
    [record] = [r for r in loaded.records if r.id == "crlf"]
    assert record.data == {"title": "x", "note": "a --- b"}
    assert (record.body, record.body_line) == ("Body\r\n---\r\n", 6)


def test_load_leaves_the_garbage_collector_as_it_found_it(mini):
    assert gc.isenabled()
    load(mini.root)
    assert gc.isenabled()
    gc.disable()
    try:
        load(mini.root)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_front_matter_positions_count_the_opening_line(mini):
    mini.practice(status="pilot\ntitle: twice")
    loaded = load(mini.root)
    [problem] = [p for p in loaded.problems if p.file == "practices/school-exchange.md"]
    # Line 1 is the opening '---'; title is on line 2, status on 7, the repeated title on 8.
    assert (problem.line, problem.column, problem.field) == (8, 1, "title")
    assert problem.hint == "first given on line 2; keep one: until then the first is read"


def test_a_duplicate_key_is_reported_with_the_files_other_mistakes(mini):
    """Every problem at once: the file is read on, keeping the first value, so the rest of it is checked."""
    data, positions = parse_yaml("a: 1\nb: 2\na: 3\nc: {d: 4, d: 5}\n")
    assert data == {"a": 1, "b": 2, "c": {"d": 4}}
    assert [(p.message, p.line, p.field) for p in positions.duplicate_keys] == [
        ("duplicate key 'a'", 3, "a"), ("duplicate key 'd'", 4, "c.d")]
    mini.practice(status="pilot\nstatus: implemented", stage="nonsense", themes="[educaton]")
    mini.write("registry/organisations/test.yml", "- id: ks\n  name: KS\n  name: KS again\n  kind: association\n"
                                                    "  country: NO\n")
    from generator.build import check
    _, problems = check(mini.root)
    found = {(p.file, p.line, p.field) for p in problems}
    assert ("practices/school-exchange.md", 8, "status") in found  # the repeated key
    assert ("practices/school-exchange.md", 6, "stage") in found  # and what else is wrong with the file
    assert ("registry/organisations/test.yml", 3, "0.name") in found


def test_registry_entries_become_records_with_their_own_positions(mini):
    loaded = load(mini.root)
    solvesborg = next(r for r in loaded.records if r.id == "solvesborg")
    assert solvesborg.kind == "municipality"
    assert solvesborg.position(("country",)).line == 9
    assert solvesborg.data["name"] == "Sölvesborg"
