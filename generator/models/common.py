"""Field types and vocabularies shared by every kind of record.

These types are the single source of truth: the JSON Schema for editors, the
error messages of `portal check` and the scaffolds of `portal new` all come
from them.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated
from urllib.parse import urlsplit

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ..text_limits import INVISIBLE, describe

# Kosovo uses the user-assigned code XK (as the EU and the World Bank do);
# ISO 3166 itself does not list it, so pycountry does not know it.
EXTRA_COUNTRIES = {"XK": "Kosovo"}

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Marks a text field as GitHub-flavoured Markdown, in the models and in their JSON Schema
# (`contentMediaType` is the JSON Schema keyword for what a string holds).
MARKDOWN = {"contentMediaType": "text/markdown"}


class Record(BaseModel):
    """Base of every model: unknown fields are errors, never silently dropped."""

    # allow_inf_nan: "nan" and "inf" are not figures, and they would make the JSON exports invalid.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=True,
                              allow_inf_nan=False)


def country_name(code: str) -> str:
    if code in EXTRA_COUNTRIES:
        return EXTRA_COUNTRIES[code]
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


# Sets of the codes: a look-up through pycountry costs more than the rest of a record's checks.
_COUNTRY_CODES = frozenset(country.alpha_2 for country in pycountry.countries) | EXTRA_COUNTRIES.keys()
_LANGUAGE_CODES = frozenset(language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2"))


def _check_country(code: str) -> str:
    code = code.upper()
    if code not in _COUNTRY_CODES:
        raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code (e.g. NO, BA, XK)")
    return code


def _check_language(code: str) -> str:
    code = code.lower()
    if code not in _LANGUAGE_CODES:
        raise ValueError(f"'{code}' is not an ISO 639-1 language code (e.g. en, no, sr)")
    return code


def _number_to_text(value: object) -> object:
    # YAML reads `caf: 4.2` as a number; editors mean the text "4.2".
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _not_bool(value: object) -> object:
    # YAML reads `true` as a boolean, which Python would take for the number 1 (`sdgs: [true]` as SDG 1).
    if isinstance(value, bool):
        raise ValueError(f"expected a number, not {str(value).lower()}")
    return value


def _bare_id(value: object) -> object:
    # Checked before whitespace is stripped: the raw value names the page and the duplicate check.
    if isinstance(value, str) and value != value.strip():
        raise ValueError(f"'{value.strip()}' is written with spaces or line breaks around it; remove them")
    if value == "index":  # every section's list page is <section>/index.html
        raise ValueError("'index' is reserved for the list pages; choose another id")
    return value


def _visible(value: str) -> str:
    if found := INVISIBLE.search(value):
        raise ValueError(f"the name holds the invisible character {describe(found.group())}; remove it, "
                         "so that two names that look the same are the same")
    return value


# http, https and mailto only: a `javascript:` or `data:` address would run or show anything.
URL_SCHEMES = ("http", "https", "mailto")
_URL_FORBIDDEN = set(' \t\n"<>`\\')


def _check_url(value: str) -> str:
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in URL_SCHEMES:
        raise ValueError(f"'{value[:80]}' is not a web address: start it with https://, http:// or mailto:")
    if parts.scheme.lower() != "mailto" and not parts.hostname:
        raise ValueError(f"'{value[:80]}' has no host name (e.g. https://www.example.org/page)")
    if bad := sorted(set(value) & _URL_FORBIDDEN):
        raise ValueError(f"the address holds {' '.join(repr(c) for c in bad)}, which web addresses never hold "
                         "as they are; copy it from the browser's address bar (spaces become %20)")
    return value


# The pattern again for the JSON Schema: pydantic leaves a constraint out of it after a validator function.
Id = Annotated[str, BeforeValidator(_bare_id),
               Field(pattern=ID_PATTERN, max_length=100, description="Lower-case id: letters, digits and hyphens.",
                     json_schema_extra={"pattern": ID_PATTERN})]
# Length limits before the validators, so that pydantic counts characters (not "items").
Url = Annotated[str, Field(max_length=2000, description="A web address starting with https:// (or http://, mailto:)."),
                AfterValidator(_check_url)]
Name = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_visible)]
Count = Annotated[int, BeforeValidator(_not_bool)]
Figure = Annotated[float, BeforeValidator(_not_bool)]
CountryCode = Annotated[
    str,
    AfterValidator(_check_country),
    Field(description="ISO 3166-1 alpha-2 country code, e.g. NO, BA, XK (Kosovo)."),
]
LanguageCode = Annotated[
    str, AfterValidator(_check_language), Field(description="ISO 639-1 language code, e.g. en.")
]
Year = Annotated[int, BeforeValidator(_not_bool), Field(ge=1900, le=2100, description="A year, e.g. 2015.")]
Text = Annotated[str, Field(min_length=1)]


class Stage(str, Enum):
    """The five steps of the inter-municipal learning cycle."""

    self_assessment = "self-assessment"
    clustering = "clustering"
    improvement = "improvement"
    self_evaluation = "self-evaluation"
    promotion = "promotion"


STAGE_LABELS = {
    "self-assessment": "Self-assessment",
    "clustering": "Clustering into networks",
    "improvement": "Improvement process",
    "self-evaluation": "Self-evaluation",
    "promotion": "Promotion of results",
}


class Status(str, Enum):
    pilot = "pilot"
    implemented = "implemented"
    scaled = "scaled"
    discontinued = "discontinued"


# CAF 2020: nine criteria and their sub-criteria.
CAF_CRITERIA = {
    "1": ("Leadership", 4),
    "2": ("Strategy and planning", 4),
    "3": ("People", 3),
    "4": ("Partnerships and resources", 6),
    "5": ("Processes", 3),
    "6": ("Citizen/customer-oriented results", 2),
    "7": ("People results", 2),
    "8": ("Social responsibility results", 2),
    "9": ("Key performance results", 2),
}
CAF_SUBCRITERIA = [f"{c}.{n}" for c, (_, count) in CAF_CRITERIA.items() for n in range(1, count + 1)]


def _check_caf(code: str) -> str:
    if code not in CAF_SUBCRITERIA:
        raise ValueError(f"'{code}' is not a CAF 2020 sub-criterion (1.1 to 9.2, e.g. 4.2)")
    return code


CafCode = Annotated[
    str,
    BeforeValidator(_number_to_text),
    AfterValidator(_check_caf),
    Field(description="A CAF 2020 sub-criterion, written as text: \"4.2\".", examples=["4.2"]),
]
Sdg = Annotated[int, BeforeValidator(_not_bool),
                Field(ge=1, le=17, description="A UN Sustainable Development Goal, 1 to 17.")]

SDG_LABELS = {
    1: "No poverty", 2: "Zero hunger", 3: "Good health and well-being", 4: "Quality education",
    5: "Gender equality", 6: "Clean water and sanitation", 7: "Affordable and clean energy",
    8: "Decent work and economic growth", 9: "Industry, innovation and infrastructure",
    10: "Reduced inequalities", 11: "Sustainable cities and communities",
    12: "Responsible consumption and production", 13: "Climate action", 14: "Life below water",
    15: "Life on land", 16: "Peace, justice and strong institutions", 17: "Partnerships for the goals",
}


class Source(Record):
    """A document the record is drawn from."""

    title: Name = Field(description="Title of the source document.")
    publisher: str | None = Field(None, description="Who published it.")
    year: Year | None = None
    url: Url | None = Field(None, description="Public web address, if there is one (https://...).")
    pages: str | None = Field(None, description="Pages or section used, e.g. '12-14'.")
    authors: list[Name] = Field(default_factory=list, description="Authors, as the source names them.")
    record_id: str | None = Field(None, max_length=200,
                                  description="The record's id in the source's own database, e.g. a good-practice number.")
    language: LanguageCode | None = Field(None, description="ISO 639-1 code of the language it is written in, e.g. es.")


# Seven or more digits, possibly with spaces, dots, dashes, slashes or brackets between them, or a tel: link.
_PHONE = re.compile(r"tel:|\+?\(?\d(?:[\s()./-]*\d){6,}", re.IGNORECASE)
_YEARS = re.compile(r"\b(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d\b")  # "2019-2021" is not a phone number
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


def _no_phone(value: str | None) -> str | None:
    if value and _PHONE.search(_YEARS.sub(" ", value)):
        raise ValueError("no phone numbers in contact details: give an organisation, a role or a role address")
    return value


def _email(value: str | None) -> str | None:
    _no_phone(value)
    if value and not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an e-mail address (e.g. international@municipality.example)")
    return value


class Contact(Record):
    """An organisation or role address. Never a private person's phone or e-mail."""

    organisation: Id | None = Field(None, description="Registry id of the organisation to contact.")
    role: Annotated[str | None, AfterValidator(_no_phone)] = Field(
        None, description="A role, e.g. 'International office'. No phone numbers.")
    email: Annotated[str | None, AfterValidator(_email)] = Field(
        None, description="A role or organisation address (info@...), never a personal one.")
    website: Url | None = Field(None, description="Web address of the contact's page (https://...).")
    form: Url | None = Field(None, description="Web address of a contact form, where there is one.")


def _plausible_date(value: dt.date) -> dt.date:
    if not 1900 <= value.year <= 2100:
        raise ValueError(f"{value.isoformat()} is not a plausible date (years 1900 to 2100)")
    return value


Date = Annotated[dt.date, AfterValidator(_plausible_date), Field(description="A date, YYYY-MM-DD.")]
# Not in the future either: the link stage checks that against the day of the build.
LastVerified = Annotated[dt.date, AfterValidator(_plausible_date),
                         Field(description="Date an editor last checked the record (YYYY-MM-DD).")]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
