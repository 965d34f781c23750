"""Forms: one neutral structure for blank templates and filled plans.

The web page and every download (docx, odt, xlsx, csv, pdf) are written from a
`Form`, so they all show the same fields, the same columns in the same order
and the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import i18n
from ..i18n import N_
from ..languages import ORIGINAL
from ..models import Network, Results, Template
from ..models.common import Source
from ..models.filled import template_version
from ..models.template import STANDARD_HEADER_FIELDS, STANDARD_HEADER_KEYS
from ..models.measures import Quantity


GROUP = N_("Group")  # the heading of a grouped table's first column when the table names none


@dataclass
class FormColumn:
    name: str
    width: int = 2
    description: str = ""


@dataclass
class FormGroup:
    title: str | None
    rows: list[list[str]]


@dataclass
class FormTable:
    key: str
    title: str
    columns: list[FormColumn]
    groups: list[FormGroup]
    group_label: str | None = None
    description: str = ""
    example: list[str] | None = None

    @property
    def grouped(self) -> bool:
        return any(group.title for group in self.groups)

    def flat_header(self, gettext=str) -> list[str]:
        """Column headings for spreadsheets: the group becomes a first column."""
        names = [column.name for column in self.columns]
        return [self.group_label or gettext(GROUP), *names] if self.grouped else names

    def flat_rows(self) -> list[list[str]]:
        rows = []
        for group in self.groups:
            for row in group.rows:
                rows.append([group.title or "", *row] if self.grouped else list(row))
        return rows


@dataclass
class FormField:
    label: str
    value: str = ""
    hint: str = ""
    lines: int = 1
    key: str = ""  # the template's field key; standard header fields have keys in STANDARD_HEADER_KEYS


@dataclass
class ChecklistEntry:
    title: str
    description: str = ""


@dataclass
class Form:
    """What a printable page and its downloads contain."""

    name: str  # file name of the downloads, without extension
    title: str
    purpose: str
    date: dt.date  # last verified: printed in the footer and used as document date
    sources: list[Source]
    fields: list[FormField] = field(default_factory=list)
    tables: list[FormTable] = field(default_factory=list)
    checklist_title: str = ""
    checklist: list[ChecklistEntry] = field(default_factory=list)
    landscape: bool = False
    filled: bool = False
    instructions: str = ""  # how to fill it in: GitHub-flavoured Markdown from the template
    address: str = ""  # the web page's address, printed at the foot of every page
    template_version: str = ""  # a blank template's filled.template_version(): downloads carry it for portal import
    language: str = ORIGINAL  # the language of the words the downloads print around the form's own

    def gettext(self, message: str) -> str:
        """One of the downloads' own words (marked with N_ or _ where written), in the form's language."""
        return i18n.translations(self.language).gettext(message)

    def header_fields(self) -> list[FormField]:
        """The standard header (municipality, date, prepared by, version), laid out two to a row."""
        return [f for f in self.fields if f.key in STANDARD_HEADER_KEYS]

    def other_fields(self) -> list[FormField]:
        return [f for f in self.fields if f.key not in STANDARD_HEADER_KEYS]

    def examples(self) -> list[FormTable]:
        return [table for table in self.tables if table.example]

    def source_line(self) -> str:
        parts = []
        for source in self.sources:
            text = source.title
            if source.publisher:
                text += f", {source.publisher}"
            if source.year:
                text += f" ({source.year})"
            parts.append(text)
        return "; ".join(parts)


def in_language(form: Form, language: str) -> Form:
    """The form with its downloads' words in `language`: the standard header's labels (where the
    template kept them) and, through Form.gettext, what each writer prints around the form."""
    if language == ORIGINAL:
        return form
    standard = {f.key: f.label for f in STANDARD_HEADER_FIELDS}
    gettext = i18n.translations(language).gettext
    for f in form.fields:
        if standard.get(f.key) == f.label:
            f.label = gettext(f.label)
    form.language = language
    return form


def from_template(template_id: str, t: Template) -> Form:
    tables = []
    for table in t.tables:
        keys = [column.key for column in table.columns]

        def cells(row: dict[str, str]) -> list[str]:
            return [row.get(key, "") for key in keys]

        blank = [""] * len(keys)
        if table.groups:
            groups = [FormGroup(g.title, [cells(r) for r in g.rows] + [list(blank) for _ in range(g.blank_rows)])
                      for g in table.groups]
        else:
            groups = [FormGroup(None, [cells(r) for r in table.rows] + [list(blank) for _ in range(table.blank_rows)])]
        tables.append(FormTable(
            key=table.key, title=table.title, description=table.description or "",
            columns=[FormColumn(c.name, c.width, c.description or "") for c in table.columns],
            groups=groups, group_label=table.group_label,
            example=cells(table.example) if table.example else None))
    return Form(
        name=template_id, title=t.title, purpose=t.purpose, date=t.last_verified, sources=t.sources,
        fields=[FormField(f.label, "", f.hint or "", f.lines, f.key) for f in t.all_header_fields()],
        instructions=t.instructions or "",
        tables=tables,
        checklist_title=t.checklist.title if t.checklist else "",
        checklist=[ChecklistEntry(i.title, i.description or "") for i in t.checklist.items] if t.checklist else [],
        landscape=t.orientation == "landscape", template_version=template_version(t))


# Columns of a network's action plan, in the order of the action-plan template.
ACTIVITY_COLUMNS = [
    ("activity", N_("Activity"), 3), ("responsible", N_("Responsible"), 2), ("deadline", N_("Deadline"), 1),
    ("challenges", N_("Challenges"), 2), ("mitigation", N_("Mitigation"), 2), ("resources", N_("Resources"), 2),
    ("results", N_("Expected results"), 2),
]
# Translators: the title of a network's printable action plan, e.g. "Action plan: Gran and Mukono".
ACTION_PLAN_TITLE = N_("Action plan: %(network)s")


def _english(message: str) -> str:
    return message


def action_plan_name(network_id: str) -> str:
    return f"{network_id}-action-plan"


def from_action_plan(network_id: str, n: Network, gettext=_english) -> Form:
    """A network's action plan as a filled form; its labels through `gettext` (a language's, or English as written)."""
    plan = n.action_plan
    rows = [[getattr(a, key) or "" for key, _, _ in ACTIVITY_COLUMNS] for a in plan.activities]
    fields = [FormField(gettext(N_("Network")), n.name)]
    if plan.approach:
        fields.append(FormField(gettext(N_("Approach")), plan.approach))
    fields.append(FormField(gettext(N_("Goal")), plan.goal))
    if plan.beneficiaries:
        fields.append(FormField(gettext(N_("Beneficiaries")), plan.beneficiaries))
    table = FormTable("activities", gettext(N_("Activities")),
                      [FormColumn(gettext(name), width) for _, name, width in ACTIVITY_COLUMNS], [FormGroup(None, rows)])
    return Form(name=action_plan_name(network_id), title=gettext(ACTION_PLAN_TITLE) % {"network": n.name},
                purpose=n.summary, date=n.last_verified, sources=n.sources, fields=fields, tables=[table],
                landscape=True, filled=True)


def _number(value: Quantity | None) -> str:
    return value.label() if value is not None else ""


def _columns_with_data(columns: list, rows: list[list[str]]) -> tuple[list, list[list[str]]]:
    """Only the columns some row fills (the first, the row's name, always): a published record is read,
    not written in, and four empty columns squeezed its notes into a strip a word wide."""
    keep = [0] + [k for k in range(1, len(columns)) if any(row[k] for row in rows)]
    return [columns[k] for k in keep], [[row[k] for k in keep] for row in rows]


# The level of each group of a results file's findings, in its printable version.
FINDING_LEVELS = {"individual": N_("Individual level"), "organisational": N_("Organisational level"),
                  "community": N_("Community level")}


def from_results(results_id: str, res: Results, network_name: str, entity_name, gettext=_english,
                 number=None) -> Form:
    """A results file as a filled form; its labels through `gettext`, its figures through `number`
    (a language's words for a figure, render/labels.py; else as the model writes them)."""
    _ = gettext
    figure = _number if number is None else (lambda value: number(value) if value is not None else "")
    fields = [FormField(_(N_("Network")), network_name), FormField(_(N_("Evaluated in")), str(res.year))]
    if res.method:
        fields.append(FormField(_(N_("Method")), res.method))
    tables = []
    if res.indicators:
        columns = [(N_("Indicator"), 4), (N_("Unit"), 2), (N_("Baseline"), 1), (N_("Target"), 1), (N_("Achieved"), 1),
                   (N_("Year"), 1), (N_("Member"), 2), (N_("Note"), 3)]
        rows = [[i.name, i.unit, figure(i.baseline), figure(i.target), figure(i.achieved),
                 str(i.year or ""), entity_name(i.member) if i.member else "", i.note or ""]
                for i in res.indicators]
        columns, rows = _columns_with_data(columns, rows)
        tables.append(FormTable("indicators", _(N_("Indicators")), [FormColumn(_(n), w) for n, w in columns],
                                [FormGroup(None, rows)]))
    if res.findings:
        groups = [FormGroup(_(FINDING_LEVELS[level]), [[item] for item in getattr(res.findings, level)])
                  for level in ("individual", "organisational", "community") if getattr(res.findings, level)]
        if groups:
            tables.append(FormTable("findings", _(N_("Findings")), [FormColumn(_(N_("Finding")), 6)], groups,
                                    _(N_("Level"))))
    if res.benefits:
        groups = [FormGroup(entity_name(b.member), [[item] for item in b.benefits]) for b in res.benefits]
        tables.append(FormTable("benefits", _(N_("Benefits for each partner")), [FormColumn(_(N_("Benefit")), 6)],
                                groups, _(N_("Partner"))))
    points = [(_(title), items) for title, items in ((N_("Success factors"), res.success_factors),
                                                     (N_("Weaknesses"), res.weaknesses),
                                                     (N_("Lessons learned"), res.lessons))
              if items]
    if points:
        tables.append(FormTable("lessons", _(N_("Success factors, weaknesses and lessons")),
                                [FormColumn(_(N_("Point")), 6)],
                                [FormGroup(title, [[item] for item in items]) for title, items in points], _(N_("Kind"))))
    return Form(name=results_id, title=res.title, purpose=res.summary, date=res.last_verified,
                sources=res.sources, fields=fields, tables=tables,
                landscape=any(len(t.columns) > 5 for t in tables), filled=True)
