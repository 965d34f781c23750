"""The choices page and the Contribute tab: what an editor picks from, and the guide the tab opens."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import yaml

from conftest import REPO
from generator.build import render_options
from generator.catalog import link
from generator.cli import main
from generator.load import load
from generator.models.common import CAF_SUBCRITERIA, SDG_LABELS, Stage, Status
from generator.models.network import NetworkKind, Role
from generator.render import render
from generator.render.choices import CHOICES, CHOICES_PAGE
from generator.render.contribute import CONTRIBUTE_PAGE
from generator.schema import schema_files
from generator.validate import validate


def _pages(root) -> dict[str, str]:
    catalog, problems = link(validate(load(root)), dt.date(2026, 11, 24))
    assert not problems, problems
    return {path: data.decode("utf-8") for path, data in render(catalog, render_options(root)).files.items() if path.endswith(".md")}


def _values_listed(page: str) -> set[str]:
    return set(re.findall(r'<code class="portal-value">([^<]+)</code>', page))


def test_every_shipped_theme_and_value_is_listed_by_its_id(mini):
    shutil.copy(REPO / "registry/themes.yml", mini.root / "registry/themes.yml")
    page = _pages(mini.root)[CHOICES_PAGE]
    themes = yaml.safe_load((REPO / "registry/themes.yml").read_text(encoding="utf-8"))
    listed = _values_listed(page)
    assert {t["id"] for t in themes} <= listed
    for theme in themes:  # its name links to its page
        assert f"[{theme['name']}](../themes/{theme['id']}.md)" in page.replace("\\", "")
    for enum in (Stage, Status, NetworkKind, Role):
        assert {member.value for member in enum} <= listed, enum
    assert set(CAF_SUBCRITERIA) <= listed and {str(n) for n in SDG_LABELS} <= listed


def _enums_in_schemas() -> dict[str, list[str]]:
    """Every list of allowed values the JSON Schemas hold, by definition name."""
    found = {}
    for text in schema_files().values():
        for name, definition in json.loads(text).get("$defs", {}).items():
            if "enum" in definition:
                found[name] = definition["enum"]
    return found


def test_every_list_of_values_in_the_models_is_on_the_page_with_plain_words():
    """A value or an enum added to a model without words here fails, rather than the page going stale."""
    covered = {choice.enum.__name__: choice for choice in CHOICES}
    enums = _enums_in_schemas()
    assert enums, "the schemas hold no enums: the walk is broken"
    missing = sorted(set(enums) - set(covered))
    assert not missing, f"add these to generator/render/choices.py CHOICES: {missing}"
    for name, values in enums.items():
        wordless = [value for value, meaning in covered[name].rows() if not meaning]
        assert not wordless, f"{name}: no plain words for {wordless}"
        assert [value for value, _ in covered[name].rows()] == values


def test_a_theme_added_to_the_registry_appears_escaped(mini):
    mini.write("registry/themes.yml", """
        - id: education
          name: Education
        - id: water-supply
          name: Water <b>supply</b>
          description: Pipes | pumps and *wells*
        """)
    page = _pages(mini.root)[CHOICES_PAGE]
    assert "water-supply" in _values_listed(page)
    row = next(line for line in page.splitlines() if "water-supply</code>" in line)
    assert "<b>" not in row and "&lt;b&gt;" in row  # the name is shown, not markup
    assert "Pipes \\| pumps and \\*wells\\*" in row  # one cell, no emphasis
    assert "(../themes/water-supply.md)" in row


def test_the_contribute_page_carries_the_guide_or_a_generated_one(mini):
    generated = _pages(mini.root)[CONTRIBUTE_PAGE]  # the mini portal has no content/
    assert "(../propose/index.md)" in generated and "(../reference/choices.md)" in generated
    assert "/issues/new/choose" in generated  # mkdocs.yml names the repository
    mini.write("content/contributing.md", "# Share your work\n\nWrite to us about *your* practice.\n")
    pages = _pages(mini.root)
    assert pages[CONTRIBUTE_PAGE].split("\n---\n", 1)[-1].lstrip().startswith("# Share your work\n")
    assert "<em>your</em>" in pages[CONTRIBUTE_PAGE] and "/issues/new/choose" not in pages[CONTRIBUTE_PAGE]
    assert "guides/contributing.md" in pages  # still among the guides


def test_the_contribute_tab_opens_the_guide(mini, capsys):
    mini.practice()
    mini.write("content/contributing.md", "# How to contribute\n\nUse the [choices](../reference/choices.md).\n")
    assert main(["--root", str(mini.root), "-q", "build"]) == 0, capsys.readouterr().err
    home = (mini.root / "site/index.html").read_text(encoding="utf-8")
    tabs = home[home.index('class="md-tabs__list"'):]
    tabs = tabs[:tabs.index("</ul>")]
    assert re.search(r'href="contribute/index\.html"[^>]*>\s*Contribute', tabs)
    guide = (mini.root / "site/contribute/index.html").read_text(encoding="utf-8")
    assert "Use the" in guide and 'href="../reference/choices.html"' in guide


def test_the_guide_puts_the_browser_first_and_its_registry_example_is_the_shipped_entry():
    guide = (REPO / "content/contributing.md").read_text(encoding="utf-8")
    repo = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["repo_url"]
    browser_routes = [guide.index("(../propose/index.md)"), guide.index(f"]({repo}/issues/new/choose)"),
                      guide.index("Add file › Create new file")]
    assert max(browser_routes) < guide.index("pip install") < guide.index("`portal new practice gran-hosting")
    assert "(../reference/choices.md)" in guide
    example = re.search(r"This is Gran's entry.*?```yaml\n(.*?)```", guide, re.S).group(1)
    shipped = yaml.safe_load((REPO / "registry/municipalities/partnerships.yml").read_text(encoding="utf-8"))
    assert yaml.safe_load(example) == [next(entry for entry in shipped if entry["id"] == "gran")]


def test_the_home_page_invites_visitors_to_share_a_practice(mini):
    home = _pages(mini.root)["index.md"]
    assert "**[Share a practice](propose/index.md)**" in home and "(contribute/index.md)" in home
