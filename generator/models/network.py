"""A network, partnership or learning cluster: `networks/<id>.yml`."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

from pydantic import Field, model_validator

from .common import MARKDOWN, Date, Id, LanguageCode, LastVerified, Name, Record, Source, Text, Year
from .measures import MoneyOrText, Period
from .translation import TEXT_OR_AMOUNT, TRANSLATABLE


class NetworkKind(str, Enum):
    network = "network"
    partnership = "partnership"
    learning_cluster = "learning-cluster"
    efficiency_network = "efficiency-network"
    project = "project"


class Role(str, Enum):
    host = "host"
    lead = "lead"
    member = "member"
    partner = "partner"
    resource_person = "resource-person"
    association = "association"
    funder = "funder"
    coordinator = "coordinator"
    observer = "observer"


class Member(Record):
    """A registry entry (municipality or organisation) in a role."""

    ref: Id = Field(description="Registry id of the municipality or organisation.")
    role: Role = Role.member
    joined: Year | None = None
    left: Year | None = None
    note: Annotated[str | None, TRANSLATABLE] = None

    @model_validator(mode="after")
    def _leaves_after_joining(self) -> "Member":
        if self.joined is not None and self.left is not None and self.left < self.joined:
            raise ValueError(f"the member left ({self.left}) before it joined ({self.joined})")
        return self


class Joining(Record):
    """Whether a municipality can still join, as a source says; the CAF tool shows it with proposed networks."""

    open: bool = Field(description="true if the network takes new municipalities, false if it does not.")
    conditions: Annotated[str | None, TRANSLATABLE] = Field(None, description="What a municipality needs to join, e.g. a self-assessment.")
    how: Annotated[str | None, TRANSLATABLE] = Field(None, description="Whom to ask: an office or organisation, never a private address.")
    as_of: Year | None = Field(None, description="The year the source says so.")


class Person(Record):
    """A resource person or coordinator, by role. No private contact details."""

    role: Role
    name: Name | None = Field(None, description="Only if the person is publicly named in a source.")
    organisation: Id | None = None
    expertise: Annotated[str | None, TRANSLATABLE] = None


class StageStatus(str, Enum):
    done = "done"
    ongoing = "ongoing"
    planned = "planned"
    skipped = "skipped"


class CycleStep(Record):
    status: StageStatus
    when: str | None = Field(None, description="Date or period, e.g. '2019' or '2019-03'.")
    note: Annotated[str | None, TRANSLATABLE] = None


class Cycle(Record):
    """Progress through the five steps of the learning cycle."""

    self_assessment: CycleStep | None = Field(None, alias="self-assessment")
    clustering: CycleStep | None = None
    improvement: CycleStep | None = None
    self_evaluation: CycleStep | None = Field(None, alias="self-evaluation")
    promotion: CycleStep | None = None


class EventKind(str, Enum):
    peer_exchange = "peer-exchange"
    workshop = "workshop"
    meeting = "meeting"
    study_visit = "study-visit"
    conference = "conference"
    training = "training"
    webinar = "webinar"
    other = "other"


class Event(Record):
    name: Annotated[Name, TRANSLATABLE]
    kind: EventKind
    date: Date | None = Field(None, description="YYYY-MM-DD, if known.")
    year: Year | None = Field(None, description="Year, when the exact date is not known.")
    place: Id | None = Field(None, description="Registry id of the host municipality.")
    description: Annotated[str | None, TRANSLATABLE] = None


class Activity(Record):
    """One line of an action plan."""

    activity: Annotated[Text, TRANSLATABLE]
    responsible: Annotated[Text, TRANSLATABLE]
    deadline: str | None = Field(None, description="Date or period, e.g. '2021-06' or 'Q3 2021'.")
    challenges: Annotated[str | None, TRANSLATABLE] = None
    mitigation: Annotated[str | None, TRANSLATABLE] = None
    resources: Annotated[str | None, TRANSLATABLE] = None
    results: Annotated[str | None, TRANSLATABLE] = Field(None, description="Expected results.")


class ActionPlan(Record):
    approach: Annotated[str | None, TRANSLATABLE] = Field(None, description="The approach being applied.")
    goal: Annotated[Text, TRANSLATABLE]
    beneficiaries: Annotated[str | None, TRANSLATABLE] = None
    activities: list[Activity] = Field(min_length=1)


class Milestone(Record):
    year: Year
    event: Annotated[Text, TRANSLATABLE]


class Network(Record):
    """A network, partnership or learning cluster of municipalities."""

    name: Annotated[Name, TRANSLATABLE]
    kind: NetworkKind
    topic: Annotated[Text, TRANSLATABLE]
    summary: Annotated[Text, TRANSLATABLE] = Field(max_length=600)
    description: Annotated[str | None, TRANSLATABLE] = Field(None, description="Longer text, in GitHub-flavoured Markdown.",
                                    json_schema_extra=MARKDOWN)
    themes: list[Id] = Field(default_factory=list)
    host: Id | None = Field(None, description="Registry id of the host organisation or municipality.")
    members: list[Member] = Field(min_length=1)
    people: list[Person] = Field(default_factory=list)
    period: Period
    meeting_rhythm: Annotated[str | None, TRANSLATABLE] = Field(None, description="e.g. 'monthly', 'two regional peer exchanges a year'.")
    joining: Joining | None = Field(None, description="Whether and how a municipality can join; leave it out where no source says.")
    funding: Annotated[list[MoneyOrText], TEXT_OR_AMOUNT] = Field(
        default_factory=list, description="Who paid: a text, or an amount with currency, period and funder.")
    cycle: Cycle | None = None
    timeline: list[Milestone] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    action_plan: ActionPlan | None = None
    sources: list[Source] = Field(min_length=1)
    last_verified: LastVerified
    language: LanguageCode = "en"
