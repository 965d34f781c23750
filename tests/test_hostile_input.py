"""Hostile pull requests: every path, file and field a contributor controls.

Each class of input either gives a problem at file:line:column with a hint, or is made
harmless; none crashes the tool, stalls it or is published unchecked.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import REPO, MiniPortal
from generator.build import check
from generator.load import load
from generator.text_limits import MAX_YAML_DEPTH


def problems_in(root: Path, file: str | None = None) -> list:
    _, problems = check(root)
    return [p for p in problems if file is None or p.file == file]


def only_problem(root: Path, file: str):
    found = [p for p in problems_in(root, file) if p.severity.value == "error"]
    assert len(found) == 1, "\n".join(map(str, found)) or "no problem reported"
    return found[0]


def portal_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


# ---------------------------------------------------------------- 2. symlinks


@pytest.mark.parametrize("link_at", ["practices/leak.md", "content/leak.md", "content/secret.png",
                                     "registry/municipalities/leak.yml", "networks/leak.yml"])
def test_a_symlinked_file_is_reported_and_never_read(mini: MiniPortal, tmp_path: Path, link_at: str):
    secret = tmp_path / "outside-secret.txt"
    secret.write_text("---\ntitle: TOKEN-123\n---\n", encoding="utf-8")
    mini.practice()
    (mini.root / link_at).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(secret, mini.root / link_at)

    problem = only_problem(mini.root, link_at)

    assert "symbolic links are not allowed" in problem.message and problem.line == 1
    loaded = load(mini.root)
    assert "TOKEN-123" not in json.dumps([r.data for r in loaded.records]) + "".join(p.text for p in loaded.pages)


def test_a_symlinked_folder_is_reported_and_not_followed(mini: MiniPortal, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "passwd.md").write_text("# TOKEN-456\n", encoding="utf-8")
    mini.practice()
    (mini.root / "content").mkdir()
    os.symlink(outside, mini.root / "content" / "linked")
    os.symlink(REPO / ".git", mini.root / "content" / "git")

    found = {p.file: p.message for p in problems_in(mini.root)}

    assert "symbolic links" in found["content/linked"] and "symbolic links" in found["content/git"]
    assert not load(mini.root).pages


def test_a_source_folder_that_is_a_link_is_reported(mini: MiniPortal, tmp_path: Path):
    elsewhere = tmp_path / "other-practices"
    elsewhere.mkdir()
    os.symlink(elsewhere, mini.root / "practices")
    assert "symbolic links" in only_problem(mini.root, "practices").message


def test_a_fifo_is_reported_rather_than_read(mini: MiniPortal):
    mini.practice()
    os.mkfifo(mini.root / "practices" / "pipe.md")
    assert only_problem(mini.root, "practices/pipe.md").message == "not a regular file"


# ---------------------------------------------------------------- 9. files silently ignored


@pytest.mark.parametrize("relative, expected", [
    ("practices/school-visit.MD", "not read"),
    ("practices/school-visit.markdown", "not read"),
    ("practices/2024/school-visit.md", "not read"),
    ("practices/notes.txt", "not read"),
    ("networks/twinning.yaml", "not read"),
    ("networks/twinning/notes.yml", "not read"),
    ("networks/Twinning.yml", "is not a valid id"),
    ("registry/cities.yml", "not read"),
    ("registry/municipalities/Nordic.yml", "is not a valid id"),
    ("content/templates/Plan.yml", "is not a valid id"),
    ("content/Guide One.md", "is not a valid id"),
])
def test_a_file_the_portal_does_not_read_is_reported_with_a_hint(mini: MiniPortal, relative: str, expected: str):
    mini.practice()
    mini.write(relative, "---\ntitle: x\n---\n")
    problem = only_problem(mini.root, relative)
    assert expected in problem.message and problem.hint
    assert portal_check(mini.root).returncode == 1


def test_a_gitkeep_placeholder_is_not_a_problem(mini: MiniPortal):
    mini.practice()
    mini.write("networks/.gitkeep", "")
    assert not problems_in(mini.root)


# ---------------------------------------------------------------- 1. files published from content/


@pytest.mark.parametrize("name", ["evil.html", "drawing.svg", "sw.js", "page.htm", "style.css", "sheet.pdf",
                                  "data.json", "x.xml", "a.wasm"])
def test_content_publishes_no_active_file_types(mini: MiniPortal, name: str):
    mini.practice()
    mini.write(f"content/{name}", "<script>alert(1)</script>")
    problem = only_problem(mini.root, f"content/{name}")
    assert problem.message == "this type of file cannot be published from content/"
    assert "PNG" in problem.hint
    assert not load(mini.root).assets


def _png(size=(4, 3), **info) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 10, 10))
    image.save(out, format="PNG", **info)
    return out.getvalue()


def test_content_images_are_re_encoded_without_what_trails_them(mini: MiniPortal):
    mini.practice()
    polyglot = _png() + b"<html><script>alert(document.domain)</script></html>"
    (mini.root / "content").mkdir()
    (mini.root / "content" / "map.png").write_bytes(polyglot)

    assets = load(mini.root).assets

    assert b"<script>" not in assets["map.png"]
    assert Image.open(io.BytesIO(assets["map.png"])).size == (4, 3)


def test_image_metadata_is_dropped(mini: MiniPortal):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Private")
    mini.practice()
    (mini.root / "content").mkdir()
    (mini.root / "content" / "photo.png").write_bytes(_png(pnginfo=info))
    assert b"Jane Private" not in load(mini.root).assets["photo.png"]


@pytest.mark.parametrize("name, data, expected", [
    ("fake.png", b"<svg onload=alert(1)>", "not a readable image"),
    ("wrong.jpg", _png(), "but its name ends in '.jpg'"),
    ("cut.png", _png()[:40], "not a readable image"),
    ("cut-later.png", _png((300, 300))[:-30], "damaged"),
])
def test_a_file_that_is_not_the_image_it_claims_is_reported(mini: MiniPortal, name: str, data: bytes, expected: str):
    mini.practice()
    (mini.root / "content").mkdir()
    (mini.root / "content" / name).write_bytes(data)
    assert expected in only_problem(mini.root, f"content/{name}").message
    assert not load(mini.root).assets


def test_a_cut_image_is_still_damaged_after_weasyprint_is_imported(mini: MiniPortal):
    """WeasyPrint (the fillable PDFs) turns on Pillow's global LOAD_TRUNCATED_IMAGES when imported."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint's import left it
    try:
        mini.practice()
        (mini.root / "content").mkdir()
        (mini.root / "content" / "cut.png").write_bytes(_png((300, 300))[:-30])
        assert "damaged" in only_problem(mini.root, "content/cut.png").message
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False


def test_a_decompression_bomb_is_reported(mini: MiniPortal):
    mini.practice()
    (mini.root / "content").mkdir()
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")  # 100 megapixels in a few kilobytes
    (mini.root / "content" / "bomb.png").write_bytes(out.getvalue())
    assert "too large" in only_problem(mini.root, "content/bomb.png").message


# ---------------------------------------------------------------- 6. crashes become positioned problems


def _front(mini: MiniPortal, line: str) -> Path:
    """A valid practice with one more front-matter line, which lands on line 11."""
    return mini.write("practices/hostile.md", (
        "---\ntitle: Hostile\nsummary: A summary.\nmunicipalities: [gran]\nstage: improvement\n"
        "status: implemented\nperiod: {start: 2004}\nsources: [{title: A source}]\n"
        f"last_verified: 2026-11-01\nlanguage: en\n{line}\n---\nBody.\n"))


@pytest.mark.parametrize("line, expected, column", [
    ("themes: " + "[" * 600 + "]" * 600, f"nested more than {MAX_YAML_DEPTH} levels", None),
    ("themes: " + "[" * 200_000 + "]" * 200_000, f"nested more than {MAX_YAML_DEPTH} levels", None),
    ("sdgs: [" + "9" * 5000 + "]", "digits", 8),
    ("transferability: 'raw \x01 control'", "U+0001", 23),
    ("transferability: 'raw \x1b[31m escape'", "U+001B", 23),
    ('transferability: "escaped \\x01"', "U+0001", 1),
    ('transferability: "escaped \\0 NUL"', "U+0000", 1),
    ('transferability: "a \\r carriage return"', "U+000D", 1),
    ('transferability: "\\ud800"', "invalid Unicode character escape", None),
    ('transferability: "bidi \\u202e reversed"', "U+202E", 1),
    ("transferability: 'bidi \u2067 isolate'", "U+2067", 24),
    ("transferability: '\x85 next line'", "U+0085", 19),
    ("sdgs: [1.0e999]", "not finite", 8),
    ("sdgs: [!!int 0x" + "f" * 5000 + "]", "too large", 8),
    ("sdgs: [!!int 1:" + "59:" * 2000 + "59]", "too large", 8),
    ("sdgs: [!!float .nan]", "not finite", 8),
], ids=lambda value: value[:30] if isinstance(value, str) else str(value))  # PYTEST_CURRENT_TEST goes to subprocesses
def test_input_that_used_to_crash_is_a_problem_at_its_position(mini: MiniPortal, line: str, expected: str, column):
    _front(mini, line)
    problem = only_problem(mini.root, "practices/hostile.md")
    assert expected in problem.message and problem.hint, str(problem)
    assert problem.line == 11, str(problem)
    if column:
        assert problem.column == column, str(problem)
    result = portal_check(mini.root)  # a separate process: a segmentation fault would show here
    assert result.returncode == 1 and "practices/hostile.md:11:" in result.stdout + result.stderr


def test_deep_block_nesting_is_a_problem(mini: MiniPortal):
    nested = "".join("  " * depth + f"k{depth}:\n" for depth in range(400)) + "  " * 400 + "v\n"
    mini.write("networks/deep.yml", nested)
    problem = only_problem(mini.root, "networks/deep.yml")
    assert "nested more than" in problem.message and problem.line == MAX_YAML_DEPTH + 1


def test_a_control_character_in_the_body_is_a_problem_at_its_line(mini: MiniPortal):
    mini.practice(body="## Context\n\nFine.\n\nNot \x07 fine.\n")
    problem = only_problem(mini.root, "practices/school-exchange.md")
    assert "U+0007" in problem.message and problem.line == 16 and problem.column == 5


@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity", "'NaN'"])
def test_numbers_must_be_finite(mini: MiniPortal, value: str):
    mini.practice(results=f"{{indicators: [{{name: Visits, unit: visits, achieved: {value}}}]}}")
    problem = only_problem(mini.root, "practices/school-exchange.md")
    assert problem.field == "results.indicators[0].achieved" and "is not a number" in problem.message


@pytest.mark.parametrize("value", ["nan", "inf", "'-Infinity'"])
def test_coordinates_must_be_finite(mini: MiniPortal, value: str):
    mini.practice()
    mini.write("registry/municipalities/more.yml", f"- id: lunner\n  name: Lunner\n  country: NO\n"
                                                    f"  coordinates: [{value}, 10]\n")
    problem = only_problem(mini.root, "registry/municipalities/more.yml")
    assert problem.field == "coordinates[0]" and "finite" in problem.message and problem.line == 4


def test_last_verified_in_the_future_is_a_problem(mini: MiniPortal):
    mini.practice(last_verified="9999-12-31")
    problem = only_problem(mini.root, "practices/school-exchange.md")
    assert problem.field == "last_verified" and "plausible" in problem.message
    mini.practice(last_verified="2099-01-01")
    problem = only_problem(mini.root, "practices/school-exchange.md")
    assert problem.field == "last_verified" and "in the future" in problem.message and problem.line == 10


# ---------------------------------------------------------------- 7. invalid data is never accepted


@pytest.mark.parametrize("field, value, expected", [
    ("period", "{start: 2012, end: 2010}", "ends (2010) before it starts (2012)"),
    ("sdgs", "[true]", "not true"),
    ("sdgs", "[4, 4]", "'4' is listed twice"),
    ("themes", "[education, education]", "'education' is listed twice"),
    ("municipalities", "[gran, mukono, gran]", "'gran' is listed twice"),
    ("sources", "[{title: A, url: 'javascript:alert(1)'}]", "not a web address"),
    ("sources", "[{title: A, url: 'data:text/html,x'}]", "not a web address"),
    ("sources", "[{title: A, url: 'https://a.example/\" onclick=\"x'}]", "holds"),
    ("sources", "[{title: A, url: 'https:///nohost'}]", "no host name"),
    ("contact", "{website: 'vbscript:x'}", "not a web address"),
])
def test_implausible_values_are_problems(mini: MiniPortal, field: str, value: str, expected: str):
    mini.practice(**{field: value})
    problem = only_problem(mini.root, "practices/school-exchange.md")
    assert expected in problem.message, str(problem)
    assert problem.field.startswith(field) and problem.line > 1


def test_web_addresses_that_editors_write_are_accepted(mini: MiniPortal):
    mini.practice(sources="[{title: A, url: 'https://en.wikipedia.org/wiki/Gran_(Norway)?a=1&b=%20#x'}, "
                          "{title: B, url: 'mailto:info@example.org'}, {title: C, url: 'HTTP://EXAMPLE.ORG'}]")
    assert not problems_in(mini.root)


@pytest.mark.parametrize("coordinates, expected", [("[91, 10]", "less than or equal to 90"),
                                                    ("[60, -181]", "greater than or equal to -180"),
                                                    ("[true, 10]", "not true")])
def test_coordinates_must_be_in_range(mini: MiniPortal, coordinates: str, expected: str):
    mini.practice()
    mini.write("registry/municipalities/more.yml", f"- id: lunner\n  name: Lunner\n  country: NO\n"
                                                    f"  coordinates: {coordinates}\n")
    problem = only_problem(mini.root, "registry/municipalities/more.yml")
    assert expected in problem.message and problem.line == 4


def test_a_place_at_the_same_latitude_and_longitude_is_no_duplicate(mini: MiniPortal):
    mini.practice()
    mini.write("registry/municipalities/more.yml", "- id: lunner\n  name: Lunner\n  country: NO\n  coordinates: [10, 10]\n")
    assert not problems_in(mini.root)


# ---------------------------------------------------------------- 8. ids


def test_an_id_with_spaces_around_it_is_a_problem_not_a_second_page(mini: MiniPortal):
    mini.practice()
    mini.write("registry/municipalities/more.yml", "- id: 'gran '\n  name: Gran again\n  country: NO\n")
    problem = only_problem(mini.root, "registry/municipalities/more.yml")
    assert problem.field == "id" and "spaces" in problem.message and problem.line == 1


def test_a_file_name_ending_in_a_newline_is_not_an_id(mini: MiniPortal):
    mini.practice()
    mini.write("practices/sneaky\n.md", "---\ntitle: x\n---\n")
    assert "not a valid id" in only_problem(mini.root, "practices/sneaky\n.md").message


# ---------------------------------------------------------------- 10. spoofing with invisible characters


@pytest.mark.parametrize("title", ["'Gran\u200b'", "'\ufeffGran'", "'Gr\u00adan'", "'Gran\u200e'"])
def test_invisible_characters_in_titles_are_problems(mini: MiniPortal, title: str):
    mini.practice(title=title)
    problem = only_problem(mini.root, "practices/school-exchange.md")
    assert problem.field == "title" and "invisible character" in problem.message


def test_invisible_characters_in_registry_names_are_problems(mini: MiniPortal):
    mini.practice()
    mini.write("registry/municipalities/more.yml", "- id: lunner\n  name: \"Lun\\u200bner\"\n  country: NO\n")
    assert "invisible" in only_problem(mini.root, "registry/municipalities/more.yml").message


def test_bidi_overrides_are_refused_in_any_text(mini: MiniPortal):
    mini.practice(body="## Context\n\nA \u202egnirts\u202c that reads backwards.\n")
    assert "U+202E" in only_problem(mini.root, "practices/school-exchange.md").message


# ---------------------------------------------------------------- 5. cost that grows faster than the input


@pytest.mark.parametrize("body, line", [
    ("Intro.\n\n" + ">" * 5000 + " deep\n", 3),
    ("Intro.\n\n" + "<div>" * 5000 + "x" + "</div>" * 5000, 3),
    ("Intro.\n\n" + "</div>" * 100 + "<blockquote>" * 100 + "x", 3),
    ("Intro.\n\n" + "".join("  " * i + "- item\n" for i in range(200)), 3),
    ("Intro.\n\n" + "*a " * 3000 + "x" + " a*" * 3000, 3),
], ids=["quotes", "divs", "stray-end-tags", "lists", "emphasis"])
def test_deeply_nested_text_is_refused_at_its_line(mini: MiniPortal, body: str, line: int):
    mini.practice(body=body)
    problem = only_problem(mini.root, "practices/school-exchange.md")
    assert "nests more than" in problem.message
    assert 11 + line <= problem.line <= 11 + body.count("\n") + 1, str(problem)[:200]


def test_ordinary_nesting_is_fine(mini: MiniPortal):
    body = ("## Context\n\n> A quote\n> > with a quote\n\n- a\n  - b\n    - c\n\n"
            + "".join(f"- item {i} with **bold** and [a link](https://example.org/{i})\n" for i in range(60))
            + "\n<details><summary>More</summary><div><p>Text</p></div></details>\n")
    mini.practice(body=body)
    assert not problems_in(mini.root)


def test_a_guide_nested_too_deeply_is_refused(mini: MiniPortal):
    mini.practice()
    mini.write("content/deep.md", "# Deep\n\n" + ">" * 400 + " x\n")
    assert "nests more than" in only_problem(mini.root, "content/deep.md").message


@pytest.mark.parametrize("body", ["para\n\n" * 6000, "| a | b |\n|---|---|\n" + "| x | y |\n" * 3000,
                                  "> " + "*a* " * 6000 + "\n"], ids=["paragraphs", "table", "emphasis"])
def test_a_text_with_too_many_elements_is_refused(mini: MiniPortal, body: str):
    mini.practice(body=body)
    problem = only_problem(mini.root, "practices/school-exchange.md")
    assert "makes more than 5,000 elements" in problem.message and problem.line >= 12


def test_every_kind_of_record_keeps_the_id_its_file_name_gives(tmp_path: Path):
    from conftest import copy_portal

    catalog, _ = check(copy_portal(tmp_path))
    for table in ("practices", "networks", "results", "portfolios", "templates"):
        for record_id, record in getattr(catalog, table).items():
            stem = Path(record.file).stem
            assert record_id and (record_id == stem or record_id.endswith("-" + stem)), (table, record_id, record.file)
    assert catalog.portfolios


@pytest.mark.parametrize("name, file", [("../escaped", "escaped.md"), ("a/b", "a-b.md"), ("x\n", "x.md"),
                                        ("Upper", "upper.md")])
def test_portal_new_makes_any_name_an_id_inside_the_portal(mini: MiniPortal, name: str, file: str):
    """A name becomes the file's id (`portal new practice "Ajdovščina PB"`): path parts and
    control characters never reach the file name, so nothing is written outside practices/."""
    portal = mini.root / "portal"
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(portal), "new", "practice", name],
                            cwd=REPO, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert [p.relative_to(mini.root).as_posix() for p in mini.root.rglob("*.md")] == [f"portal/practices/{file}"]


def test_portal_new_refuses_a_network_that_is_a_path(mini: MiniPortal):
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini.root / "portal"), "new", "results",
                             "ok", "--network", "../up"], cwd=REPO, capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 2 and "is not a valid" in result.stderr
    written = [p for p in (mini.root / "portal").rglob("*") if p.is_file()] if (mini.root / "portal").exists() else []
    assert not written and not list(mini.root.glob("up*")) and not list(mini.root.rglob("results-ok*"))


def test_an_animation_with_too_many_frames_for_its_size_is_reported_quickly(mini: MiniPortal):
    import struct

    # A 1 kB GIF: 40 frames of one pixel each on a 4000 x 4000 canvas, each decoded at full size.
    data = bytearray(b"GIF89a" + struct.pack("<HH", 4000, 4000) + bytes([0x80, 0, 0]) + b"\x00\x00\x00\xff\xff\xff")
    for i in range(40):
        data += b"\x21\xf9\x04\x04\x00\x00\x00\x00\x2c" + struct.pack("<HHHH", i, 0, 1, 1) + b"\x00\x02\x02\x44\x01\x00"
    mini.practice()
    (mini.root / "content").mkdir()
    (mini.root / "content" / "map.gif").write_bytes(bytes(data + b"\x3b"))
    assert "too many frames" in only_problem(mini.root, "content/map.gif").message


def test_a_short_animation_keeps_its_frames(mini: MiniPortal):
    frames = [Image.new("RGB", (20, 20), (i * 50, 0, 0)) for i in range(5)]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    mini.practice()
    (mini.root / "content").mkdir()
    (mini.root / "content" / "spin.gif").write_bytes(out.getvalue())
    assert Image.open(io.BytesIO(load(mini.root).assets["spin.gif"])).n_frames == 5


@pytest.mark.parametrize("relative, text", [
    ("practices/index.md", "---\ntitle: x\n---\n"), ("networks/index.yml", "name: x\n"),
    ("content/templates/index.yml", "title: x\n"),
    ("registry/municipalities/more.yml", "- id: index\n  name: Index\n  country: NO\n"),
])
def test_no_record_can_take_the_place_of_a_list_page(mini: MiniPortal, relative: str, text: str):
    mini.practice()
    mini.write(relative, text)
    problem = next(p for p in problems_in(mini.root, relative) if "reserved" in p.message)
    assert "'index' is reserved for the list pages" in problem.message


def test_a_guides_index_page_is_still_allowed(mini: MiniPortal):
    mini.practice()
    mini.write("content/index.md", "# Guides\n\nOur own list.\n")
    assert not problems_in(mini.root)


def test_spreadsheet_sheet_names_are_ones_excel_accepts():
    from generator.render.office import _sheet_title

    used: set[str] = set()
    names = [_sheet_title(title, used) for title in ["😀" * 31, "'quoted'", "History", "plan", "Plan", "a[b]:c"]]
    assert all(len(name.encode("utf-16-le")) // 2 <= 31 for name in names)
    assert names[1] == "quoted" and names[2] != "History" and names[4] == "Plan (2)" and names[5] == "a b  c"
