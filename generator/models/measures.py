"""Figures, dates and money the way sources publish them.

Sources rarely give a bare number and a year: they say "over 24,450", "about 60",
"10 to 20", "a start in March 2019", "the second half of 2021", "€ 42 000 for 2015".
These types hold that without squeezing it into a note, so that pages show the
qualifier, sorts and comparisons know a figure is not exact, and money keeps its
currency. Editors write them as they read them; a plain number or year stays valid.
"""

from __future__ import annotations

import calendar
import re
from enum import Enum
from typing import Annotated, Any

import pycountry
from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, Tag, model_validator

from .common import Figure, Id, Record, Text, Year
from .translation import TRANSLATABLE


# ---------------------------------------------------------------- qualified figures


class Qualifier(str, Enum):
    about = "about"
    at_least = "at-least"
    over = "over"
    under = "under"
    at_most = "at-most"


QUALIFIER_LABELS = {"about": "about", "at-least": "at least", "over": "over", "under": "under",
                    "at-most": "at most"}
# Words editors copy from sources, longest first so that "more than" wins over "more".
_QUALIFIER_WORDS = {
    "approximately": "about", "around": "about", "about": "about", "roughly": "about", "c.": "about",
    "~": "about", "at least": "at-least", ">=": "at-least", "≥": "at-least", "more than": "over",
    "over": "over", "above": "over", ">": "over", "less than": "under", "under": "under", "below": "under",
    "<": "under", "at most": "at-most", "up to": "at-most", "<=": "at-most", "≤": "at-most",
}
_NUMBER = r"[-+−]?(?:\d{1,3}(?:[,  ]\d{3})+|\d+)(?:\.\d+)?"
_QUALIFIED = re.compile(
    r"^(?:(?P<word>" + "|".join(re.escape(w) for w in sorted(_QUALIFIER_WORDS, key=len, reverse=True))
    + r")\s*)?(?P<value>" + _NUMBER + r")$", re.IGNORECASE)
_RANGE = re.compile(r"^(?P<min>" + _NUMBER + r")\s*(?:-|–|to)\s*(?P<max>" + _NUMBER + r")$", re.IGNORECASE)
QUANTITY_TEXT = "a number, a qualified number ('over 24,450', 'about 60', 'at least 3') or a range ('10-20')"


def _to_number(text: str) -> float:
    return float(re.sub(r"[,  ]", "", text).replace("−", "-"))


class Quantity(Record):
    """A figure as the source gives it: exact, qualified ("over 60") or a range ("10-20")."""

    value: Figure | None = Field(None, description="The figure, exact unless a qualifier says otherwise.")
    qualifier: Qualifier | None = Field(None, description="about, at-least, over, under or at-most.")
    min: Figure | None = Field(None, description="Lower end of a range.")
    max: Figure | None = Field(None, description="Upper end of a range.")

    @model_validator(mode="after")
    def _one_shape(self) -> "Quantity":
        ranged = self.min is not None or self.max is not None
        if ranged and (self.value is not None or self.qualifier or self.min is None or self.max is None):
            raise ValueError("a range needs both min and max, and no value or qualifier")
        if not ranged and self.value is None:
            raise ValueError(f"expected {QUANTITY_TEXT}")
        if ranged and self.max < self.min:
            raise ValueError(f"the range ends ({self.max:g}) below where it starts ({self.min:g})")
        return self

    @property
    def exact(self) -> bool:
        return self.value is not None and self.qualifier is None

    @property
    def number(self) -> float:
        """One number to sort and draw by (a range's middle); never compare it as exact."""
        return self.value if self.value is not None else (self.min + self.max) / 2

    def label(self) -> str:
        if self.value is None:
            return f"{format_number(self.min)}–{format_number(self.max)}"
        prefix = f"{QUALIFIER_LABELS[self.qualifier]} " if self.qualifier else ""
        return prefix + format_number(self.value)

    def __str__(self) -> str:
        return self.label()


def format_number(value: float | int) -> str:
    """24450 -> '24 450' (a narrow space groups thousands), 2.5 -> '2.5'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) >= 10000:
        return f"{value:,}".replace(",", "\u202f")
    return f"{value:g}" if isinstance(value, float) else str(value)


def _parse_quantity(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"expected {QUANTITY_TEXT}, not {str(value).lower()}")
    if isinstance(value, (int, float)):
        return {"value": value}
    if isinstance(value, str):
        text = " ".join(value.split())
        if match := _QUALIFIED.match(text):
            word = (match.group("word") or "").lower()
            return {"value": _to_number(match.group("value")), "qualifier": _QUALIFIER_WORDS.get(word)}
        if match := _RANGE.match(text):
            return {"min": _to_number(match.group("min")), "max": _to_number(match.group("max"))}
        raise ValueError(f"'{text[:60]}' is not {QUANTITY_TEXT}")
    return value


QuantityValue = Annotated[
    Quantity,
    BeforeValidator(_parse_quantity, json_schema_input_type=float | str | Quantity),
    Field(description=f"A figure: {QUANTITY_TEXT}."),
]


# ---------------------------------------------------------------- partial dates

_WHEN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?|[- ](?P<part>H[12]|Q[1-4])"
                   r"|/(?P<fiscal>\d{2}))?$", re.IGNORECASE)
WHEN_TEXT = ("a year (2019), a month (2019-03), a day (2019-03-15), a half or quarter (2021-H2, 2019-Q3), "
             "a financial year (2019/20) or 'unknown'")
_PARTS = {"H1": ("first half of", 1), "H2": ("second half of", 7), "Q1": ("first quarter of", 1),
          "Q2": ("second quarter of", 4), "Q3": ("third quarter of", 7), "Q4": ("fourth quarter of", 10)}


def _check_when(value: Any) -> str:
    if value.__class__ is int and 1900 <= value <= 2100:  # most: a plain year
        return str(value)
    if isinstance(value, bool):
        raise ValueError(f"expected {WHEN_TEXT}")
    text = str(value).strip()
    if text.lower() == "unknown":
        return "unknown"
    match = _WHEN.match(text)
    if not match:
        raise ValueError(f"'{text[:40]}' is not {WHEN_TEXT}")
    year = int(match.group("year"))
    if not 1900 <= year <= 2100:
        raise ValueError(f"{year} is not a plausible year (1900 to 2100)")
    month, day = match.group("month"), match.group("day")
    if month and not 1 <= int(month) <= 12:
        raise ValueError(f"'{text}': there is no month {month}")
    if day and not 1 <= int(day) <= calendar.monthrange(year, int(month))[1]:
        raise ValueError(f"'{text}': there is no day {day} in that month")
    fiscal = match.group("fiscal")
    if fiscal and int(fiscal) != (year + 1) % 100:
        raise ValueError(f"'{text}': a financial year runs into the next year, e.g. {year}/{(year + 1) % 100:02d}")
    if part := match.group("part"):
        return f"{year}-{part.upper()}"
    return text


When = Annotated[str, BeforeValidator(_check_when, json_schema_input_type=int | str),
                 Field(description=f"When: {WHEN_TEXT}.", examples=[2019, "2019-03", "2021-H2"])]


def when_year(when: str | int | None) -> int | None:
    """The (first) calendar year of a When, or None where it is unknown."""
    if when is None or when == "unknown":
        return None
    return int(str(when)[:4])


def when_sort_key(when: str | int | None) -> tuple[int, int, int]:
    """Chronological order; unknown dates sort first."""
    if when is None or when == "unknown":
        return (0, 0, 0)
    match = _WHEN.match(str(when))
    part = match.group("part")
    month = int(match.group("month") or (_PARTS[part.upper()][1] if part else 1))
    return (int(match.group("year")), month, int(match.group("day") or 1))


def when_label(when: str | int | None) -> str:
    """'March 2019', 'second half of 2021', '15 March 2019', '2019/20', 'unknown'."""
    if when is None or when == "unknown":
        return "unknown"
    match = _WHEN.match(str(when))
    year, month, day, part = match.group("year"), match.group("month"), match.group("day"), match.group("part")
    if part:
        return f"{_PARTS[part.upper()][0]} {year}"
    if month:
        name = calendar.month_name[int(month)]
        return f"{int(day)} {name} {year}" if day else f"{name} {year}"
    return str(when)


# ---------------------------------------------------------------- money


def _check_currency(code: str) -> str:
    code = code.upper()
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"'{code}' is not an ISO 4217 currency code (e.g. EUR, NOK, GBP, CLP)")
    return code


CurrencyCode = Annotated[str, AfterValidator(_check_currency),
                         Field(description="ISO 4217 currency code, e.g. EUR, NOK, GBP.")]


_SPAN = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")


def _check_span(value: Any) -> str:
    """A When, or a span of years such as 2009-2014 (money often covers a programme period)."""
    match = _SPAN.match(str(value).strip()) if not isinstance(value, bool) else None
    if not match:
        return _check_when(value)
    start, end = (_check_when(part) for part in match.groups())
    if int(end) < int(start):
        raise ValueError(f"'{value}' ends before it starts")
    return f"{start}-{end}"


def _span_label(period: str) -> str:
    match = _SPAN.match(period)
    return f"{match.group(1)}–{match.group(2)}" if match else when_label(period)


class FundingKind(str, Enum):
    grant = "grant"
    loan = "loan"
    own_budget = "own-budget"
    co_funding = "co-funding"
    in_kind = "in-kind"
    other = "other"


class Money(Record):
    """An amount of money with its currency, the period it covers and, for funding, who paid and how."""

    amount: QuantityValue = Field(description="The amount, e.g. 42000 or 'about 1200000'.")
    currency: CurrencyCode
    period: Annotated[str, BeforeValidator(_check_span, json_schema_input_type=int | str)] | None = Field(
        None, description="The year or years it covers, e.g. 2015, 2019/20 or 2009-2014.")
    per: str | None = Field(None, description="What the amount is for, if not the whole period: 'per year', 'per pupil'.")
    kind: FundingKind | None = Field(None, description="grant, loan, own-budget, co-funding, in-kind or other.")
    funder: Id | None = Field(None, description="Registry id of who paid, if it is in the registry.")
    funder_name: str | None = Field(None, description="Who paid, when not in the registry (e.g. 'Norway Grants').")
    co_funding_rate: Figure | None = Field(None, ge=0, le=100, description="Share paid by the funder, in percent.")
    note: str | None = None

    def label(self, funder: str | None = None) -> str:
        """'Norway Grants: 42 000 EUR (2015), grant'; `funder` is the registry name of `funder`, if any."""
        text = f"{self.amount.label()} {self.currency}"
        if self.per:
            text += f" {self.per}"
        if self.period:
            text += f" ({_span_label(self.period)})"
        details = [self.kind.replace("-", " ")] if self.kind else []
        if self.co_funding_rate is not None:
            details.append(f"{format_number(self.co_funding_rate)} % co-funded")
        if details:
            text += ", " + ", ".join(details)
        if self.note:
            text += f" ({self.note})"
        who = funder or self.funder_name
        return f"{who}: {text}" if who else text


# ---------------------------------------------------------------- periods and indicators


class Period(Record):
    """When something ran; `end` empty while it still runs. Years, months, halves or 'unknown'."""

    start: When = Field(description="When it started, as precisely as the source says: 2019, 2019-03, 2021-H2 or unknown.")
    end: When | None = Field(None, description="When it ended; leave it out while it runs.")

    @model_validator(mode="after")
    def _ends_after_start(self) -> "Period":
        known = self.end is not None and "unknown" not in (self.start, self.end)
        if known and when_sort_key(self.end) < when_sort_key(self.start):
            raise ValueError(f"the period ends ({when_label(self.end)}) before it starts ({when_label(self.start)})")
        return self

    @property
    def start_year(self) -> int | None:
        return when_year(self.start)

    def label(self) -> str:
        start = when_label(self.start)
        if self.end:
            return f"{start} – {when_label(self.end)}" if (" " in start or " " in when_label(self.end)) \
                else f"{start}–{when_label(self.end)}"
        return "start unknown" if self.start == "unknown" else f"from {start}"


class Indicator(Record):
    """A measured result. Figures may be qualified ('over 60') or ranges; `unit` says what they count."""

    name: Annotated[Text, TRANSLATABLE] = Field(description="What is measured.")
    unit: Annotated[Text, TRANSLATABLE] = Field(description="Unit of the figures, e.g. 'participants', '%'.")
    baseline: QuantityValue | None = Field(None, description="Value before the practice started.")
    baseline_year: Year | None = Field(None, description="Year the baseline refers to.")
    target: QuantityValue | None = Field(None, description="Value aimed for.")
    achieved: QuantityValue | None = Field(None, description="Value reached.")
    year: Year | None = Field(None, description="Year the achieved value refers to.")
    change: QuantityValue | None = Field(
        None, description="Change over the period where the source gives no absolute figures, in change_unit, e.g. -50.")
    change_unit: Text = Field("%", description="Unit of the change: '%' (the default) or 'percentage points'.")
    series: dict[Year, QuantityValue] = Field(
        default_factory=dict, description="Values over the years, year: value, e.g. {1999: 4, 2005: 40, 2012: 100}.",
        json_schema_extra={"propertyNames": {"pattern": "^(19|20)[0-9][0-9]$", "description": "A year"}})
    member: Id | None = Field(None, description="Registry id of the member it was measured in, if one.")
    note: Annotated[str | None, TRANSLATABLE] = None

    @property
    def figures(self) -> bool:
        return any(v is not None for v in (self.baseline, self.target, self.achieved, self.change)) or bool(self.series)


# ---------------------------------------------------------------- text or structure


def _shape(value: Any) -> str:
    # Called on the input when validating and on the model when serialising.
    return "as-list" if isinstance(value, list) else "as-structure" if isinstance(value, (dict, Record)) else "as-text"


# A text ("Norway Grants, € 42 000 for 2015"), kept valid for older files, or the structure. The
# branch is chosen by the value's shape, so an error speaks of the one the editor meant; the
# "as-" tags are dropped from field names by the validate stage.
MoneyOrText = Annotated[
    Annotated[Text, Tag("as-text")] | Annotated[Money, Tag("as-structure")],
    Discriminator(_shape),
]
MoneyTextOrList = Annotated[
    Annotated[Text, Tag("as-text")] | Annotated[Money, Tag("as-structure")]
    | Annotated[list[Money], Tag("as-list")],
    Discriminator(_shape),
]
