"""A table of projects, such as an annual report's portfolio: `registry/portfolios/<id>.yml`."""

from __future__ import annotations

from pydantic import Field

from .common import MARKDOWN, CountryCode, Id, Name, Record, Source, Text, Year
from .measures import MoneyTextOrList


class PortfolioProject(Record):
    country: CountryCode
    project: Text
    partners: list[Text] = Field(default_factory=list)
    funding: MoneyTextOrList | None = Field(
        None, description="What the project received: a text, or amounts with currency, period and funder.")
    network: Id | None = Field(None, description="Id of the portal's network record, if there is one.")


class Portfolio(Record):
    title: Name
    owner: Id = Field(description="Registry id of the organisation whose portfolio it is.")
    year: Year
    description: str | None = Field(None, description="Longer text, in GitHub-flavoured Markdown.",
                                    json_schema_extra=MARKDOWN)
    projects: list[PortfolioProject] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
