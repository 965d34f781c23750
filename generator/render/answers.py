"""What a column of a form accepts: one of a list of choices, or a number within bounds.

A template's column may say so (`choices`, `minimum`, `maximum` in the model); the
spreadsheet download then checks what a person types. The form keeps its columns as
`FormColumn`s; `with_accepted_answers` puts an `AnswerColumn`, which is one, in place
of each column of a template table, so every other writer reads the form as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from ..models import Template
from .forms import Form, FormColumn


@dataclass
class AnswerColumn(FormColumn):
    choices: list[str] = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None

    @property
    def whole_numbers(self) -> bool:
        return all(bound is None or float(bound).is_integer() for bound in (self.minimum, self.maximum))

    def range_text(self, gettext=str) -> str:
        """The bounds in words, e.g. 'a whole number from 0 to 100' (in a language: its gettext)."""
        _ = gettext
        low, high = (None if b is None else f"{b:g}" for b in (self.minimum, self.maximum))
        # Whole sentences, not pieces: a language may put the number elsewhere or inflect "number".
        if self.whole_numbers:
            if low is not None and high is not None:
                return _("a whole number from {low} to {high}").format(low=low, high=high)
            return (_("a whole number of at least {low}").format(low=low) if low is not None
                    else _("a whole number of at most {high}").format(high=high))
        if low is not None and high is not None:
            return _("a number from {low} to {high}").format(low=low, high=high)
        return (_("a number of at least {low}").format(low=low) if low is not None
                else _("a number of at most {high}").format(high=high))


def accepts_something(column: FormColumn) -> bool:
    return isinstance(column, AnswerColumn) and bool(
        column.choices or column.minimum is not None or column.maximum is not None)


def with_accepted_answers(form: Form, template: Template) -> Form:
    """The form of `template`, its columns knowing the answers they accept (same order as the model's)."""
    models = {table.key: table for table in template.tables}
    for table in form.tables:
        model = models.get(table.key)
        if model is None or len(model.columns) != len(table.columns):
            continue
        table.columns = [AnswerColumn(**{f.name: getattr(column, f.name) for f in fields(column)},
                                      choices=list(source.choices or []),
                                      minimum=source.minimum, maximum=source.maximum)
                         for column, source in zip(table.columns, model.columns)]
    return form
