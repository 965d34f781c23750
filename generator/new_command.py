"""`portal new KIND NAME-OR-ID`: a scaffold written to the file its id names, and registry entries on request.

The file name is an id made from what was typed (`"Ajdovščina PB"` -> ajdovscina-pb), so that the
new file is not one `portal check` then refuses for its name. At a terminal it asks for what was
not given; an unknown registry id can be added to the registry there and then. Ctrl-C or the end of
input stops it with nothing written: every file is written at the end, together.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .placeholders import MARKER
from .scaffold import REGISTRY, registry_entry, scaffold
from .slugs import id_from_text
from .source_files import ID, RESERVED_IDS

THEMES_FILE = "registry/themes.yml"
REGISTRY_FOLDERS = {"municipality": "registry/municipalities", "organisation": "registry/organisations"}


class Refused(Exception):
    """A request that cannot be carried out; the message says why and what to do."""


@dataclass
class Plan:
    """The files `portal new` will write, all at once at the end."""

    root: Path
    files: dict[Path, str] = field(default_factory=dict)  # path -> text to write (new files)
    appends: dict[Path, str] = field(default_factory=dict)  # path -> text to add at its end

    def write(self) -> list[str]:
        for path, text in self.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for path, text in self.appends.items():
            existing = path.read_text(encoding="utf-8") if path.exists() else ""
            separator = "" if not existing or existing.endswith("\n") else "\n"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(existing + separator + text, encoding="utf-8")
        return [path.relative_to(self.root).as_posix() for path in [*self.files, *self.appends]]


def run(args, root: Path, today: dt.date | None = None) -> int:
    try:
        plan = _plan(args, root, today or dt.date.today())
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return 2
    except (KeyboardInterrupt, EOFError):  # Ctrl-C or Ctrl-D at a prompt
        print("\nStopped: nothing written.", file=sys.stderr)
        return 130
    written = plan.write()
    left = sum(text.count(MARKER) - _commented_markers(text) for text in [*plan.files.values(), *plan.appends.values()])
    print(f"Wrote {', '.join(written)}." + (f" Replace the {left} '{MARKER}' value(s), then run `portal check`."
                                            if left else " Run `portal check` when it is complete."),
          file=sys.stderr)
    return 0


def _commented_markers(text: str) -> int:
    return sum(line.count(MARKER) for line in text.splitlines() if line.lstrip().startswith("#"))


def record_id(given: str) -> str:
    """The id for what was typed: an id stays as it is, a title or name becomes one."""
    if ID.fullmatch(given) and given not in RESERVED_IDS:
        return given
    made = id_from_text(given)
    if made in RESERVED_IDS or given in RESERVED_IDS:
        raise Refused(f"'{given}' is reserved for the list pages: choose another id")
    if not made:
        raise Refused(f"'{given}' gives no usable id: use letters or digits, e.g. school-exchange")
    return made


def _plan(args, root: Path, today: dt.date) -> Plan:
    if args.kind == "results" and not args.network:
        raise Refused("portal new results needs --network NETWORK-ID")
    if args.network is not None and not ID.fullmatch(args.network):
        raise Refused(f"'{args.network}' is not a valid --network: use lower-case letters, digits and hyphens, "
                      "e.g. gran-mukono")
    new_id = record_id(args.id)
    if new_id != args.id and not args.title and args.kind != "results":
        args.title = args.id  # `portal new practice "Ajdovščina PB"`: the words typed are the title
    plan = Plan(root)
    registry = Registry(root)
    if args.kind in REGISTRY:
        registry.refuse_taken(args.kind, new_id)
    target = _target(root, args.kind, new_id, args.network)
    if target.exists() and not args.force and args.kind != "theme":  # a theme is added to the list
        raise Refused(f"{target.relative_to(root).as_posix()} exists already (use --force to overwrite)")
    interactive = sys.stdin.isatty()
    if interactive:
        _ask_missing(args, registry, plan, today)
    else:
        unknown = registry.unknown(args.municipality)
        if unknown:
            raise Refused("\n".join(unknown))
    if args.kind == "theme":
        plan.appends[target] = registry_entry("theme", _registry_values(args, new_id), today)
    elif args.kind in REGISTRY:
        plan.files[target] = scaffold(args.kind, _registry_values(args, new_id), today)
    else:
        plan.files[target] = scaffold(args.kind, _values(args, new_id), today)
    return plan


def _target(root: Path, kind: str, new_id: str, network: str | None) -> Path:
    if kind == "theme":
        return root / THEMES_FILE
    if kind in REGISTRY_FOLDERS:
        return root / REGISTRY_FOLDERS[kind] / f"{new_id}.yml"
    if kind == "results":
        return root / "networks" / network / f"results-{new_id}.yml"
    return root / ("practices" if kind == "practice" else "networks") / f"{new_id}.{'md' if kind == 'practice' else 'yml'}"


class Registry:
    """The registry ids the portal has, and those this run adds."""

    def __init__(self, root: Path):
        from .load import load

        self.root = root
        self.ids: dict[str, str] = {}  # id -> file
        for record in load(root).records:
            if record.kind in ("municipality", "organisation", "theme"):
                self.ids.setdefault(f"{record.kind}:{record.id}", record.file)
        self.added: set[str] = set()

    def known(self, kinds: tuple[str, ...] = ("municipality", "organisation")) -> list[str]:
        return sorted({key.split(":", 1)[1] for key in self.ids if key.split(":", 1)[0] in kinds} | self.added)

    def refuse_taken(self, kind: str, new_id: str) -> None:
        """Themes have ids of their own; municipalities and organisations share theirs."""
        kinds = ("theme",) if kind == "theme" else ("municipality", "organisation")
        for key, file in self.ids.items():
            kind_of, record_id = key.split(":", 1)
            if kind_of in kinds and record_id == new_id:
                raise Refused(f"'{new_id}' is in the registry already ({file}); choose another id or edit that entry")

    def unknown(self, refs: list[str], offered: bool = False) -> list[str]:
        """One line per id missing from the registry, with the closest known id (or, unless adding it is
        `offered` next, how to add it)."""
        known = self.known()
        found = []
        for ref in refs:
            if ref not in known:
                close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
                found.append(f"unknown registry id '{ref}'" + (
                    f": did you mean '{close[0]}'?" if close else "" if offered else
                    f" (add it with `portal new municipality {ref}` or `portal new organisation {ref}`)"))
        return found


def _ask(prompt: str) -> str:
    return input(prompt).strip()


def _ask_missing(args, registry: Registry, plan: Plan, today: dt.date) -> None:
    """At a terminal, ask for the essentials that were not given as options."""
    if args.kind in REGISTRY:
        if not args.title:
            args.title = _ask("Name: " if args.kind != "municipality" else "Name, as written locally: ") or None
        if args.kind != "theme" and not args.country:
            args.country = _ask("Country (ISO code, e.g. NO, SI; empty if you do not know yet): ").upper() or None
        return
    if not args.title:
        args.title = _ask("Name: " if args.kind == "network" else "Title: ") or None
    if not args.summary:
        args.summary = _ask("Summary (two or three sentences): ") or None
    if args.kind == "results":
        return
    who = "Municipalities" if args.kind == "practice" else "Members"
    refs = args.municipality
    while not refs or not _all_known(refs, registry, plan, args, today):
        refs = [ref.strip() for ref in _ask(f"{who} (registry ids, comma-separated): ").split(",") if ref.strip()]
    args.municipality = refs


def _all_known(refs: list[str], registry: Registry, plan: Plan, args, today: dt.date) -> bool:
    for line in registry.unknown(refs, offered=True):
        print(line, file=sys.stderr)
    return all([_known_or_added(ref, registry, plan, args, today) for ref in refs])  # a list: ask about each


def _known_or_added(ref: str, registry: Registry, plan: Plan, args, today: dt.date) -> bool:
    """True if `ref` is in the registry, or the editor chose to add it now."""
    if ref in registry.known():
        return True
    if not ID.fullmatch(ref) or difflib.get_close_matches(ref, registry.known(), n=1, cutoff=0.6):
        return False  # a slip of the keyboard, most likely: the did-you-mean says what to write
    if _ask(f"Add '{ref}' to the registry now? [y/N] ").lower() not in ("y", "yes"):
        return False
    kind = "municipality"
    if args.kind == "network":
        answer = _ask(f"Is '{ref}' a municipality or an organisation? [M/o] ").lower()
        kind = "organisation" if answer.startswith("o") else "municipality"
    name = _ask(f"Name of '{ref}'" + (", as written locally: " if kind == "municipality" else ": "))
    country = _ask("Country (ISO code, e.g. NO, SI; empty if you do not know yet): ").upper()
    values = {"id": ref, **({"name": name} if name else {}), **({"country": country} if country else {})}
    plan.files[Path(registry.root) / REGISTRY_FOLDERS[kind] / f"{ref}.yml"] = scaffold(kind, values, today)
    registry.added.add(ref)
    return True


def _registry_values(args, new_id: str) -> dict:
    values: dict = {"id": new_id}
    if args.title:
        values["name"] = args.title
    if args.kind != "theme" and getattr(args, "country", None):
        values["country"] = args.country
    return values


def _values(args, new_id: str) -> dict:
    values: dict = {}
    title_key = "name" if args.kind == "network" else "title"
    if args.title:
        values[title_key] = args.title
    if args.summary:
        values["summary"] = args.summary
    if args.municipality:
        if args.kind == "practice":
            values["municipalities"] = args.municipality
        elif args.kind == "network":
            values["members"] = [{"ref": ref} for ref in args.municipality]
    if args.network:
        values["network"] = args.network
    if args.kind == "results" and new_id.isdigit() and 1900 <= int(new_id) <= 2100:
        values["year"] = int(new_id)
    return values
