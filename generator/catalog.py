"""Stage 3, link: one catalogue in which every reference is resolved.

Reports dangling references (with a did-you-mean) and duplicate ids, and builds
the reverse indexes the pages need (a municipality lists its practices and
networks; a theme lists what uses it), and each practice's related practices.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .future_years import future_years
from .latin_names import latin_name_warnings
from .load import Page, RawRecord
from .models import MODELS, Municipality, Network, Organisation, Portfolio, Practice, Results
from .models.common import country_name
from .models.measures import Money
from .problems import Problem, Severity
from .references import IMAGES, NETWORKS, REGISTRY, THEMES, raw_references
from .related import RelatedIndex
from .translations import Translation, attach_guide_translations, attach_translations
from .validate import Valid, Validated

STALE_AFTER_DAYS = 2 * 365
NON_MEMBER_ROLES = {"funder", "observer"}
RUNNING_ROLES = {"lead", "partner", "implementing-body"}  # a funder or publisher abroad does not make it theirs


@dataclass
class Catalog:
    practices: dict[str, Valid] = field(default_factory=dict)
    networks: dict[str, Valid] = field(default_factory=dict)
    results: dict[str, Valid] = field(default_factory=dict)
    municipalities: dict[str, Valid] = field(default_factory=dict)
    organisations: dict[str, Valid] = field(default_factory=dict)
    themes: dict[str, Valid] = field(default_factory=dict)
    portfolios: dict[str, Valid] = field(default_factory=dict)
    templates: dict[str, Valid] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)  # the guides in their original language
    page_translations: dict[str, dict[str, Page]] = field(default_factory=dict)  # guide path -> language -> page
    assets: dict[str, bytes] = field(default_factory=dict)
    # Reverse indexes, filled by link().
    practices_by_member: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    networks_by_member: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    practices_by_network: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    results_by_network: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    practices_by_theme: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    networks_by_theme: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    transfers_by_member: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    related: RelatedIndex = field(default_factory=lambda: RelatedIndex({}))  # related[practice id], best first
    # Look-ups every page and the practice index ask for thousands of times, answered once by link()
    # (precompute_lookups): registry id -> model, practice or network id -> its country codes.
    entities: dict[str, Municipality | Organisation] = field(default_factory=dict)
    practice_country_codes: dict[str, list[str]] = field(default_factory=dict)
    network_country_codes: dict[str, list[str]] = field(default_factory=dict)
    # (kind, id) -> {language: Translation}; translations.text_in() reads a field in a language, with fallback.
    translations: dict[tuple[str, str], dict[str, Translation]] = field(default_factory=dict)

    # ------------------------------------------------------------ look-ups

    def entity(self, ref: str) -> Municipality | Organisation | None:
        """A registry entry (municipality or organisation) by id."""
        if self.entities:
            return self.entities.get(ref)
        found = self.municipalities.get(ref) or self.organisations.get(ref)
        return found.model if found else None

    def entity_kind(self, ref: str) -> str:
        return "municipality" if ref in self.municipalities else "organisation"

    def countries_of(self, refs: list[str]) -> list[str]:
        codes = {getattr(self.entity(ref), "country", None) for ref in refs}
        return sorted(code for code in codes if code)

    def practice_countries(self, practice_id: str) -> list[str]:
        """Where the practice runs: its municipalities' countries, or its organisations' if none is named, and
        the countries it names for local governments the sources do not name."""
        found = self.practice_country_codes.get(practice_id)
        if found is not None:
            return list(found)  # a copy: the precomputed list is shared by every page
        practice = self.practices[practice_id].model
        refs = practice.municipalities or [o.ref for o in practice.organisations if o.role in RUNNING_ROLES]
        municipalities = [ref for ref in refs if ref in self.municipalities]
        named = self.countries_of(municipalities or refs)
        return sorted({*named, *practice.countries}) if practice.countries else named

    def network_countries(self, network_id: str) -> list[str]:
        """Countries the network works in: a foreign funder or observer does not make it theirs."""
        found = self.network_country_codes.get(network_id)
        if found is not None:
            return list(found)
        members = self.networks[network_id].model.members
        return self.countries_of([m.ref for m in members if m.role not in NON_MEMBER_ROLES])

    def countries(self) -> dict[str, str]:
        """Every country that some registry entry is in: code -> English name."""
        codes = {e.model.country for e in [*self.municipalities.values(), *self.organisations.values()]
                 if e.model.country}
        return {code: country_name(code) for code in sorted(codes)}

    def theme_name(self, theme_id: str) -> str:
        return self.themes[theme_id].model.name if theme_id in self.themes else theme_id

    def precompute_lookups(self) -> None:
        """Answer entity(), practice_countries() and network_countries() once per record, after linking.

        At 10,000 practices the pages and the practice index ask them some 100,000 times, and the
        answers cannot change: no stage after link() changes the catalogue.
        """
        self.practice_country_codes, self.network_country_codes = {}, {}  # computed afresh, not read back
        entities = {ref: record.model for ref, record in self.organisations.items()}
        entities.update((ref, record.model) for ref, record in self.municipalities.items())  # as entity() prefers
        self.entities = entities
        self.practice_country_codes = {pid: self.practice_countries(pid) for pid in self.practices}
        self.network_country_codes = {nid: self.network_countries(nid) for nid in self.networks}


_KIND_TO_TABLE = {
    "practice": "practices", "network": "networks", "results": "results",
    "municipality": "municipalities", "organisation": "organisations", "theme": "themes",
    "portfolio": "portfolios", "template": "templates",
}


def link(validated: Validated, today: dt.date | None = None) -> tuple[Catalog, list[Problem]]:
    catalog = Catalog(pages=[page for page in validated.pages if not page.language], assets=validated.assets)
    problems: list[Problem] = list(validated.problems)
    registry_seen: dict[str, Valid] = {}
    translations: list[Translation] = []
    for record in validated.records:
        if record.kind == "translation":
            translations.append(record)
            continue
        table = getattr(catalog, _KIND_TO_TABLE[record.kind])
        if record.kind in ("municipality", "organisation"):
            # Municipalities and organisations share one id space: members may be either.
            first = registry_seen.get(record.id)
            if first is not None:
                problems.append(_duplicate(record, first))
                continue
            registry_seen[record.id] = record
        elif record.id in table:
            problems.append(_duplicate(record, table[record.id]))
            continue
        table[record.id] = record

    checker = _References(catalog, problems, validated.invalid)
    for practice in catalog.practices.values():
        checker.practice(practice)
    for network in catalog.networks.values():
        checker.network(network)
    for results in catalog.results.values():
        checker.results(results)
    for portfolio in catalog.portfolios.values():
        checker.portfolio(portfolio)
    for raw in validated.invalid:
        checker.raw_record(raw)
    problems.extend(attach_translations(catalog, translations, validated.invalid))  # issue 14
    problems.extend(attach_guide_translations(catalog, [page for page in validated.pages if page.language]))
    problems.extend(_stale(catalog, today or dt.date.today()))
    problems.extend(future_years(catalog, today or dt.date.today()))
    problems.extend(_personal_addresses(catalog))
    problems.extend(latin_name_warnings(catalog))  # names in another script need a Latin form
    catalog.related = RelatedIndex({pid: record.model for pid, record in catalog.practices.items()})
    catalog.precompute_lookups()
    return catalog, problems


def _duplicate(record: Valid, first: Valid) -> Problem:
    position = record.position("id")
    return Problem(record.file, position.line, position.column, "id", f"duplicate id '{record.id}'",
                   f"already used in {first.file}:{first.position('id').line}")


def _stale(catalog: Catalog, today: dt.date) -> list[Problem]:
    found = []
    for table in (catalog.practices, catalog.networks, catalog.results, catalog.templates):
        for record in table.values():
            age = (today - record.model.last_verified).days
            if age < -1:  # a day of grace for editors a time zone ahead of the build
                position = record.position("last_verified")
                found.append(Problem(
                    record.file, position.line, position.column, "last_verified",
                    f"{record.model.last_verified.isoformat()} is in the future",
                    "set the date the record was last checked, at the latest today"))
            elif age > STALE_AFTER_DAYS:
                position = record.position("last_verified")
                found.append(Problem(
                    record.file, position.line, position.column, "last_verified",
                    f"not verified for {age // 365} years", "check the facts, then set today's date",
                    Severity.warning))
    return found


# firstname.lastname@ looks like a person; role words (info, post, international...) do not.
_PERSONAL_EMAIL = re.compile(r"^[a-z]{2,}[._-][a-z]{2,}@", re.IGNORECASE)
ROLE_WORDS = {"info", "post", "office", "contact", "international", "international-office", "press",
              "media", "admin", "secretariat", "kontakt", "postmottak", "mail", "team", "network", "project"}


def _personal_addresses(catalog: Catalog) -> list[Problem]:
    """Warn on contact addresses that look like a person's: the portal publishes role addresses only."""
    found = []
    for table in (catalog.practices, catalog.organisations):
        for record in table.values():
            contact = getattr(record.model, "contact", None)
            email = contact.email if contact else None
            local = (email or "").split("@")[0].lower()
            if email and _PERSONAL_EMAIL.match(email) and not set(re.split(r"[._-]", local)) & ROLE_WORDS:
                position = record.position("contact", "email")
                found.append(Problem(
                    record.file, position.line, position.column, "contact.email",
                    f"'{email}' looks like a personal address",
                    "use an organisation or role address such as international@..., or leave it out",
                    Severity.warning))
    return found


_TARGET_OF_KIND = {"municipality": REGISTRY, "organisation": REGISTRY, "network": NETWORKS, "theme": THEMES}
_ADD_FIRST = {REGISTRY: "add it to registry/municipalities/ or registry/organisations/ first",
              NETWORKS: "add it to networks/ first", IMAGES: "add it to content/ (as an image) first"}


def _unknown_id_hint(value: str, known: Any, target: str) -> str:
    """A did-you-mean for a slip; for a theme, also how to add one, since a new theme is often meant."""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    if target != THEMES:
        return f"did you mean '{close[0]}'?" if close else _ADD_FIRST[target]
    if close and difflib.SequenceMatcher(None, value, close[0]).ratio() >= 0.85:  # a typing slip
        return f"did you mean '{close[0]}'?"
    add = f"add '- id: {value}' with its name to registry/themes.yml in the same pull request"
    if close:
        return f"did you mean '{close[0]}'? If it is a new theme, {add}"
    return f"no theme has this id: use one from registry/themes.yml, or {add}"


class _References:
    """Checks each reference against the catalogue and fills the reverse indexes."""

    def __init__(self, catalog: Catalog, problems: list[Problem], invalid: list[RawRecord] = ()):
        self.catalog, self.problems = catalog, problems
        registry_ids = {*catalog.municipalities, *catalog.organisations}  # a set: looked up once per reference
        self.known = {REGISTRY: registry_ids, NETWORKS: catalog.networks, THEMES: catalog.themes,
                      IMAGES: catalog.assets}
        # A country has its page (and its place in the filters) once a registry entry is in it.
        self.registry_countries = {entry.model.country for entry in [*catalog.municipalities.values(),
                                                                      *catalog.organisations.values()]}
        # Ids of records that failed validation exist all the same: their own problems say what to fix.
        self.invalid_ids: dict[str, set[str]] = {target: set() for target in self.known}
        for raw in invalid:
            if target := _TARGET_OF_KIND.get(raw.kind):
                self.invalid_ids[target].add(raw.id)

    def _check(self, record: Valid, location: tuple, value: str, target: str) -> bool:
        known = self.known[target]
        if value in known:
            return True
        if value in self.invalid_ids[target]:
            return False
        position = record.position(*location)
        field_name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in location).lstrip(".")
        self.problems.append(Problem(record.file, position.line, position.column, field_name,
                                     f"unknown id '{value}'", _unknown_id_hint(value, known, target)))
        return False

    def raw_record(self, raw: RawRecord) -> None:
        """The ids of a record that failed validation, read from its raw data, so one run shows every mistake."""
        stand_in = Valid(raw.kind, raw.id, raw.file, None, raw)
        for location, value, target in raw_references(MODELS[raw.kind], raw.data):
            self._check(stand_in, location, value, target)

    def _registry(self, record: Valid, location: tuple, value: str) -> bool:
        return self._check(record, location, value, REGISTRY)

    def _themes(self, record: Valid, themes: list[str], index: dict[str, list[str]]) -> None:
        for i, theme in enumerate(themes):
            if self._check(record, ("themes", i), theme, THEMES):
                index[theme].append(record.id)

    def practice(self, record: Valid) -> None:
        practice: Practice = record.model
        for i, code in enumerate(practice.countries):
            if code not in self.registry_countries:
                position = record.position("countries", i)
                self.problems.append(Problem(
                    record.file, position.line, position.column, f"countries[{i}]",
                    f"no municipality or organisation of the registry is in '{code}'",
                    "check the two-letter country code (ES for Spain), or add a registry entry of that country first"))
        for i, ref in enumerate(practice.municipalities):
            if self._registry(record, ("municipalities", i), ref):
                self.catalog.practices_by_member[ref].append(record.id)
        for i, run_by in enumerate(practice.organisations):
            if self._registry(record, ("organisations", i, "ref"), run_by.ref) \
                    and run_by.ref not in practice.municipalities:
                self.catalog.practices_by_member[run_by.ref].append(record.id)
        networks = [(("network",), practice.network)] if practice.network else []
        networks += [(("networks", i, "ref"), link.ref) for i, link in enumerate(practice.networks)]
        for location, network_id in networks:
            if self._check(record, location, network_id, NETWORKS):
                self.catalog.practices_by_network[network_id].append(record.id)
        for i, image in enumerate(practice.images):
            self._check(record, ("images", i, "file"), image.file, IMAGES)
        if practice.resources:
            self._funders(record, ("resources", "funding"), practice.resources.funding)
            self._funders(record, ("resources", "budget"), practice.resources.budget)
        self._themes(record, practice.themes, self.catalog.practices_by_theme)
        for i, transfer in enumerate(practice.transfers):
            if self._registry(record, ("transfers", i, "municipality"), transfer.municipality):
                self.catalog.transfers_by_member[transfer.municipality].append(record.id)
        if practice.results:
            for i, indicator in enumerate(practice.results.indicators):
                if indicator.member:
                    self._registry(record, ("results", "indicators", i, "member"), indicator.member)
        if practice.contact and practice.contact.organisation:
            self._registry(record, ("contact", "organisation"), practice.contact.organisation)

    def _funders(self, record: Valid, location: tuple, funding: Any) -> None:
        """Registry ids of funders in money given as one amount or a list (texts have none)."""
        items = funding if isinstance(funding, list) else [funding]
        for i, item in enumerate(items):
            if isinstance(item, Money) and item.funder:
                where = location + ((i,) if isinstance(funding, list) else ()) + ("funder",)
                self._registry(record, where, item.funder)

    def network(self, record: Valid) -> None:
        network: Network = record.model
        self._funders(record, ("funding",), network.funding)
        if network.host:
            self._registry(record, ("host",), network.host)
        seen: set[str] = set()
        for i, member in enumerate(network.members):
            if self._registry(record, ("members", i, "ref"), member.ref) and member.ref not in seen:
                self.catalog.networks_by_member[member.ref].append(record.id)
                seen.add(member.ref)
        for i, person in enumerate(network.people):
            if person.organisation:
                self._registry(record, ("people", i, "organisation"), person.organisation)
        for i, event in enumerate(network.events):
            if event.place:
                self._registry(record, ("events", i, "place"), event.place)
        self._themes(record, network.themes, self.catalog.networks_by_theme)

    def results(self, record: Valid) -> None:
        results: Results = record.model
        folder = record.file.split("/")[-2]
        if results.network != folder:
            position = record.position("network")
            self.problems.append(Problem(record.file, position.line, position.column, "network",
                                         f"'{results.network}' does not match the folder '{folder}'",
                                         "results live in networks/<network-id>/"))
        elif self._check(record, ("network",), results.network, NETWORKS):
            self.catalog.results_by_network[results.network].append(record.id)
        for i, indicator in enumerate(results.indicators):
            if indicator.member:
                self._registry(record, ("indicators", i, "member"), indicator.member)
        for i, benefit in enumerate(results.benefits):
            self._registry(record, ("benefits", i, "member"), benefit.member)

    def portfolio(self, record: Valid) -> None:
        portfolio: Portfolio = record.model
        self._registry(record, ("owner",), portfolio.owner)
        for i, project in enumerate(portfolio.projects):
            self._funders(record, ("projects", i, "funding"), project.funding)
            if project.network:
                self._check(record, ("projects", i, "network"), project.network, NETWORKS)

