"""Results of one evaluation round of a network: `networks/<network-id>/results-<round>.yml`."""

from __future__ import annotations

from pydantic import Field

from .common import Id, LanguageCode, LastVerified, Name, Record, Source, Text, Year
from .measures import Indicator


class Findings(Record):
    """Qualitative findings at the three levels where change shows."""

    individual: list[Text] = Field(default_factory=list)
    organisational: list[Text] = Field(default_factory=list)
    community: list[Text] = Field(default_factory=list)


class Benefit(Record):
    """What one partner gained: mutuality means every partner should have a line."""

    member: Id = Field(description="Registry id of the partner.")
    benefits: list[Text] = Field(min_length=1)


class Results(Record):
    network: Id = Field(description="Id of the network evaluated; must match the folder name.")
    title: Name
    year: Year = Field(description="Year of the evaluation.")
    method: str | None = Field(None, description="How the results were gathered.")
    summary: Text = Field(max_length=800)
    indicators: list[Indicator] = Field(default_factory=list)
    findings: Findings | None = None
    success_factors: list[Text] = Field(default_factory=list)
    weaknesses: list[Text] = Field(default_factory=list)
    lessons: list[Text] = Field(default_factory=list)
    benefits: list[Benefit] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    last_verified: LastVerified
    language: LanguageCode = "en"
