"""The words the pages print for values from data, in a page's language.

A record stores codes and vocabulary values (`pilot`, `resource-person`, `BA`, `sr`); the pages
print them as words. English keeps the words it always had (pycountry's country and language
names, the value with its hyphens as spaces, capitalised); another language takes them from the
interface's catalogue (the labels below are in it, see `data_messages`) and names countries and
languages from Babel's locale data (CLDR), never from a list of our own.

Numbers, too: English writes them as the model does (format_number: '12.5', '24 450'); another
language as CLDR does ('12,5' and '24 450' in Albanian and Norwegian, '24.450' in Macedonian and
Bosnian), with the same digits. Only numbers a reader reads come through here: a year, a code
('6.1', a CAF criterion), an id or a number that data files, scripts or SVG geometry hold stays as it is.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Callable

import pycountry
from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal

from .. import i18n
from ..i18n import N_
from ..languages import ORIGINAL
from ..models.common import CAF_CRITERIA, SDG_LABELS, STAGE_LABELS, Status, country_name
from ..models.measures import FundingKind, _SPAN, _WHEN, Money, Period, Quantity, format_number, when_label
from ..models.network import EventKind, NetworkKind, Role, StageStatus
from ..models.practice import NetworkRole, OrganisationRole, TransferOutcome
from ..models.registry import MunicipalityKind, OrganisationKind

# The CLDR locale whose names of countries and languages an interface language uses: CLDR has no `sh`;
# its Bosnian (Latin script, ijekavian) reads well across the three.
CLDR_LOCALES = {"sh": "bs"}

# The vocabularies whose values the pages print through the `label` filter.
LABELLED = (Status, NetworkKind, Role, StageStatus, EventKind, NetworkRole, OrganisationRole, TransferOutcome,
            MunicipalityKind, OrganisationKind, FundingKind)
# A network page heads each group of members with its role, in the plural when there are several.
PLURAL_LABELLED = (Role,)

# How a practice belongs to each of its networks, as the facts list says it.
NETWORK_ROLES = {"origin": N_("grew in it"), "transfer": N_("passed on through it"), "programme": N_("programme"),
                 "project": N_("project"), "other": N_("other link")}

# A network page's headings, by kind of network (a sentence each: the kind's word changes with its place in it).
ABOUT_KIND = {"network": N_("About the network"), "partnership": N_("About the partnership"),
              "learning-cluster": N_("About the learning cluster"),
              "efficiency-network": N_("About the efficiency network"), "project": N_("About the project")}
PRACTICES_OF_KIND = {"network": N_("Practices from this network"),
                     "partnership": N_("Practices from this partnership"),
                     "learning-cluster": N_("Practices from this learning cluster"),
                     "efficiency-network": N_("Practices from this efficiency network"),
                     "project": N_("Practices from this project")}


def english_label(value: object) -> str:
    """A vocabulary value as English words: 'resource-person' -> 'Resource person'."""
    return str(value.value if isinstance(value, Enum) else value).replace("-", " ").capitalize()


def _plural(label: str) -> str:
    """The English plural of a role's label: every role's takes an s ('Resource persons')."""
    return label + "s"


def data_messages() -> list[str]:
    """Every label of data that the record pages print, for the catalogue."""
    labels = [english_label(member) for vocabulary in LABELLED for member in vocabulary]
    labels += [_plural(english_label(member)) for vocabulary in PLURAL_LABELLED for member in vocabulary]
    return [*dict.fromkeys(labels), *NETWORK_ROLES.values(), *SDG_LABELS.values(),
            *(name for name, _ in CAF_CRITERIA.values())]


class Labels:
    """The words for data values in one language."""

    def __init__(self, language: str = ORIGINAL):
        self.language = language
        self.gettext = i18n.translations(language).gettext
        self.ngettext = i18n.translations(language).ngettext
        self._locale = None if language == ORIGINAL else CLDR_LOCALES.get(language, language)

    def label(self, value: object) -> str:
        return self.gettext(english_label(value))

    def plural_label(self, value: object) -> str:
        return self.gettext(_plural(english_label(value)))

    def stage(self, stage: str) -> str:
        label = STAGE_LABELS.get(stage)
        return self.gettext(label) if label else stage

    def theme(self, name: str) -> str:
        """A theme's name (registry/themes.yml) in the page's language; as the registry gives it if the catalogue
        has no translation (a theme added since): `theme_translated` tells which."""
        return self.gettext(name)

    def theme_translated(self, name: str) -> bool:
        return self._locale is None or self.gettext(name) != name

    def sdg(self, number: int) -> str:
        return self.gettext("SDG %(number)s: %(name)s") % {"number": number, "name": self.gettext(SDG_LABELS[number])}

    def sdg_name(self, number: int) -> str:
        return self.gettext(SDG_LABELS[number])

    def caf_name(self, criterion: str) -> str:
        return self.gettext(CAF_CRITERIA[criterion.split(".")[0]][0])

    def network_role(self, role: str) -> str:
        return self.gettext(NETWORK_ROLES[role])

    def when(self, when: str | int | None) -> str:
        """A date as precisely as the source gives it: 'March 2019', 'second half of 2021'."""
        if self._locale is None:
            return when_label(when)
        if when is None or when == "unknown":
            return self.gettext("unknown")
        match = _WHEN.match(str(when))
        year, month, day, part = match.group("year"), match.group("month"), match.group("day"), match.group("part")
        if part:
            return self.gettext(PARTS_OF_YEAR[part.upper()]) % {"year": year}
        if month:
            name = get_month_names("wide", context="stand-alone", locale=self._locale)[int(month)]
            return format_date(date(int(year), int(month), int(day)), "long", locale=self._locale) if day \
                else f"{name} {year}"
        return str(when)

    def period(self, period: Period) -> str:
        if self._locale is None:
            return period.label()
        start = self.when(period.start)
        if period.end:
            end = self.when(period.end)
            return f"{start} – {end}" if " " in start or " " in end else f"{start}–{end}"
        return self.gettext("start unknown") if period.start == "unknown" else self.gettext("from %(start)s") % {"start": start}

    def number(self, value: float | int) -> str:
        """A number as the page's language writes it: '12,5', '24 450' (English: format_number, '12.5')."""
        if self._locale is None:
            return format_number(value)
        return _decimal(self._locale, value)

    def count(self, count: int) -> str:
        """A count in a sentence ('10 000 practices' in Albanian); English as it always printed one ('10000')."""
        return str(count) if self._locale is None else _decimal(self._locale, count)

    def quantity(self, quantity: Quantity) -> str:
        """A figure as the source gives it: 'about 40', '12,5', '10–20' in the page's language."""
        if self._locale is None:
            return quantity.label()
        if quantity.value is None:
            return f"{self.number(quantity.min)}–{self.number(quantity.max)}"
        if not quantity.qualifier:
            return self.number(quantity.value)
        return self.gettext(QUALIFIED[quantity.qualifier]) % {"number": self.number(quantity.value)}

    def money(self, money: Money, funder: str | None = None, own: Callable[[str], str] | None = None,
              ours: Callable[[str], str] = str) -> str:
        """Money.label() in the page's language: the amount, its period, kind and co-funding rate in its words
        (what it is for, `per`, and its note are the record's own: `own` marks them, `ours` escapes the rest)."""
        if self._locale is None:
            return money.label(funder)
        own = own or ours
        text = ours(f"{self.quantity(money.amount)} {money.currency}")
        if money.per:
            text += f" {own(money.per)}"
        if money.period:
            span = _SPAN.match(money.period)
            text += " " + ours(f"({span.group(1)}–{span.group(2)})" if span else f"({self.when(money.period)})")
        details = [self.label(money.kind).lower()] if money.kind else []
        if money.co_funding_rate is not None:
            details.append(self.gettext("%(rate)s %% co-funded") % {"rate": self.number(money.co_funding_rate)})
        if details:
            text += ", " + ours(", ".join(details))
        if money.note:
            text += " " + ours("(") + own(money.note) + ours(")")
        who = ours(funder) if funder else own(money.funder_name) if money.funder_name else None
        return f"{who}: {text}" if who else text

    def country(self, code: str) -> str:
        if self._locale is None:
            return country_name(code)
        return _territory(self._locale, code) or country_name(code)

    def language_word(self, code: str) -> str:
        """A language's name as a sentence holds it ('in English', 'në anglisht')."""
        if self._locale is not None and (name := _language(self._locale, code)):
            return name
        return self.language_name(code)

    def language_name(self, code: str) -> str:
        """A language's name as a label of its own (CLDR writes it lower-case inside a sentence)."""
        if self._locale is not None and (name := _language(self._locale, code)):
            return name[:1].upper() + name[1:]
        language = pycountry.languages.get(alpha_2=code)
        return language.name if language else code


# The parts of a year a date may name (measures.py), and a period's words.
PARTS_OF_YEAR = {"H1": N_("first half of %(year)s"), "H2": N_("second half of %(year)s"),
                 "Q1": N_("first quarter of %(year)s"), "Q2": N_("second quarter of %(year)s"),
                 "Q3": N_("third quarter of %(year)s"), "Q4": N_("fourth quarter of %(year)s")}
# Translators: a period that runs still, e.g. "from 2015".
N_("from %(start)s")
N_("start unknown")
N_("unknown")

# A figure the source qualifies (measures.py QUALIFIER_LABELS), e.g. "about 40".
QUALIFIED = {"about": N_("about %(number)s"), "at-least": N_("at least %(number)s"), "over": N_("over %(number)s"),
             "under": N_("under %(number)s"), "at-most": N_("at most %(number)s")}
# Translators: the share of an amount its funder paid, e.g. "80 % co-funded".
N_("%(rate)s %% co-funded")

# Translators: an SDG as the facts of a practice list it, e.g. "SDG 11: Sustainable cities and communities".
N_("SDG %(number)s: %(name)s")


@lru_cache(maxsize=4096)
def _decimal(locale: str, value: float | int) -> str:
    """`value` in CLDR's decimal format for `locale`, with the digits format_number gives it (six significant)."""
    if isinstance(value, float):
        value = int(value) if value.is_integer() else Decimal(f"{value:g}")
    return format_decimal(value, locale=locale, decimal_quantization=False)


@lru_cache(maxsize=4096)
def _territory(locale: str, code: str) -> str | None:
    return Locale.parse(locale).territories.get(code)


@lru_cache(maxsize=4096)
def _language(locale: str, code: str) -> str | None:
    return Locale.parse(locale).languages.get(code)
