"""The choices page: every fixed list of values an editor picks from, generated so that it never drifts.

Themes come from the registry (registry/themes.yml), the other lists from the models' enums and
vocabularies, so a theme or a value added there appears here in the same build. The enums carry
no explanations, so the plain words for each value live here; a test fails when a value has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from markupsafe import Markup

from ..models.common import CAF_CRITERIA, SDG_LABELS, STAGE_LABELS, Stage, Status
from ..models.measures import QUALIFIER_LABELS, FundingKind, Qualifier
from ..models.network import EventKind, NetworkKind, Role, StageStatus
from ..models.practice import NetworkRole, OrganisationRole, TransferOutcome
from ..models.registry import MunicipalityKind, OrganisationKind
from ..models.template import Orientation
from . import Renderer, safe, step

CHOICES_PAGE = "reference/choices.md"


@dataclass(frozen=True)
class Choice:
    """One list of allowed values: which enum, where editors write it, and what each value means."""

    anchor: str
    title: str
    where: str  # Markdown: the fields that take it, as code spans
    enum: type[Enum]
    meanings: dict[str, str]

    def rows(self) -> list[tuple[str, str]]:
        return [(member.value, self.meanings.get(member.value, "")) for member in self.enum]


# Grouped by the file an editor has open: practice, network, money and figures, registry, templates.
CHOICES = [
    Choice("stage", "Learning-cycle steps", "`stage` in a practice; the keys under `cycle:` in a network",
           Stage, {value: f"{label}." for value, label in STAGE_LABELS.items()}),
    Choice("status", "Status of a practice", "`status` in a practice", Status, {
        "pilot": "Tried out on a small scale or for a limited time.",
        "implemented": "In regular use where it started.",
        "scaled": "Extended beyond where it started: more services, places or people.",
        "discontinued": "No longer run. Say why in the description: that is useful to others.",
    }),
    Choice("organisation-role", "Roles of organisations in a practice", "`organisations[].role` in a practice",
           OrganisationRole, {
               "lead": "Leads the practice.",
               "partner": "Takes part in running it (the default).",
               "implementing-body": "Carries out the work for the lead.",
               "funder": "Pays for it.",
               "publisher": "Published the record in its source.",
               "other": "Another role: say which in the note.",
           }),
    Choice("network-role", "How a practice belongs to a network", "`networks[].role` in a practice", NetworkRole, {
        "origin": "The practice grew in this network (the default).",
        "transfer": "The practice was passed on to others through this network.",
        "programme": "The network's programme ran or paid for it.",
        "project": "It was a project of the network.",
        "other": "Another link: say which in the note.",
    }),
    Choice("transfer-outcome", "Outcomes of a transfer", "`transfers[].outcome` in a practice", TransferOutcome, {
        "adopted": "The other municipality took the practice up as it was.",
        "adapted": "It took the practice up and changed it to fit.",
        "in-progress": "It is still taking it up.",
        "failed": "It tried and stopped. Say why in the note: failures teach too.",
    }),
    Choice("network-kind", "Kinds of network", "`kind` in a network", NetworkKind, {
        "network": "Municipalities that meet regularly to learn from each other.",
        "partnership": "Two or a few municipalities working together, often across borders.",
        "learning-cluster": "Peer learning that spreads one approach that already works somewhere to others.",
        "efficiency-network": "Local governments comparing indicators and user surveys to improve a service.",
        "project": "A project with a set start and end.",
    }),
    Choice("role", "Roles of members and people in a network", "`members[].role` and `people[].role` in a network",
           Role, {
               "host": "Hosts the network or its meetings.",
               "lead": "Leads the network.",
               "member": "Takes part as a member (the default).",
               "partner": "A partner in a partnership.",
               "resource-person": "Brings expertise, e.g. a trainer or adviser.",
               "association": "An association of local governments that supports the network.",
               "funder": "Pays for the network or its activities.",
               "coordinator": "Organises the network's work.",
               "observer": "Follows the network without taking part in its work.",
           }),
    Choice("cycle-status", "Progress of a learning-cycle step", "`cycle.<step>.status` in a network", StageStatus, {
        "done": "The step is finished.",
        "ongoing": "The network is in this step now.",
        "planned": "The step is planned.",
        "skipped": "The network left this step out.",
    }),
    Choice("event-kind", "Kinds of event", "`events[].kind` in a network", EventKind, {
        "peer-exchange": "Staff of member municipalities learning from each other directly.",
        "workshop": "Working together on a task.",
        "meeting": "A meeting of the network.",
        "study-visit": "A visit to see how another municipality works.",
        "conference": "A larger gathering with talks.",
        "training": "A course for staff or politicians.",
        "webinar": "An online session.",
        "other": "Any other kind: describe it.",
    }),
    Choice("funding-kind", "Kinds of funding", "`kind` of an amount under `funding` or `budget`", FundingKind, {
        "grant": "Money given, not to be paid back.",
        "loan": "Money to be paid back.",
        "own-budget": "Paid from the municipality's own budget.",
        "co-funding": "The municipality's share beside another funder's.",
        "in-kind": "Paid in staff time, rooms or goods rather than money.",
        "other": "Any other kind.",
    }),
    Choice("qualifier", "How exact a figure is", "before a figure, e.g. `achieved: over 60`, or as `qualifier`",
           Qualifier, {value: f"The source says “{label} …”." for value, label in QUALIFIER_LABELS.items()}),
    Choice("municipality-kind", "Kinds of municipality", "`kind` in `registry/municipalities/`", MunicipalityKind, {
        "municipality": "A municipality (the default).",
        "city": "A city with its own local government.",
        "district": "A district.",
        "county": "A county.",
        "region": "A region.",
    }),
    Choice("organisation-kind", "Kinds of organisation", "`kind` in `registry/organisations/`", OrganisationKind, {
        "association": "An association of local governments.",
        "government": "A ministry or other national or regional government body.",
        "donor": "A body that funds projects, e.g. a development agency's fund.",
        "agency": "A public agency.",
        "university": "A university or research institute.",
        "ngo": "A non-governmental organisation.",
        "network": "A network of municipalities or organisations.",
        "company": "A company.",
        "other": "Any other kind.",
    }),
    Choice("orientation", "Page orientation of a template", "`orientation` in `content/templates/`", Orientation, {
        "portrait": "Taller than wide.",
        "landscape": "Wider than tall, for wide tables.",
    }),
]


def code(value: object) -> Markup:
    """A value to copy, as code that breaks only after a hyphen (portal.css); ids and codes only, else escaped text."""
    text = str(value)
    if re.fullmatch(r"[a-z0-9][a-z0-9.-]*", text):  # nothing in it to escape for HTML or Markdown
        return Markup(f'<code class="portal-value">{text}</code>')
    return Markup(safe.md_text(text))


def caf_rows() -> list[tuple[str, str, list[str]]]:
    """(criterion, its name, its sub-criteria codes), from the CAF 2020 vocabulary."""
    return [(number, name, [f"{number}.{n}" for n in range(1, count + 1)])
            for number, (name, count) in CAF_CRITERIA.items()]


@step
def choices(r: Renderer) -> None:
    r.page(CHOICES_PAGE, "choices.md.j2", themes=sorted(r.catalog.themes.items()), choices=CHOICES,
           caf=caf_rows(), code=code, sdgs=sorted(SDG_LABELS.items()))
