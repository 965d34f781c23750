"""Registry of municipalities, organisations and the themes vocabulary."""

from __future__ import annotations

import unicodedata
from enum import Enum
from typing import Annotated

from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from .common import Contact, CountryCode, Count, Figure, Id, LanguageCode, Name, Record, Url, Year


Latitude = Annotated[Figure, Field(ge=-90, le=90, description="Latitude in degrees, -90 to 90.")]
Longitude = Annotated[Figure, Field(ge=-180, le=180, description="Longitude in degrees, -180 to 180.")]
LatinName = Annotated[Name, Field(description="The name in Latin script, where `name` is written in another "
                                              "(e.g. 'Skopje' for 'Скопје'): shown beside it for readers who "
                                              "cannot read that script.")]


def in_script(text: str, script: str) -> bool:
    """True if the text has a letter of `script` ('LATIN', 'CYRILLIC', as Unicode names its letters)."""
    return any(char.isalpha() and unicodedata.name(char, "").startswith(script) for char in text)


def in_latin_script(text: str) -> bool:
    """True if the text has a Latin letter: such a name can be read, and searched for, without a transliteration."""
    return in_script(text, "LATIN")


def with_latin_form(name: str, latin: str | None, reader_script: str = "LATIN") -> str:
    """'Скопје (Skopje)': a name in another script followed by its Latin form; a Latin name as it is, and
    so a name in the reader's own script ('Скопје' on a Macedonian page)."""
    own = in_latin_script(name) or (reader_script != "LATIN" and in_script(name, reader_script))
    return f"{name} ({latin})" if latin and not own and latin != name else name


# Every field that names a municipality or an organisation (a list for other_names): where an editor's
# or a form's words are matched to a registry entry (issue_answers.py, importing/mapping.py).
NAME_FIELDS = ("name", "name_en", "latin_name", "local_name", "other_names")


class MunicipalityKind(str, Enum):
    municipality = "municipality"
    city = "city"
    district = "district"
    county = "county"
    region = "region"


class _Named:
    """Names for readers of any script, from `name` and the record's `latin_form`."""

    @property
    def display_name(self) -> str:
        """The name for titles and links on an English page: 'Скопје (Skopje)'."""
        return self.name_for("LATIN", ("en",))

    def name_for(self, reader_script: str, reader_languages: tuple[str, ...] = ()) -> str:
        """The name for a page in a language written in `reader_script`, read by speakers of `reader_languages`
        (ISO 639-1): 'Скопје' on a Macedonian page."""
        return with_latin_form(self.name, self.latin_form, reader_script)

    @property
    def sort_name(self) -> str:
        """The name to sort by: its Latin form where it is written in another script, so Скопје sorts under S."""
        return self.name if in_latin_script(self.name) or not self.latin_form else self.latin_form

    def sort_name_for(self, reader_script: str, reader_languages: tuple[str, ...] = ()) -> str:
        """The name to sort by on a page that shows name_for(): the same arguments."""
        return self.sort_name

    @property
    def search_names(self) -> list[str]:
        """Every name a reader may look it up by, whichever the page shows: its English, own and Latin names,
        other official names and abbreviation ('AAM', 'Association of …' on an Albanian page)."""
        found = []
        for field in (*NAME_FIELDS, "abbreviation"):
            value = getattr(self, field, None)
            found.extend(value if isinstance(value, list) else [value] if value else [])
        return list(dict.fromkeys(found))


class Municipality(_Named, Record):
    """A local government, named as it is written locally."""

    id: Id
    name: Name = Field(description="Name as written locally, e.g. 'Sölvesborg', 'Čapljina'.")
    name_en: Name | None = Field(None, description="English name, only where it differs.")
    latin_name: LatinName | None = None
    # The value, not the member: validated kinds are values too (use_enum_values), and pages print them.
    kind: MunicipalityKind = MunicipalityKind.municipality.value
    country: CountryCode
    region: str | None = Field(None, description="Region, county or entity it belongs to.")
    other_names: list[Name] = Field(default_factory=list, description="Other official names, e.g. 'Iruña' beside 'Pamplona'.")
    population: Count | None = Field(None, ge=0)
    population_year: Year | None = Field(None, description="Year the population figure refers to.")
    coordinates: tuple[Latitude, Longitude] | None = Field(None, description="[latitude, longitude]")

    @property
    def latin_form(self) -> str | None:
        """How the name reads in Latin script: its transliteration, else its English name."""
        return self.latin_name or self.name_en


def _given_with(field: str, other: str) -> dict:
    """JSON Schema: where `field` is given (a text, not null), `other` is given too."""
    return {"if": {"required": [field], "properties": {field: {"type": "string"}}},
            "then": {"required": [other], "properties": {other: {"type": "string"}},
                     "description": "`local_name` and `local_language` go together: fill in both, or neither."}}


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


class Organisation(_Named, Record):
    """An association of local governments, ministry, donor, university or other body."""

    # In the JSON Schema: a local_name (not left empty) needs its local_language, and the other way round.
    model_config = ConfigDict(json_schema_extra={"allOf": [_given_with(*pair) for pair in (
        ("local_name", "local_language"), ("local_language", "local_name"))]})

    id: Id
    name: Name = Field(description="Its name, in English where it has one, e.g. 'Association of Albanian Municipalities'.")
    local_name: Name | None = Field(None, description="Its own name in its own language, where `name` is English, "
                                    "e.g. 'Shoqata e Bashkive të Shqipërisë': shown after the English name, and "
                                    "alone on pages in that language.")
    # The pairing and "not English" are in the JSON Schema too, so that the Propose form says so before a
    # pull request; that local_name repeats name only the check can tell.
    local_language: LanguageCode | None = Field(
        None, description="ISO 639-1 code of the language of `local_name`, e.g. sq.", validate_default=True,
        json_schema_extra={"not": {"type": "string", "pattern": "^\\s*[Ee][Nn]\\s*$", "description": "Not en: `name` holds the "
                                   "English name, and `local_name` the name in its own language."}})
    latin_name: LatinName | None = None
    abbreviation: Name | None = Field(None, description="Short form, e.g. 'NALAS', 'SCTM'.")
    kind: OrganisationKind
    country: CountryCode | None = Field(None, description="Empty for international bodies.")
    website: Url | None = None
    contact: Contact | None = None
    coordinates: tuple[Latitude, Longitude] | None = Field(
        None, description="[latitude, longitude] of its seat: the centre of the city it is based in.")

    @field_validator("local_language", mode="after")
    @classmethod
    def _goes_with_local_name(cls, language: str | None, info: ValidationInfo) -> str | None:
        if "local_name" not in info.data:  # it failed: that is the problem to report, not this
            return language
        local_name = info.data["local_name"]  # validated before: declared before
        if local_name is None:
            if language is not None:
                raise ValueError("local_language is the language of local_name: give local_name too, or leave local_language out")
        elif language is None:
            raise ValueError("a local_name needs the code of its language, e.g. local_language: sq")
        elif language == "en":
            raise ValueError("local_name is for the name in another language than English: name holds the English one")
        elif local_name == info.data.get("name"):
            raise ValueError("local_name repeats name: leave both local_name and local_language out")
        return language

    @property
    def latin_form(self) -> str | None:
        return self.latin_name

    def name_for(self, reader_script: str, reader_languages: tuple[str, ...] = ()) -> str:
        """'Association of Albanian Municipalities (Shoqata e Bashkive të Shqipërisë)'; on an Albanian page the
        Albanian name alone."""
        if self._local_name_alone(reader_languages):
            return self.local_name
        name = super().name_for(reader_script, reader_languages)
        return f"{name} ({self.local_name})" if self.local_name else name

    def sort_name_for(self, reader_script: str, reader_languages: tuple[str, ...] = ()) -> str:
        return self.local_name if self._local_name_alone(reader_languages) else self.sort_name

    def _local_name_alone(self, reader_languages: tuple[str, ...]) -> bool:
        return bool(self.local_name) and self.local_language in reader_languages


class Theme(Record):
    """One entry of the controlled themes vocabulary (registry/themes.yml)."""

    id: Id
    name: Name
    description: str | None = None
