"""The CAF self-assessment tool (caf/index.html): its page and the data its script proposes from.

Everything runs in the browser (assets/caf-tool.js) on data written here, as scripts so that the
page works from file:// too, where browsers refuse fetch():

- caf/tool-data.js: the sheet (sub-criteria, columns and score panels, all taken from the shipped
  template content/templates/caf-self-assessment.yml), the blank CSV and XLSX downloads to fill in,
  the chart's geometry (visual/bars.py), and the catalogue reduced to numbers: per practice its CAF
  sub-criteria, the strength of its results, who runs it, its networks and themes;
- caf/titles/<n>.js: the practices' ids and titles, CHUNK at a time, loaded only for the practices
  a proposal shows (titles are most of the bytes; at 10,000 practices all of them would pass 1 MB).

Only practices tagged with a CAF sub-criterion are written: no other can be proposed.
Contributor text goes in through json.dumps only; the script puts it into the page with textContent.
"""

from __future__ import annotations

import base64
import json
import re

from ..models.common import CAF_CRITERIA, CAF_SUBCRITERIA, STAGE_LABELS
from ..models.filled import FORMAT, GROUP_KEY, template_version
from ..models.practice import Practice, TransferOutcome
from . import SECTIONS
from .answers import with_accepted_answers
from .downloads import _with_address
from .form_csv import form_csv
from .forms import from_template
from .office import FORMULA_START, PLAIN_NUMBER
from .visual import bars
from .visual.charts import FONT
from .workbook import xlsx_bytes

TEMPLATE = "caf-self-assessment"
TABLE = "assessment"
PAGE = "caf/index.md"
DATA = "caf/tool-data.js"
DATA_GLOBAL = "portalCafTool"
TITLES = "caf/titles/{}.js"
TITLES_GLOBAL = "portalCafTitles"
CHUNK = 200  # practices per titles file: a proposal of ten loads at most ten of them (about 25 kB each)
ENABLERS = {"1", "2", "3", "4", "5"}  # CAF's enabler criteria; 6 to 9 are results, scored on their own panels
WEAK_LIMIT, WEAK_SCORE = 5, 50  # weak points: the five lowest scores, each 50 or less (Plan or Do)
SHOWN = {"practices": 10, "networks": 8, "peers": 10}
STATUS_POINTS = {"scaled": 2, "implemented": 1}
TRANSFER_POINTS_MAX = 3
PANEL_ROW = re.compile(r"^\|\s*(\d+)\s*[–-]\s*(\d+)\s*\|\s*(.+?)\s*\|\s*$", re.M)
PANEL_PHRASE = re.compile(r"(\d+)\s*[–-]\s*(\d+)\s+([^;]+?)(?=;|\.\s|\.$)", re.S)


def _value(choice) -> str:
    """An enum field's text (models may keep enums as their values)."""
    return getattr(choice, "value", choice)


def strength(practice: Practice) -> tuple[int, list[int]]:
    """Strength of a practice's results, and its parts [figures, transfers taken up, status points].

    Results with figures count 2, each transfer taken up elsewhere (any outcome but failed) 1,
    up to 3, a scaled practice 2 and an implemented one 1. The page says the same in words.
    """
    figures = int(bool(practice.results and any(i.figures for i in practice.results.indicators)))
    taken_up = sum(1 for t in practice.transfers if t.outcome != TransferOutcome.failed)
    status = STATUS_POINTS.get(_value(practice.status), 0)
    return 2 * figures + min(taken_up, TRANSFER_POINTS_MAX) + status, [figures, taken_up, status]


def score_panels(instructions: str) -> dict[str, list[list]]:
    """The sheet's scoring panels, read from its instructions: the PDCA table for the enablers,
    the sentence that follows it for the results. [[low, high, what it means], ...]."""
    table = [[int(a), int(b), text] for a, b, text in PANEL_ROW.findall(instructions)]
    rest = instructions[instructions.rfind("|") + 1:] if table else instructions
    phrases = [[int(a), int(b), " ".join(text.split())] for a, b, text in PANEL_PHRASE.findall(rest)]
    return {"enablers": table, "results": phrases}


def _joining(network) -> list | None:
    """[takes new members, as of year] where the record says; None where it does not."""
    joining = network.joining
    return None if joining is None else [joining.open, joining.as_of]


def network_stage(network) -> tuple[str, str]:
    """The network's current learning-cycle step (its key): the last ongoing one, else the last done."""
    cycle = network.cycle
    if not cycle:
        return "", ""
    steps = [(key, getattr(cycle, key.replace("-", "_"))) for key in STAGE_LABELS]
    for wanted in ("ongoing", "done"):
        found = [key for key, step in steps if step and _value(step.status) == wanted]
        if found:
            return found[-1], wanted
    return "", ""


def page_href(r, kind: str, record_id: str) -> str:
    """A record's page from the tool's page (caf/): the English one where this language has no translation."""
    page = f"{SECTIONS[kind]}/{record_id}.md"
    up = "../" if r.holdings.holds(r.options.language, page) else "../../"
    return up + page.removesuffix(".md") + ".html"


def sheet(r, record) -> dict:
    """The template's sheet as the script needs it: rows, columns, panels, blank downloads."""
    template = record.model
    table = next(t for t in template.tables if t.key == TABLE)
    rows = [(group.title, row.get("subcriterion", "")) for group in table.groups for row in group.rows]
    codes = [name.split(" ", 1)[0] for _, name in rows]
    if codes != CAF_SUBCRITERIA:
        raise ValueError(f"{record.file}: the sheet's rows are not the 28 CAF 2020 sub-criteria in order")
    form = with_accepted_answers(_with_address(r, from_template(TEMPLATE, template), f"templates/{TEMPLATE}.md"),
                                 template)
    formula_start = "".join(FORMULA_START)
    return {
        "id": TEMPLATE, "version": template_version(template), "format": FORMAT, "groupKey": GROUP_KEY,
        "title": template.title, "table": TABLE, "tableTitle": table.title, "groupLabel": table.group_label,
        "columns": [[c.key, c.name] for c in table.columns],
        "header": [[f.key, f.label] for f in template.all_header_fields()],
        "rows": [[code, name, group, code.split(".")[0] in ENABLERS] for code, (group, name) in zip(codes, rows)],
        "criteria": [[c, name] for c, (name, _count) in CAF_CRITERIA.items()],
        "panels": score_panels(template.instructions or ""),
        "csv": form_csv(form).decode("utf-8-sig"),
        "xlsx": base64.b64encode(xlsx_bytes(form)).decode("ascii"),
        "formula": {"start": formula_start, "number": PLAIN_NUMBER.pattern},
    }


def catalogue(r) -> tuple[dict, list[list[str]]]:
    """The catalogue as numbers for proposing, and the (id, title) of each practice written."""
    catalog = r.catalog
    tagged = [(pid, rec.model) for pid, rec in sorted(catalog.practices.items()) if rec.model.caf]
    municipalities = sorted({m for _, p in tagged for m in p.municipalities if m in catalog.municipalities})
    m_index = {m: n for n, m in enumerate(municipalities)}
    networks = sorted(catalog.networks)
    n_index = {n: i for i, n in enumerate(networks)}
    themes = sorted(catalog.themes)
    t_index = {t: i for i, t in enumerate(themes)}
    rows = []
    for _pid, p in tagged:
        points, parts = strength(p)
        rows.append([[CAF_SUBCRITERIA.index(c) for c in p.caf], points, parts,
                     [m_index[m] for m in p.municipalities if m in m_index],
                     [n_index[n] for n in dict.fromkeys(p.network_ids()) if n in n_index],
                     [t_index[t] for t in p.themes if t in t_index]])
    network_rows = []
    for network_id in networks:
        n = r.localized("network", catalog.networks[network_id]).model  # its name as its page gives it
        stage, stage_status = network_stage(n)
        # In the page's language, as the networks index says them; the link as the script writes it.
        network_rows.append([network_id, n.name, r.words.label(n.kind), r.words.stage(stage),
                             stage_status, r.words.period(n.period), n.period.end is None,
                             [t_index[t] for t in n.themes if t in t_index], _joining(n),
                             page_href(r, "network", network_id)])
    data = {
        "municipalities": [[m, r.entity_name(m), catalog.municipalities[m].model.country,
                            page_href(r, "municipality", m)] for m in municipalities],
        "networks": network_rows,
        "themes": [r.theme_name(t) for t in themes],
        "practices": rows,
    }
    titles = [[pid, r.localized("practice", catalog.practices[pid]).model.title, page_href(r, "practice", pid)]
              for pid, _p in tagged]  # the title the practice's own page shows
    return data, titles


def chart_geometry() -> dict:
    """The bar charts' measures (visual/bars.py), so the script draws the same chart."""
    return {"width": bars.WIDTH, "label": bars.LABEL_WIDTH, "right": bars.RIGHT, "row": bars.ROW, "bar": bars.BAR,
            "axis": bars.AXIS, "font": FONT, "grey": bars.GREY, "labelChars": bars.LABEL_CHARS}


def tool_data(r) -> tuple[dict, list[list[str]]]:
    record = r.localized("template", r.catalog.templates[TEMPLATE])  # the sheet in the page's language
    data, titles = catalogue(r)
    return {"sheet": sheet(r, record), "chart": chart_geometry(), "chunk": CHUNK,
            "titles": TITLES.removeprefix("caf/"),  # from the page, which is in caf/
            "titlesGlobal": TITLES_GLOBAL, "weak": {"limit": WEAK_LIMIT, "score": WEAK_SCORE},
            "shown": SHOWN, "points": {"status": STATUS_POINTS, "transfersMax": TRANSFER_POINTS_MAX},
            **data}, titles


def script(global_name: str, value: object, key: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if key is None:
        return f"window.{global_name} = {text};\n"
    return f"(window.{global_name} = window.{global_name} || {{}})[{key}] = {text};\n"


def render_caf_tool(r) -> None:
    """The page, its data and the titles files; nothing when the portal has no CAF sheet."""
    record = r.catalog.templates.get(TEMPLATE)
    if record is None:
        return
    data, titles = tool_data(r)
    r.output.add(DATA, script(DATA_GLOBAL, data))
    for n in range(0, len(titles), CHUNK):
        r.output.add(TITLES.format(n // CHUNK), script(TITLES_GLOBAL, titles[n:n + CHUNK], n // CHUNK))
    # The sheet's title and its scoring instructions in the page's language, where the template is translated.
    shown = r.localized("template", record)
    r.page(PAGE, "caf_tool.md.j2", t=shown.model, t_language=None if shown is record else r.options.language,
           data_global=DATA_GLOBAL, practices=len(titles))
