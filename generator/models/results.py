"""Results of one evaluation round of a network: `networks/<network-id>/results-<round>.yml`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .common import Id, LanguageCode, LastVerified, Name, Record, Source, Text, Year
from .measures import Indicator
from .translation import TRANSLATABLE


class Findings(Record):
    """Qualitative findings at the three levels where change shows."""

    individual: Annotated[list[Text], TRANSLATABLE] = Field(default_factory=list)
    organisational: Annotated[list[Text], TRANSLATABLE] = Field(default_factory=list)
    community: Annotated[list[Text], TRANSLATABLE] = Field(default_factory=list)


class Benefit(Record):
    """What one partner gained: mutuality means every partner should have a line."""

    member: Id = Field(description="Registry id of the partner.")
    benefits: Annotated[list[Text], TRANSLATABLE] = Field(min_length=1)


class Results(Record):
    network: Id = Field(description="Id of the network evaluated; must match the folder name.")
    title: Annotated[Name, TRANSLATABLE]
    year: Year = Field(description="Year of the evaluation.")
    method: Annotated[str | None, TRANSLATABLE] = Field(None, description="How the results were gathered.")
    summary: Annotated[Text, TRANSLATABLE] = Field(max_length=800)
    indicators: list[Indicator] = Field(default_factory=list)
    findings: Findings | None = None
    success_factors: Annotated[list[Text], TRANSLATABLE] = Field(default_factory=list)
    weaknesses: Annotated[list[Text], TRANSLATABLE] = Field(default_factory=list)
    lessons: Annotated[list[Text], TRANSLATABLE] = Field(default_factory=list)
    benefits: list[Benefit] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    last_verified: LastVerified
    language: LanguageCode = "en"
