"""Registry of municipalities, organisations and the themes vocabulary."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field

from .common import Contact, CountryCode, Count, Figure, Id, Name, Record, Url, Year


Latitude = Annotated[Figure, Field(ge=-90, le=90, description="Latitude in degrees, -90 to 90.")]
Longitude = Annotated[Figure, Field(ge=-180, le=180, description="Longitude in degrees, -180 to 180.")]


class MunicipalityKind(str, Enum):
    municipality = "municipality"
    city = "city"
    district = "district"
    county = "county"
    region = "region"


class Municipality(Record):
    """A local government, named as it is written locally."""

    id: Id
    name: Name = Field(description="Name as written locally, e.g. 'Sölvesborg', 'Čapljina'.")
    name_en: Name | None = Field(None, description="English name, only where it differs.")
    kind: MunicipalityKind = MunicipalityKind.municipality
    country: CountryCode
    region: str | None = Field(None, description="Region, county or entity it belongs to.")
    other_names: list[Name] = Field(default_factory=list, description="Other official names, e.g. 'Iruña' beside 'Pamplona'.")
    population: Count | None = Field(None, ge=0)
    population_year: Year | None = Field(None, description="Year the population figure refers to.")
    coordinates: tuple[Latitude, Longitude] | None = Field(None, description="[latitude, longitude]")


class OrganisationKind(str, Enum):
    association = "association"
    government = "government"
    donor = "donor"
    agency = "agency"
    university = "university"
    ngo = "ngo"
    network = "network"
    company = "company"
    other = "other"


class Organisation(Record):
    """An association of local governments, ministry, donor, university or other body."""

    id: Id
    name: Name
    abbreviation: Name | None = Field(None, description="Short form, e.g. 'NALAS', 'SCTM'.")
    kind: OrganisationKind
    country: CountryCode | None = Field(None, description="Empty for international bodies.")
    website: Url | None = None
    contact: Contact | None = None
    coordinates: tuple[Latitude, Longitude] | None = Field(
        None, description="[latitude, longitude] of its seat: the centre of the city it is based in.")


class Theme(Record):
    """One entry of the controlled themes vocabulary (registry/themes.yml)."""

    id: Id
    name: Name
    description: str | None = None
