"""Page steps: one function per kind of page, registered in the order they run."""

from __future__ import annotations

import json
from collections import defaultdict

from ..models.common import STAGE_LABELS, country_name
from . import Renderer, safe, step
from .facets import DATA_SCRIPT_GLOBAL, practice_index, practice_index_script
from .languages import (EVERY, ORIGINAL, ORIGINAL_ONLY, TRANSLATED, guide_in_language, listed, list_notice,
                        localized_index, record_notice)

FALLBACK_LIST = 100  # practices listed on the index page for readers without script


def _by_newest(records: list) -> list:
    """Newest first: by last verification, then start year, then id (a stable order)."""
    return sorted(records, key=lambda r: (-r.model.last_verified.toordinal(),
                                          -(getattr(getattr(r.model, "period", None), "start_year", 0) or 0), r.id))


@step(per_item=True, languages=TRANSLATED)
def practices(r: Renderer) -> None:
    catalog = r.catalog
    for practice_id, record in r.share(r.records("practice")):
        r.page(f"practices/{practice_id}.md", "practice.md.j2", notice=record_notice(r, record), id=practice_id,
               record=record, p=record.model, countries=catalog.practice_countries(practice_id),
               related=catalog.related[practice_id],
               networks=[(link, catalog.networks[link.ref]) for link in record.model.network_links()
                         if link.ref in catalog.networks])


@step(languages=EVERY)
def practices_index(r: Renderer) -> None:
    catalog = r.catalog
    # The filters read index-data.js (a script loads over file://, fetch() does not); index.json is the export.
    # Without script the page lists the first practices by title.
    index = practice_index(catalog, r.options.language)
    if r.notices is not None:  # translated practices first, in their translation; the rest link to English
        index = localized_index(r, index)
    r.output.add("practices/index.json", json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    r.output.add("practices/index-data.js", practice_index_script(index))
    r.page("practices/index.md", "practices_index.md.j2", first=[row[:2] for row in index["practices"][:FALLBACK_LIST]],
           total=len(index["practices"]), data_global=DATA_SCRIPT_GLOBAL, notice=list_notice(r))


@step(per_item=True, languages=TRANSLATED)
def networks(r: Renderer) -> None:
    catalog = r.catalog
    for network_id, record in r.share(r.records("network")):
        n = record.model
        members_by_role = defaultdict(list)
        for member in n.members:
            members_by_role[member.role].append(member)
        r.page(f"networks/{network_id}.md", "network.md.j2", notice=record_notice(r, record), id=network_id,
               record=record, n=n,
               countries=catalog.network_countries(network_id), members_by_role=dict(members_by_role),
               stages=STAGE_LABELS, practices=sorted(catalog.practices_by_network.get(network_id, [])),
               results=sorted(catalog.results_by_network.get(network_id, [])))


@step(languages=EVERY)
def networks_index(r: Renderer) -> None:
    catalog = r.catalog
    rows = [(nid, model, catalog.network_countries(nid)) for nid, model in listed(r, "network")]
    r.page("networks/index.md", "networks_index.md.j2", rows=rows, notice=list_notice(r),
           portfolios=[(pid, rec.model) for pid, rec in sorted(catalog.portfolios.items())])


@step(languages=TRANSLATED)
def results(r: Renderer) -> None:
    for results_id, record in r.records("results"):
        r.page(f"results/{results_id}.md", "results.md.j2", notice=record_notice(r, record), id=results_id,
               record=record, res=record.model)
    r.page("results/index.md", "results_index.md.j2", rows=listed(r, "results"), notice=list_notice(r))


def _network_roles(catalog) -> dict[str, dict[str, list[str]]]:
    """Registry id -> network id -> its roles there (hosting counts), built once rather than per entity."""
    roles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for network_id, record in sorted(catalog.networks.items()):
        if record.model.host:
            roles[record.model.host][network_id].append("host")
        for member in record.model.members:
            if member.role not in roles[member.ref][network_id]:
                roles[member.ref][network_id].append(member.role)
    return roles


@step(per_item=True, languages=ORIGINAL_ONLY)
def registry(r: Renderer) -> None:
    catalog = r.catalog
    roles = _network_roles(catalog)
    for kind, table in (("municipality", catalog.municipalities), ("organisation", catalog.organisations)):
        for entity_id, record in r.share(sorted(table.items())):
            r.page(f"{'municipalities' if kind == 'municipality' else 'organisations'}/{entity_id}.md",
                   "entity.md.j2", id=entity_id, kind=kind, e=record.model, record=record,
                   practices=sorted(set(catalog.practices_by_member.get(entity_id, []))),
                   networks=catalog.networks_by_member.get(entity_id, []),
                   memberships=sorted(roles.get(entity_id, {}).items()),
                   transfers=sorted(set(catalog.transfers_by_member.get(entity_id, []))),
                   portfolios=sorted(pid for pid, pf in catalog.portfolios.items() if pf.model.owner == entity_id))


@step(languages=EVERY)
def registry_index(r: Renderer) -> None:
    catalog = r.catalog
    r.page("municipalities/index.md", "municipalities_index.md.j2",
           municipalities=sorted(catalog.municipalities.items(), key=lambda kv: (kv[1].model.country, kv[1].model.name)),
           practice_counts={k: len(set(v)) for k, v in catalog.practices_by_member.items()},
           network_counts={k: len(v) for k, v in catalog.networks_by_member.items()})
    r.page("organisations/index.md", "organisations_index.md.j2",
           organisations=sorted(catalog.organisations.items(), key=lambda kv: r.shown_sort_name(kv[1].model).casefold()),
           network_counts={k: len(v) for k, v in catalog.networks_by_member.items()})


@step(languages=EVERY)
def themes(r: Renderer) -> None:
    catalog = r.catalog
    for theme_id, record in sorted(catalog.themes.items()) if r.options.language == ORIGINAL else ():  # index only in L
        r.page(f"themes/{theme_id}.md", "theme.md.j2", id=theme_id, t=record.model,
               practices=sorted(catalog.practices_by_theme.get(theme_id, [])),
               networks=sorted(catalog.networks_by_theme.get(theme_id, [])))
    r.page("themes/index.md", "themes_index.md.j2", themes=sorted(catalog.themes.items()),
           practice_counts={k: len(v) for k, v in catalog.practices_by_theme.items()},
           network_counts={k: len(v) for k, v in catalog.networks_by_theme.items()})


@step(languages=EVERY)
def countries(r: Renderer) -> None:
    catalog = r.catalog
    practices_in, networks_in = defaultdict(list), defaultdict(list)
    for practice_id in catalog.practices:
        for code in catalog.practice_countries(practice_id):
            practices_in[code].append(practice_id)
    for network_id in catalog.networks:
        for code in catalog.network_countries(network_id):
            networks_in[code].append(network_id)
    all_countries = {code: r.words.country(code) for code in catalog.countries()}  # named in the page's language
    for code, name in all_countries.items() if r.options.language == ORIGINAL else ():  # index only in L
        r.page(f"countries/{code.lower()}.md", "country.md.j2", code=code, name=name,
               practices=sorted(practices_in[code]), networks=sorted(networks_in[code]),
               municipalities=sorted((mid for mid, m in catalog.municipalities.items() if m.model.country == code),
                                     key=lambda mid: catalog.municipalities[mid].model.name),
               organisations=sorted((oid for oid, o in catalog.organisations.items() if o.model.country == code),
                                    key=lambda oid: r.shown_sort_name(catalog.organisations[oid].model).casefold()))
    r.page("countries/index.md", "countries_index.md.j2", countries=all_countries,
           practice_counts={c: len(v) for c, v in practices_in.items()},
           network_counts={c: len(v) for c, v in networks_in.items()})


@step(languages=ORIGINAL_ONLY)
def portfolios(r: Renderer) -> None:
    for portfolio_id, record in sorted(r.catalog.portfolios.items()):
        r.page(f"portfolios/{portfolio_id}.md", "portfolio.md.j2", id=portfolio_id, record=record,
               pf=record.model)


@step(languages=EVERY)
def guides(r: Renderer) -> None:
    """Hand-written pages from content/: contributor Markdown, made safe like any other.

    In another language, a guide translated into it (content/<name>.<language>.md) is at the original's
    path; the others are listed in English and link to the English site (languages.py)."""
    listed = []
    for original in r.catalog.pages:
        page, _notice, mark = guide_in_language(r, original, f"guides/{original.path}")
        lines = page.text.splitlines()
        title = lines[0][2:].strip() if lines and lines[0].startswith("# ") else original.path
        body = "\n".join(lines[1:]) if lines and lines[0].startswith("# ") else page.text
        r.page(f"guides/{original.path}", "guide.md.j2", title=title, body=body, source=f"content/{page.path}")
        listed.append((title, original.path, mark(_first_paragraph(body))))  # an untranslated one's lead: lang
    if not any(page.path == "index.md" for page in r.catalog.pages):
        r.page("guides/index.md", "guides_index.md.j2", guides=sorted(listed), notice=list_notice(r))
    for relative, data in sorted(r.catalog.assets.items()):
        r.output.add(f"guides/{relative}", data)


def _first_paragraph(markdown_text: str) -> str:
    """The first prose paragraph of a guide, as plain text, for the guides index."""
    for block in markdown_text.split("\n\n"):
        block = block.strip()
        if block and not block.startswith(("#", "!!!", "|", "-", "<", ">", "1.")) and not block.endswith(":"):
            return block
    return ""


@step(languages=EVERY)
def home(r: Renderer) -> None:
    catalog = r.catalog
    r.page("index.md", "home.md.j2", site_name=r.words.gettext(r.options.site_name),  # as the header bar names it
           latest_practices=[rec.id for rec in _by_newest(list(catalog.practices.values()))[:6]],
           latest_results=[rec.id for rec in _by_newest(list(catalog.results.values()))[:4]],
           themes=sorted(catalog.themes.items(), key=lambda kv: -len(catalog.practices_by_theme.get(kv[0], []))),
           countries={code: r.words.country(code) for code in catalog.countries()}, stages=STAGE_LABELS,
           counts={"practices": len(catalog.practices), "networks": len(catalog.networks),
                   "results": len(catalog.results), "municipalities": len(catalog.municipalities)},
           guides=[page.path for page in catalog.pages], has_templates=bool(catalog.templates))


@step(languages=EVERY)
def assets(r: Renderer) -> None:
    from . import ASSETS

    for path in sorted(ASSETS.rglob("*")):
        if path.is_file():
            r.output.add(f"assets/{path.relative_to(ASSETS).as_posix()}", path.read_bytes())


@step(languages=EVERY)
def caf_tool(r: Renderer) -> None:
    """The CAF self-assessment tool: caf/index.md and its data (caf_tool.py)."""
    from .caf_tool import render_caf_tool  # imported here: it uses the downloads module, which registers later steps

    render_caf_tool(r)


__all__ = ["country_name", "safe"]
