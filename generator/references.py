"""Which fields hold ids of other records, and where an editor finds those ids.

One table for two uses: the link stage checks the ids of records that failed validation
from their raw data (so that one run of `portal check` shows every mistake), and the
messages for a missing id field say where the ids are listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .models.common import ID_PATTERN, Contact
from .models.measures import Indicator, Money
from .models.network import Event, Member, Network, Person
from .models.portfolio import Portfolio, PortfolioProject
from .models.practice import Image, InNetwork, Practice, RunBy, Transfer
from .models.results import Benefit, Results

REGISTRY, NETWORKS, THEMES, IMAGES = "registry", "networks", "themes", "images"

# Where each kind of id is listed, in the words of a hint.
WHERE_LISTED = {
    REGISTRY: "registry/municipalities/ and registry/organisations/",
    NETWORKS: "networks/ (the file names, without .yml)",
    THEMES: "registry/themes.yml",
    IMAGES: "content/ (as an image)",
}

REFERENCES: dict[tuple[type[BaseModel], str], str] = {
    (Practice, "municipalities"): REGISTRY, (Practice, "network"): NETWORKS, (Practice, "themes"): THEMES,
    (RunBy, "ref"): REGISTRY, (InNetwork, "ref"): NETWORKS, (Transfer, "municipality"): REGISTRY,
    (Image, "file"): IMAGES, (Contact, "organisation"): REGISTRY, (Money, "funder"): REGISTRY,
    (Indicator, "member"): REGISTRY,
    (Network, "host"): REGISTRY, (Network, "themes"): THEMES, (Member, "ref"): REGISTRY,
    (Person, "organisation"): REGISTRY, (Event, "place"): REGISTRY,
    (Results, "network"): NETWORKS, (Benefit, "member"): REGISTRY,
    (Portfolio, "owner"): REGISTRY, (PortfolioProject, "network"): NETWORKS,
}

_ID = re.compile(ID_PATTERN)


def target_of(model: type[BaseModel] | None, field_name: str) -> str | None:
    """REGISTRY, NETWORKS, THEMES or IMAGES if the field of `model` holds such ids, else None."""
    for (owner, name), target in REFERENCES.items():
        if name == field_name and model is not None and issubclass(model, owner):
            return target
    return None


def raw_references(model: type[BaseModel], data: Any, location: tuple = ()) -> Iterator[tuple[tuple, str, str]]:
    """(location, id, target) of every id in raw data read for `model`, as far as its shape allows.

    Values that are not written as ids are left out: validation has already said what is wrong with them.
    """
    if not isinstance(data, dict):
        return
    fields = {info.alias or name: info for name, info in model.model_fields.items()}
    for key, value in data.items():
        info = fields.get(key)
        if info is None:
            continue
        where = location + (key,)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        target = target_of(model, key)
        inner = inner_model(info.annotation)
        for index, item in items:
            item_location = where if index is None else where + (index,)
            if target and isinstance(item, str) and (target == IMAGES or _ID.match(item)) and len(item) <= 100:
                yield item_location, item, target
            elif inner is not None and isinstance(item, dict):
                yield from raw_references(inner, item, item_location)


def inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()) or ():
        if found := inner_model(argument):
            return found
    return None
