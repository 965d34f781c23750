"""A good practice: `practices/<id>.md`, YAML front matter and a Markdown body."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from .common import (
    CafCode, Contact, Id, Indicator, LanguageCode, LastVerified, Name, Period, Record, Sdg, Source,
    Stage, Status, Text, Year,
)


class Resources(Record):
    """What it takes to run the practice."""

    staff: str | None = Field(None, description="People and skills needed.")
    budget: str | None = Field(None, description="Money needed, with currency and period.")
    funding: list[Text] = Field(default_factory=list, description="Who paid for it.")
    other: str | None = None


class PracticeResults(Record):
    indicators: list[Indicator] = Field(default_factory=list)
    findings: list[Text] = Field(default_factory=list, description="Qualitative findings.")


class TransferOutcome(str, Enum):
    adopted = "adopted"
    adapted = "adapted"
    in_progress = "in-progress"
    failed = "failed"


class Transfer(Record):
    """Another municipality taking the practice up, failures included."""

    municipality: Id = Field(description="Registry id of the municipality that took it up.")
    year: Year
    outcome: TransferOutcome
    note: str | None = Field(None, description="What happened, what changed, why it failed.")


class Practice(Record):
    """Front matter of a practice file. The Markdown body below it is the description."""

    title: Name
    summary: Text = Field(max_length=600, description="Two or three sentences for lists and search.")
    municipalities: list[Id] = Field(min_length=1, description="Registry ids of the municipalities (or, where no municipality is named, the organisations) that run it.")
    network: Id | None = Field(None, description="Id of the network it came from.")
    themes: list[Id] = Field(default_factory=list, description="Ids from registry/themes.yml.")
    sdgs: list[Sdg] = Field(default_factory=list)
    caf: list[CafCode] = Field(default_factory=list, description="CAF 2020 sub-criteria it improves.")
    stage: Stage = Field(description="Learning-cycle step the practice belongs to.")
    status: Status
    period: Period
    resources: Resources | None = None
    results: PracticeResults | None = None
    difficulties: list[Text] = Field(default_factory=list)
    lessons: list[Text] = Field(default_factory=list)
    transferability: str | None = Field(None, description="What another municipality needs to take it up.")
    transfers: list[Transfer] = Field(default_factory=list)
    contact: Contact | None = None
    sources: list[Source] = Field(min_length=1)
    last_verified: LastVerified
    language: LanguageCode = "en"
