"""A fill-in template (a form as data): `content/templates/<id>.yml`.

A template is header fields plus one or more tables whose columns are listed in
order; the generator turns it into a printable page and office downloads, and
uses the same structure for filled plans.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator

from .common import MARKDOWN, Count, Figure, Id, LanguageCode, LastVerified, Name, Record, Source, Text, _number_to_text
from .translation import TRANSLATABLE

CellText = Annotated[str, BeforeValidator(_number_to_text)]
Row = dict[Id, CellText]


class Orientation(str, Enum):
    portrait = "portrait"
    landscape = "landscape"


class HeaderField(Record):
    """A field filled in once per form, above the tables (e.g. goal, beneficiaries)."""

    key: Id
    label: Annotated[Text, TRANSLATABLE]
    hint: Annotated[str | None, TRANSLATABLE] = Field(None, description="What to write here; shown in the blank form.")
    lines: Count = Field(1, ge=1, le=12, description="Room to leave for the answer, in lines.")


# Every form asks who filled it in, where, when and in which version. A template's own field
# with one of these keys takes its place (e.g. "Municipality or department").
STANDARD_HEADER_FIELDS = (
    HeaderField(key="municipality", label="Municipality"),
    HeaderField(key="date", label="Date"),
    HeaderField(key="prepared-by", label="Prepared by"),
    HeaderField(key="version", label="Version"),
)
STANDARD_HEADER_KEYS = frozenset(field.key for field in STANDARD_HEADER_FIELDS)


class Column(Record):
    key: Id = Field(description="Id of the column; rows use it as key.")
    name: Annotated[Text, TRANSLATABLE] = Field(max_length=200, description="Column heading.")
    description: Annotated[str | None, TRANSLATABLE] = Field(None, description="What goes into the column.")
    width: Count = Field(2, ge=1, le=8, description="Relative width hint: 1 narrow, 8 very wide.")
    choices: list[Text] | None = Field(None, min_length=1, max_length=50, description=(
        "The only answers a cell may hold (e.g. yes, partly, no); spreadsheets offer them as a list."))
    minimum: Figure | None = Field(None, description="Smallest number a cell may hold, e.g. 0 for a score.")
    maximum: Figure | None = Field(None, description="Largest number a cell may hold, e.g. 100 for a score.")

    @model_validator(mode="after")
    def _one_kind_of_answer(self) -> Column:
        if self.choices and (self.minimum is not None or self.maximum is not None):
            raise ValueError(f"column '{self.key}': give either choices or a minimum/maximum, not both")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"column '{self.key}': minimum {self.minimum:g} is above maximum {self.maximum:g}")
        return self


class Group(Record):
    """Rows under a heading, e.g. one day of an event or one CAF criterion."""

    title: Annotated[Text, TRANSLATABLE]
    rows: Annotated[list[Row], TRANSLATABLE] = Field(default_factory=list)
    blank_rows: Count = Field(0, ge=0, le=50, description="Empty rows to leave for filling in.")


class Table(Record):
    key: Id
    title: Annotated[Text, TRANSLATABLE]
    description: Annotated[str | None, TRANSLATABLE] = None
    columns: list[Column] = Field(min_length=1, max_length=12, description="At most 12: more do not fit on A4.")
    group_label: Annotated[str | None, TRANSLATABLE] = Field(None, description="Heading of the group column in spreadsheets, e.g. 'Day'.")
    groups: list[Group] = Field(default_factory=list)
    rows: Annotated[list[Row], TRANSLATABLE] = Field(default_factory=list, description="Rows filled in ahead (e.g. questions).")
    blank_rows: Count = Field(0, ge=0, le=50, description="Empty rows to leave for filling in.")
    example: Annotated[Row | None, TRANSLATABLE] = Field(None, description="A filled-in example row, shown on the web page.")

    @model_validator(mode="after")
    def _rows_use_known_columns(self) -> Table:
        keys = [column.key for column in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"table '{self.key}': column keys must be unique")
        rows = [*self.rows, *(row for group in self.groups for row in group.rows)]
        if self.example:
            rows.append(self.example)
        for row in rows:
            unknown = sorted(set(row) - set(keys))
            if unknown:
                raise ValueError(f"table '{self.key}': unknown column(s) {', '.join(unknown)}; "
                                 f"columns are {', '.join(keys)}")
        if self.groups and self.rows:
            raise ValueError(f"table '{self.key}': put rows either in groups or in rows, not both")
        return self


class ChecklistItem(Record):
    title: Annotated[Text, TRANSLATABLE]
    description: Annotated[str | None, TRANSLATABLE] = None


class Checklist(Record):
    title: Annotated[Text, TRANSLATABLE]
    items: list[ChecklistItem] = Field(min_length=1)


class Template(Record):
    """A blank form that municipalities print or download and fill in."""

    title: Annotated[Name, TRANSLATABLE]
    purpose: Annotated[Text, TRANSLATABLE] = Field(max_length=600, description="One or two sentences: what the form is for.")
    instructions: Annotated[str | None, TRANSLATABLE] = Field(None, description="How to fill it in, in GitHub-flavoured Markdown.",
                                     json_schema_extra=MARKDOWN)
    orientation: Orientation = Field(Orientation.portrait, description="Landscape for wide tables.")
    fields: list[HeaderField] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    checklist: Checklist | None = None
    sources: list[Source] = Field(min_length=1)
    last_verified: LastVerified
    language: LanguageCode = "en"

    @model_validator(mode="after")
    def _has_something_to_fill(self) -> Template:
        if not (self.fields or self.tables or self.checklist):
            raise ValueError("a template needs fields, tables or a checklist")
        keys = [table.key for table in self.tables]
        if len(set(keys)) != len(keys):
            raise ValueError("table keys must be unique")
        return self

    def all_header_fields(self) -> list[HeaderField]:
        """The standard header (municipality, date, prepared by, version), then the template's other fields.

        Every format of a form (printable page, PDF, office files) reads its header from here.
        A template's own field with a standard key replaces the standard one, in its place.
        """
        own = {field.key: field for field in self.fields}
        standard = [own.get(field.key, field) for field in STANDARD_HEADER_FIELDS]
        return standard + [field for field in self.fields if field.key not in STANDARD_HEADER_KEYS]
