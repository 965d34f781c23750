"""The choices page: every fixed list of values an editor picks from, generated so that it never drifts.

Themes come from the registry (registry/themes.yml), the other lists from the models' enums and
vocabularies, so a theme or a value added there appears here in the same build. The enums carry
no explanations, so the plain words for each value live here; a test fails when a value has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from markupsafe import Markup

from .. import i18n
from ..i18n import N_
from ..models.common import CAF_CRITERIA, SDG_LABELS, STAGE_LABELS, Stage, Status
from ..models.measures import QUALIFIER_LABELS, FundingKind, Qualifier
from ..models.network import EventKind, NetworkKind, Role, StageStatus
from ..models.practice import NetworkRole, OrganisationRole, TransferOutcome
from ..models.registry import MunicipalityKind, OrganisationKind
from ..models.template import Orientation
from ..models.translation import TranslationStatus
from . import Renderer, safe, step
from .labels import Labels

CHOICES_PAGE = "reference/choices.md"


@dataclass(frozen=True)
class Choice:
    """One list of allowed values: which enum, where editors write it, and what each value means."""

    anchor: str
    title: str
    where: str  # Markdown: the fields that take it, as code spans
    enum: type[Enum]
    meanings: dict[str, str]
    labels: dict[str, str] | None = None  # a list explained by its labels: each meaning is `meaning` with one
    meaning: str = ""

    def rows(self) -> list[tuple[str, str]]:
        return [(member.value, self.meanings.get(member.value, "")) for member in self.enum]

    def in_language(self, gettext) -> "Choice":
        """The same list with its title, place and meanings in a language (the values stay as written)."""
        if self.labels is not None:
            meanings = {value: gettext(self.meaning).format(label=gettext(label)) for value, label in self.labels.items()}
        else:
            meanings = {value: gettext(text) for value, text in self.meanings.items()}
        return replace(self, title=gettext(self.title), where=gettext(self.where), meanings=meanings)


QUALIFIER_MEANING = N_("The source says “{label} …”.")


# Grouped by the file an editor has open: practice, network, money and figures, registry, templates.
CHOICES = [
    Choice("stage", N_("Learning-cycle steps"), N_("`stage` in a practice; the keys under `cycle:` in a network"),
           Stage, {value: f"{label}." for value, label in STAGE_LABELS.items()}, STAGE_LABELS, "{label}."),
    Choice("status", N_("Status of a practice"), N_("`status` in a practice"), Status, {
        "pilot": N_("Tried out on a small scale or for a limited time."),
        "implemented": N_("In regular use where it started."),
        "scaled": N_("Extended beyond where it started: more services, places or people."),
        "discontinued": N_("No longer run. Say why in the description: that is useful to others."),
    }),
    Choice("organisation-role", N_("Roles of organisations in a practice"), N_("`organisations[].role` in a practice"),
           OrganisationRole, {
               "lead": N_("Leads the practice."),
               "partner": N_("Takes part in running it (the default)."),
               "implementing-body": N_("Carries out the work for the lead."),
               "funder": N_("Pays for it."),
               "publisher": N_("Published the record in its source."),
               "other": N_("Another role: say which in the note."),
           }),
    Choice("network-role", N_("How a practice belongs to a network"), N_("`networks[].role` in a practice"), NetworkRole, {
        "origin": N_("The practice grew in this network (the default)."),
        "transfer": N_("The practice was passed on to others through this network."),
        "programme": N_("The network's programme ran or paid for it."),
        "project": N_("It was a project of the network."),
        "other": N_("Another link: say which in the note."),
    }),
    Choice("transfer-outcome", N_("Outcomes of a transfer"), N_("`transfers[].outcome` in a practice"), TransferOutcome, {
        "adopted": N_("The other municipality took the practice up as it was."),
        "adapted": N_("It took the practice up and changed it to fit."),
        "in-progress": N_("It is still taking it up."),
        "failed": N_("It tried and stopped. Say why in the note: failures teach too."),
    }),
    Choice("network-kind", N_("Kinds of network"), N_("`kind` in a network"), NetworkKind, {
        "network": N_("Municipalities that meet regularly to learn from each other."),
        "partnership": N_("Two or a few municipalities working together, often across borders."),
        "learning-cluster": N_("Peer learning that spreads one approach that already works somewhere to others."),
        "efficiency-network": N_("Local governments comparing indicators and user surveys to improve a service."),
        "project": N_("A project with a set start and end."),
    }),
    Choice("role", N_("Roles of members and people in a network"), N_("`members[].role` and `people[].role` in a network"),
           Role, {
               "host": N_("Hosts the network or its meetings."),
               "lead": N_("Leads the network."),
               "member": N_("Takes part as a member (the default)."),
               "partner": N_("A partner in a partnership."),
               "resource-person": N_("Brings expertise, e.g. a trainer or adviser."),
               "association": N_("An association of local governments that supports the network."),
               "funder": N_("Pays for the network or its activities."),
               "coordinator": N_("Organises the network's work."),
               "observer": N_("Follows the network without taking part in its work."),
           }),
    Choice("cycle-status", N_("Progress of a learning-cycle step"), N_("`cycle.<step>.status` in a network"), StageStatus, {
        "done": N_("The step is finished."),
        "ongoing": N_("The network is in this step now."),
        "planned": N_("The step is planned."),
        "skipped": N_("The network left this step out."),
    }),
    Choice("event-kind", N_("Kinds of event"), N_("`events[].kind` in a network"), EventKind, {
        "peer-exchange": N_("Staff of member municipalities learning from each other directly."),
        "workshop": N_("Working together on a task."),
        "meeting": N_("A meeting of the network."),
        "study-visit": N_("A visit to see how another municipality works."),
        "conference": N_("A larger gathering with talks."),
        "training": N_("A course for staff or politicians."),
        "webinar": N_("An online session."),
        "other": N_("Any other kind: describe it."),
    }),
    Choice("funding-kind", N_("Kinds of funding"), N_("`kind` of an amount under `funding` or `budget`"), FundingKind, {
        "grant": N_("Money given, not to be paid back."),
        "loan": N_("Money to be paid back."),
        "own-budget": N_("Paid from the municipality's own budget."),
        "co-funding": N_("The municipality's share beside another funder's."),
        "in-kind": N_("Paid in staff time, rooms or goods rather than money."),
        "other": N_("Any other kind."),
    }),
    Choice("qualifier", N_("How exact a figure is"), N_("before a figure, e.g. `achieved: over 60`, or as `qualifier`"),
           Qualifier, {value: QUALIFIER_MEANING.format(label=label) for value, label in QUALIFIER_LABELS.items()},
           QUALIFIER_LABELS, QUALIFIER_MEANING),
    Choice("municipality-kind", N_("Kinds of municipality"), N_("`kind` in `registry/municipalities/`"), MunicipalityKind, {
        "municipality": N_("A municipality (the default)."),
        "city": N_("A city with its own local government."),
        "district": N_("A district."),
        "county": N_("A county."),
        "region": N_("A region."),
    }),
    Choice("organisation-kind", N_("Kinds of organisation"), N_("`kind` in `registry/organisations/`"), OrganisationKind, {
        "association": N_("An association of local governments."),
        "government": N_("A ministry or other national or regional government body."),
        "donor": N_("A body that funds projects, e.g. a development agency's fund."),
        "agency": N_("A public agency."),
        "university": N_("A university or research institute."),
        "ngo": N_("A non-governmental organisation."),
        "network": N_("A network of municipalities or organisations."),
        "company": N_("A company."),
        "other": N_("Any other kind."),
    }),
    Choice("orientation", N_("Page orientation of a template"), N_("`orientation` in `content/templates/`"), Orientation, {
        "portrait": N_("Taller than wide."),
        "landscape": N_("Wider than tall, for wide tables."),
    }),
    Choice("translation-status", N_("How a translation was made"),
           N_("`translation.status` in a translation (`<id>.<language>.md` or `.yml`)"), TranslationStatus, {
        "machine": N_("Made by a tool; nobody has checked it yet."),
        "human": N_("Made by a person."),
        "reviewed": N_("A native speaker checked it against the original."),
    }),
]


def code(value: object) -> Markup:
    """A value to copy, as code that breaks only after a hyphen (portal.css); ids and codes only, else escaped text."""
    text = str(value)
    if re.fullmatch(r"[a-z0-9][a-z0-9.-]*", text):  # nothing in it to escape for HTML or Markdown
        return Markup(f'<code class="portal-value">{text}</code>')
    return Markup(safe.md_text(text))


def caf_rows(words: Labels | None = None) -> list[tuple[str, str, list[str]]]:
    """(criterion, its name, its sub-criteria codes), from the CAF 2020 vocabulary (names in `words`' language)."""
    return [(number, words.caf_name(number) if words else name, [f"{number}.{n}" for n in range(1, count + 1)])
            for number, (name, count) in CAF_CRITERIA.items()]


@step
def choices(r: Renderer) -> None:
    gettext, words = i18n.translations(r.options.language).gettext, Labels(r.options.language)
    r.page(CHOICES_PAGE, "choices.md.j2", themes=sorted(r.catalog.themes.items()),
           choices=[choice.in_language(gettext) for choice in CHOICES],
           caf=caf_rows(words), code=code, sdgs=[(number, words.sdg_name(number)) for number in sorted(SDG_LABELS)])
