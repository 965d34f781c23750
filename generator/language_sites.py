"""Build stage: one site per interface language (issue 14), each from its own MkDocs config.

English is built as always: `build/docs/` with `mkdocs.yml` into `site/`. Each other language L
(generator/languages.py) has its docs folder `build/docs-L/` (what the render stage returns for
L) and a config `mkdocs.L.yml` written here from `mkdocs.yml`: `theme.language: L`, docs_dir
`build/docs-L`, site_dir `site/L`, `site_url` + "L/", the navigation's titles and the palette's
toggles in L. It sits beside mkdocs.yml (and is ignored by git) because Zensical takes the
config's folder as the project's root and wants the site inside it; so its other paths
(custom_dir, hooks) stay as mkdocs.yml has them, and `mkdocs build -f mkdocs.L.yml` or
`zensical build -f mkdocs.L.yml` builds `site/L/` as `portal build` does (after the English
site: building that one empties `site/`).

Every config, English included, lists the five languages in `extra.alternate` (Material's
language switcher), each by its own name and linking to its home relative to the site's
root, so the links work on GitHub Pages under a sub-path, from disk and under `portal serve`.
Each entry also carries `root`, the other site's root seen from this one ("", "sq/", "../"):
the theme (overrides/partials/alternate.html, overrides/main.html) adds the page's own path to
it where the page exists in that language (its front matter `translations:`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .i18n import N_, translations
from .languages import LANGUAGES, ORIGINAL, TRANSLATIONS
from .render.i18n import extra_javascript

CONFIG_FILE = "mkdocs.yml"
BUILD_FOLDER = Path("build")
ENGLISH_DOCS = BUILD_FOLDER / "docs"

# The navigation's titles in mkdocs.yml, marked so that the catalogue holds them; a title a portal
# adds of its own stays as written.
NAV_TITLES = (N_("Home"), N_("Practices"), N_("Networks"), N_("Results"), N_("Municipalities"),
              N_("Organisations"), N_("Countries"), N_("Themes"), N_("Templates"), N_("Guides"),
              N_("Contribute"), N_("How to contribute"), N_("Field reference"), N_("Choices"),
              N_("Open data"), N_("Propose a practice"))
PALETTE_TOGGLES = (N_("Switch to dark mode"), N_("Switch to light mode"))  # theme.palette[].toggle.name
# The shipped portal's name and description: translated in its language sites. A portal that names
# itself otherwise (portal init) keeps its own words, which the catalogue does not hold.
SHIPPED_WORDS = (N_("Good practices for inter-municipal learning"),
                 N_("Good practices, networks and results that municipalities share so that others can learn from them."))
# The footer's words (overrides/partials/copyright.html reads them from extra.portal_words; English
# keeps the template's own).
FOOTER_WORDS = {"accessibility": N_("Accessibility statement"), "open_data": N_("Open data"),
                "made_with": N_("Made with")}


def docs_dir(language: str) -> Path:
    """The docs folder of `language`, relative to the portal's root."""
    return ENGLISH_DOCS if language == ORIGINAL else BUILD_FOLDER / f"docs-{language}"


def config_path(language: str) -> Path:
    """The MkDocs config of `language`, relative to the portal's root."""
    return Path(CONFIG_FILE) if language == ORIGINAL else Path(f"mkdocs.{language}.yml")


def site_subfolder(language: str) -> str:
    """Where `language`'s site sits inside the English site ("" for English)."""
    return "" if language == ORIGINAL else language


# Translators: after a language's name in the header's language switcher, where the page is not in that
# language and its link leads to that language's home page instead (in the language it names).
HOME_NOTE = N_("home page")


def alternates(current: str) -> list[dict[str, str]]:
    """`extra.alternate` for the site of `current`: every language, its home relative to this site's root, and
    the words, in that language, that the switcher puts after its name where a page is not in it (`home`)."""
    entries = []
    for language in LANGUAGES:
        root = _root_of(language.code, seen_from=current)
        entries.append({"name": language.name, "link": root + "index.html", "lang": language.code, "root": root,
                        "home": translations(language.code).gettext(HOME_NOTE)})
    return entries


def _root_of(language: str, seen_from: str) -> str:
    if language == seen_from:
        return ""
    up = "" if seen_from == ORIGINAL else "../"
    return up + (site_subfolder(language) + "/" if language != ORIGINAL else "")


# --- the configs -----------------------------------------------------------------------------------


class _Tagged:
    """A YAML value under a tag this module does not interpret (`!!python/name:`, `!ENV`), kept as written."""

    def __init__(self, tag: str, value: Any):
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        return _Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    return _Tagged(node.tag, loader.construct_mapping(node, deep=True))


def _represent_tagged(dumper: yaml.SafeDumper, tagged: _Tagged) -> yaml.Node:
    if isinstance(tagged.value, list):
        return dumper.represent_sequence(tagged.tag, tagged.value)
    if isinstance(tagged.value, dict):
        return dumper.represent_mapping(tagged.tag, tagged.value)
    return dumper.represent_scalar(tagged.tag, tagged.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def read_config(root: Path) -> dict:
    """mkdocs.yml as data, its tagged values kept for writing back."""
    config = yaml.load((Path(root) / CONFIG_FILE).read_text(encoding="utf-8"), Loader=_Loader)
    return config if isinstance(config, dict) else {}


def language_config(english: dict, language: str) -> dict:
    """The config of `language`'s site, from mkdocs.yml's, for a file beside it."""
    config = dict(english)
    config["docs_dir"] = docs_dir(language).as_posix()
    config["site_dir"] = (Path(english.get("site_dir", "site")) / site_subfolder(language)).as_posix()
    if english.get("site_url"):
        config["site_url"] = str(english["site_url"]).rstrip("/") + f"/{language}/"
    theme = english.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "mkdocs"}
    theme["language"] = language
    gettext = translations(language).gettext
    if isinstance(theme.get("palette"), list):
        theme["palette"] = [_toggle_named(scheme, gettext) for scheme in theme["palette"]]
    config["theme"] = theme
    if english.get("extra_javascript"):  # the site-wide scripts' messages in L, loaded before them
        config["extra_javascript"] = extra_javascript(english["extra_javascript"], language)
    if "nav" in english:
        config["nav"] = translated_nav(english["nav"], gettext)
    for key in ("site_name", "site_description"):
        if isinstance(english.get(key), str):
            config[key] = gettext(english[key])
    extra = dict(english.get("extra") or {})
    extra["alternate"] = alternates(language)
    extra["portal_words"] = {key: gettext(words) for key, words in FOOTER_WORDS.items()}
    config["extra"] = extra
    return config


def _toggle_named(scheme: Any, gettext) -> Any:
    toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
    if not isinstance(toggle, dict) or not isinstance(toggle.get("name"), str):
        return scheme
    return {**scheme, "toggle": {**toggle, "name": gettext(toggle["name"])}}


def translated_nav(nav: Any, gettext) -> Any:
    """The navigation with each title through `gettext`; the pages it names stay as they are."""
    if isinstance(nav, list):
        return [translated_nav(item, gettext) for item in nav]
    if isinstance(nav, dict):
        return {gettext(title) if isinstance(title, str) else title: translated_nav(value, gettext)
                for title, value in nav.items()}
    return nav


def write_configs(root: Path, languages: tuple[str, ...] = TRANSLATIONS) -> dict[str, Path]:
    """mkdocs.L.yml for each language; returns their paths (written only when they changed)."""
    english = read_config(root)
    written = {}
    for language in languages:
        path = Path(root) / config_path(language)
        text = ("# Generated by `portal build` from mkdocs.yml (generator/language_sites.py): "
                "edit mkdocs.yml, not this file.\n"
                + yaml.dump(language_config(english, language), Dumper=_Dumper, allow_unicode=True,
                            sort_keys=False, width=120))
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written[language] = path
    return written
