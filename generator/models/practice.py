"""A good practice: `practices/<id>.md`, YAML front matter and a Markdown body."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field, model_validator

from .common import (
    CafCode, Contact, CountryCode, Id, LanguageCode, LastVerified, Name, Record, Sdg, Source, Stage, Status, Text, Url, Year,
)
from .measures import Indicator, MoneyOrText, MoneyTextOrList, Period
from .translation import TEXT_OR_AMOUNT, TRANSLATABLE


class Resources(Record):
    """What it takes to run the practice."""

    staff: Annotated[str | None, TRANSLATABLE] = Field(None, description="People and skills needed.")
    budget: Annotated[MoneyTextOrList | None, TEXT_OR_AMOUNT] = Field(
        None, description="Money needed: a text, or an amount with currency and period (amount, currency, period).")
    funding: Annotated[list[MoneyOrText], TEXT_OR_AMOUNT] = Field(
        default_factory=list, description="Who paid: a text, or an amount with currency, period, kind and funder.")
    other: Annotated[str | None, TRANSLATABLE] = None


class PracticeResults(Record):
    indicators: list[Indicator] = Field(default_factory=list)
    findings: Annotated[list[Text], TRANSLATABLE] = Field(default_factory=list, description="Qualitative findings.")


class TransferOutcome(str, Enum):
    adopted = "adopted"
    adapted = "adapted"
    in_progress = "in-progress"
    failed = "failed"


class Transfer(Record):
    """Another municipality taking the practice up, failures included."""

    municipality: Id = Field(description="Registry id of the municipality that took it up.")
    year: Year | None = Field(None, description="Year it was taken up; leave it out where the source does not say.")
    outcome: TransferOutcome | None = Field(
        None, description="adopted, adapted, in-progress or failed; leave it out where the source does not say.")
    note: Annotated[str | None, TRANSLATABLE] = Field(None, description="What happened, what changed, why it failed.")


class OrganisationRole(str, Enum):
    lead = "lead"
    partner = "partner"
    implementing_body = "implementing-body"
    funder = "funder"
    publisher = "publisher"
    other = "other"


class RunBy(Record):
    """An organisation that runs, funds or published the practice, in its role."""

    ref: Id = Field(description="Registry id of the organisation (or municipality).")
    role: OrganisationRole = Field(OrganisationRole.partner, description="lead, partner, implementing-body, funder, "
                                   "publisher (of the record in its source) or other.")
    note: Annotated[str | None, TRANSLATABLE] = None


class NetworkRole(str, Enum):
    origin = "origin"
    transfer = "transfer"
    programme = "programme"
    project = "project"
    other = "other"


class InNetwork(Record):
    """A network the practice belongs to, and how."""

    ref: Id = Field(description="Id of the network.")
    role: NetworkRole = Field(NetworkRole.origin, description="origin (where it grew), transfer (through which it "
                              "was passed on), programme, project or other.")
    note: Annotated[str | None, TRANSLATABLE] = None


class Image(Record):
    """A picture from content/ (PNG, JPEG, GIF or WebP), with the words that stand in for it."""

    file: str = Field(pattern=r"^[a-z0-9]+(?:[-/][a-z0-9]+)*\.(?:png|jpe?g|gif|webp)$",
                      description="Its path in content/, e.g. 'media/gran-visit.jpg'.")
    alt: Annotated[Text, TRANSLATABLE] = Field(max_length=300, description="What the picture shows, for people who cannot see it.")
    credit: str | None = Field(None, description="Who took or made it, and the licence.")


class Attachment(Record):
    """A document about the practice where it is published, e.g. the original good-practice sheet."""

    title: Name
    url: Url
    language: LanguageCode | None = None


class Award(Record):
    name: Name
    year: Year | None = None
    by: str | None = Field(None, description="Who gave it.")


class Practice(Record):
    """Front matter of a practice file. The Markdown body below it is the description."""

    title: Annotated[Name, TRANSLATABLE]
    summary: Annotated[Text, TRANSLATABLE] = Field(max_length=600, description="Two or three sentences for lists and search.")
    municipalities: list[Id] = Field(default_factory=list, description="Registry ids of the municipalities that run it.")
    organisations: list[RunBy] = Field(default_factory=list, description="Organisations that run, fund or published "
                                       "it, each in its role (an institute, an NGO, a group of communes, a region).")
    countries: list[CountryCode] = Field(default_factory=list, description="Countries where it also runs in local "
                                         "governments the sources do not name (e.g. ES for 'fifteen Spanish local "
                                         "governments'); the municipalities' countries count without it.")
    network: Id | None = Field(None, description="Id of the network it came from (or list several under networks).")
    networks: list[InNetwork] = Field(default_factory=list, description="Networks it belongs to, each in its role.")
    themes: list[Id] = Field(default_factory=list, description="Ids from registry/themes.yml.")
    sdgs: list[Sdg] = Field(default_factory=list)
    caf: list[CafCode] = Field(default_factory=list, description="CAF 2020 sub-criteria it improves.")
    stage: Stage | None = Field(None, description="Learning-cycle step the practice belongs to; leave it out where "
                                "the source does not place it in the cycle.")
    status: Status
    period: Period
    resources: Resources | None = None
    results: PracticeResults | None = None
    difficulties: Annotated[list[Text], TRANSLATABLE] = Field(default_factory=list)
    lessons: Annotated[list[Text], TRANSLATABLE] = Field(default_factory=list)
    transferability: Annotated[str | None, TRANSLATABLE] = Field(None, description="What another municipality needs to take it up.")
    transfers: list[Transfer] = Field(default_factory=list)
    contact: Contact | None = None
    images: list[Image] = Field(default_factory=list, description="Pictures from content/, each with alt text.")
    video: Url | None = Field(None, description="Web address of a video about it.")
    attachments: list[Attachment] = Field(default_factory=list, description="Documents about it, where they are published.")
    awards: list[Award] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    last_verified: LastVerified
    language: LanguageCode = "en"

    @model_validator(mode="after")
    def _someone_runs_it(self) -> "Practice":
        if not self.municipalities and not self.organisations:
            raise ValueError("name who runs the practice: at least one municipality (municipalities) or "
                             "organisation (organisations)")
        if self.network and any(link.ref == self.network for link in self.networks):
            raise ValueError(f"network '{self.network}' is given twice, as network and under networks; keep one")
        return self

    def network_links(self) -> list[InNetwork]:
        """Every network the practice belongs to with its role; `network:` is the one it grew in."""
        # model_construct: `network` was checked as an Id already, and validating it again per practice
        # and per call cost the link stage 7,000 model validations at 10,000 practices.
        return ([InNetwork.model_construct(ref=self.network)] if self.network else []) + list(self.networks)

    def network_ids(self) -> list[str]:
        return ([self.network] if self.network else []) + [link.ref for link in self.networks]
