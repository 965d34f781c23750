"""Issue forms: a practice shared through a GitHub issue instead of a pull request.

Both directions are driven by the Practice model, so that a new field needs no extra work:

- `share_a_practice_form()` writes the "share a practice" issue form from the model's fields
  (`python -m generator.issue_form form` writes it into .github/ISSUE_TEMPLATE/; `--check` fails
  when the committed copy is stale);
- `questions()` are what the form asks, one per field or part of a field; issue_answers.py reads
  an issue written with the form back into a practice file by them.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .models import Practice
from .models.common import CAF_CRITERIA, CAF_SUBCRITERIA, SDG_LABELS, CafCode, Id, Sdg, Url
from .scaffold import BODY

FORM_DIR = Path(".github/ISSUE_TEMPLATE")
FORM_FILE = FORM_DIR / "share-a-practice.yml"
CONFIG_FILE = FORM_DIR / "config.yml"
LABEL = "practice"  # put on every issue opened with the form
ACCEPTED_LABEL = "accepted-practice"  # a maintainer adds it to start the workflow
NO_RESPONSE = "_No response_"  # what GitHub writes for an empty answer
# GitHub stores at most 65,536 characters in an issue body; anything longer is not from GitHub.
MAX_BODY = 65_536
PART_SEPARATOR = "|"
LIST_SEPARATOR = ";"

# Fields the form does not ask for, and why: every other field of the model is asked for.
NOT_ASKED = {
    "last_verified": "set to the day the workflow writes the file",
    "images": "pictures are files in content/, added in the pull request",
}

# Vocabularies that live in validators rather than enums: the form offers them as choices.
_VOCABULARIES: list[tuple[Any, dict[str, Any]]] = [
    (Sdg, {f"{number} {label}": number for number, label in SDG_LABELS.items()}),
    (CafCode, {f"{code} {CAF_CRITERIA[code.split('.')[0]][0]}": code for code in CAF_SUBCRITERIA}),
]


# ---------------------------------------------------------------- the model as questions


@dataclasses.dataclass(frozen=True)
class Part:
    """One part of an entry line ("title | publisher | year"), a scalar field of a list item's model."""

    name: str
    annotation: Any
    required: bool
    many: bool = False  # a list of scalars, separated by LIST_SEPARATOR


@dataclasses.dataclass(frozen=True)
class Question:
    """One form element: where its answer goes in the practice, and how it is written."""

    path: tuple[str, ...]  # ("period", "start"); ("body", "Context") for a section of the description
    label: str
    description: str
    shape: str  # line, text, choice, choices, lines, entries, section
    required: bool = False
    annotation: Any = None  # of the value, or of one item of a list
    options: tuple[tuple[str, Any], ...] = ()  # label shown -> value written
    parts: tuple[Part, ...] = ()

    @property
    def id(self) -> str:
        return "-".join(re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-") for step in self.path)


def metadata_of(annotation: Any, info: FieldInfo | None) -> tuple[Any, list[Any]]:
    """The bare type behind Optional/Annotated/unions, and every validator and constraint met on the way."""
    metadata = list(info.metadata) if info is not None else []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            for item in annotation.__metadata__:  # a Field(...) inside Annotated keeps its constraints in it
                metadata.extend([item, *item.metadata] if isinstance(item, FieldInfo) else [item])
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            # A text or a structure (money): the form asks for the text.
            annotation = next((a for a in options if metadata_of(a, None)[0] is str), options[0])
        else:
            return annotation, metadata


def _input_types(metadata: list[Any]) -> set[Any]:
    """What a type's own parser reads besides the type itself ('over 60' for a figure, 2019 for a date)."""
    accepted: set[Any] = set()
    for item in metadata:
        given = getattr(item, "json_schema_input_type", None) if isinstance(item, BeforeValidator) else None
        if given is not None and given is not PydanticUndefined:
            accepted |= set(typing.get_args(given) or (given,))
    return accepted


def _takes_text(metadata: list[Any]) -> bool:
    return str in _input_types(metadata)


def takes_number(metadata: list[Any]) -> bool:
    """A year 2019 or '2019-03', a figure 60 or 'over 60': a whole number stays a number."""
    return bool({int, float} & _input_types(metadata))


def _full(info: FieldInfo) -> Any:
    """The field's annotation with the constraints pydantic moved into the FieldInfo put back."""
    return typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def is_id(metadata: list[Any]) -> bool:
    return any(item is Id.__metadata__[0] for item in metadata)


def _is_scalar(annotation: Any, info: FieldInfo | None = None) -> bool:
    bare, metadata = metadata_of(annotation, info)
    return _takes_text(metadata) or not (isinstance(bare, type) and issubclass(bare, BaseModel)) \
        and typing.get_origin(bare) not in (list, dict, tuple)


def _is_long_text(bare: Any, metadata: list[Any]) -> bool:
    """A paragraph rather than a line: long or free text, not an address, a code or a date."""
    if bare is not str or _is_url(metadata):
        return False
    limits = [m.max_length for m in metadata if getattr(m, "max_length", None) is not None]
    if limits:
        return max(limits) > 300
    return not _takes_text(metadata) and not any(isinstance(m, AfterValidator) for m in metadata)


def _is_url(metadata: list[Any]) -> bool:
    return any(item is Url.__metadata__[-1] for item in metadata)


def _vocabulary(annotation: Any) -> dict[str, Any] | None:
    for known, options in _VOCABULARIES:
        if annotation == known:
            return options
    bare, _ = metadata_of(annotation, None)
    if isinstance(bare, type) and issubclass(bare, enum.Enum):
        return {member.value: member.value for member in bare}
    return None


# Field names that do not read as words; any other field is labelled by its name.
LABELS = {"sdgs": "SDGs (UN Sustainable Development Goals)", "caf": "CAF 2020 sub-criteria"}


def _label(path: tuple[str, ...]) -> str:
    return " – ".join(LABELS.get(step, step.replace("_", " ").capitalize()) for step in path)


def _parts(model: type[BaseModel]) -> tuple[Part, ...]:
    parts = []
    for name, info in model.model_fields.items():
        bare, _ = metadata_of(info.annotation, info)
        if _is_scalar(info.annotation, info):
            parts.append(Part(info.alias or name, _full(info), info.is_required()))
        elif typing.get_origin(bare) is list and _is_scalar(typing.get_args(bare)[0]):
            parts.append(Part(info.alias or name, typing.get_args(bare)[0], info.is_required(), many=True))
    return tuple(parts)


def _questions_for(model: type[BaseModel], prefix: tuple[str, ...], required: bool) -> list[Question]:
    questions = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        if not prefix and key in NOT_ASKED:
            continue
        questions.extend(_questions_for_field(prefix + (key,), info, required and info.is_required()))
    return questions


def _questions_for_field(path: tuple[str, ...], info: FieldInfo, required: bool) -> list[Question]:
    bare, metadata = metadata_of(info.annotation, info)
    description = info.description or _item_description(bare)
    common = {"path": path, "label": _label(path), "required": required}
    if typing.get_origin(bare) is list:
        item = typing.get_args(bare)[0]
        item_bare, _ = metadata_of(item, None)
        if (options := _vocabulary(item)) is not None:
            return [Question(**common, description=description, shape="choices", annotation=item,
                             options=tuple(options.items()))]
        if _is_scalar(item):
            names = " A name as the portal writes it works too." if is_id(metadata_of(item, None)[1]) else ""
            return [Question(**common, description=_one_per_line(description) + names, shape="lines",
                             annotation=item)]
        parts = _parts(item_bare)
        return [Question(**common, description=_entries_description(description, parts), shape="entries",
                         annotation=item_bare, parts=parts)]
    if not _takes_text(metadata) and isinstance(bare, type) and issubclass(bare, BaseModel):
        return _questions_for(bare, path, required)  # a group of fields: one question each
    if (options := _vocabulary(info.annotation)) is not None:
        return [Question(**common, description=description, shape="choice", annotation=_full(info),
                         options=tuple(options.items()))]
    shape = "text" if _is_long_text(bare, metadata) else "line"
    if is_id(metadata):
        description = f"{description} A name as the portal writes it works too.".strip()
    return [Question(**common, description=description, shape=shape, annotation=_full(info))]


def _item_description(bare: Any) -> str:
    """What one item of a list is, where the list field itself says nothing: its description or docstring."""
    if typing.get_origin(bare) is not list:
        return ""
    item, metadata = metadata_of(typing.get_args(bare)[0], None)
    described = [m.description for m in metadata if isinstance(m, FieldInfo) and m.description]
    if not described and isinstance(item, type) and issubclass(item, BaseModel) and item.__doc__:
        described = [" ".join(item.__doc__.split())]
    return described[0] if described else ""


def _one_per_line(description: str) -> str:
    return f"{description} One per line.".strip()


def _entries_description(description: str, parts: tuple[Part, ...]) -> str:
    """How to write one entry per line; GitHub reads descriptions as Markdown, so the layout is code."""
    def name(part: Part) -> str:
        options = _vocabulary(part.annotation)
        detail = ", ".join(options) if options and len(options) <= 8 else ""
        detail = f"{detail}; several separated by {LIST_SEPARATOR}" if part.many else detail
        return part.name + (f" ({detail.lstrip('; ')})" if detail else "")

    layout = f" {PART_SEPARATOR} ".join(name(part) for part in parts)
    needed = ", ".join(part.name for part in parts if part.required)
    return (f"{description} One per line, its parts separated by `{PART_SEPARATOR}`: `{layout}`. "
            + (f"Needed: {needed}; the" if needed else "The")
            + " others may be left empty, or out at the end.").strip()


def body_sections() -> list[tuple[str, str]]:
    """The description's sections (heading, what to write), as `portal new` writes them."""
    return re.findall(r"^## (.+)\n\n(.+?)\s*$", BODY.strip() + "\n", flags=re.MULTILINE)


def questions() -> list[Question]:
    """Every question of the form, in the order of the model, then the sections of the description."""
    asked = _questions_for(Practice, (), True)
    asked += [Question(("body", heading), heading, prompt, "section") for heading, prompt in body_sections()]
    labels = [q.label for q in asked]
    ids = [q.id for q in asked]
    assert len(set(labels)) == len(labels) and len(set(ids)) == len(ids), "two questions share a label or id"
    return asked


# ---------------------------------------------------------------- the issue form


_ELEMENT_TYPES = {"line": "input", "text": "textarea", "choice": "dropdown", "choices": "dropdown",
                  "lines": "textarea", "entries": "textarea", "section": "textarea"}

INTRODUCTION = (
    "Thank you for sharing a practice. Answer what you can: a maintainer turns your answers into a "
    "practice file and a pull request, and the portal's checks say in a comment here what is still needed.\n\n"
    "Names of municipalities, organisations, themes and networks may be written as they appear on the "
    "portal; their ids (lower-case, with hyphens) work too. Do not give anyone's private phone number or "
    "e-mail address."
)


def _element(question: Question) -> dict:
    attributes: dict[str, Any] = {"label": question.label}
    if question.description:
        attributes["description"] = question.description
    if question.options:
        attributes["options"] = [label for label, _ in question.options]
        if question.shape == "choices":
            attributes["multiple"] = True
    element = {"type": _ELEMENT_TYPES[question.shape], "id": question.id, "attributes": attributes}
    element["validations"] = {"required": question.required}
    return element


def share_a_practice_form() -> str:
    form = {
        "name": "Share a practice",
        "description": "Describe a good practice in a form; a maintainer turns it into a page of the portal.",
        "title": "Practice: ",
        "labels": [LABEL],
        "body": [{"type": "markdown", "attributes": {"value": INTRODUCTION}}] + [_element(q) for q in questions()],
    }
    header = ("# Written from generator/models/practice.py by `python -m generator.issue_form form`: do not edit.\n"
              "# A maintainer adds the label 'accepted-practice' to turn an issue into a pull request\n"
              "# (.github/workflows/issue-to-pull-request.yml).\n")
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


def chooser_config(site_url: str) -> str:
    links = [{"name": "How to contribute", "url": f"{site_url.rstrip('/')}/contribute/index.html",
              "about": "Write or correct a practice yourself, by pull request."}] if site_url else []
    config = {"blank_issues_enabled": True, "contact_links": links}
    return "# Written by `python -m generator.issue_form form`: do not edit by hand.\n" + yaml.safe_dump(
        config, allow_unicode=True, sort_keys=False, width=100)


def form_files(site_url: str = "") -> dict[str, str]:
    return {FORM_FILE.as_posix(): share_a_practice_form(), CONFIG_FILE.as_posix(): chooser_config(site_url)}


def write_form_files(root: Path, site_url: str = "") -> list[str]:
    """Write the generated forms; returns the files that changed."""
    changed = []
    for relative, text in form_files(site_url).items():
        target = root / relative
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed.append(relative)
    return changed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator.issue_form",
                                     description="The 'share a practice' issue form, and issues written with it.")
    parser.add_argument("--root", type=Path, default=Path("."), help="folder of the portal (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    form = commands.add_parser("form", help=f"write {FORM_DIR.as_posix()}/ from the models")
    form.add_argument("--check", action="store_true", help="write nothing; fail if the forms are out of date")
    convert = commands.add_parser("convert", help="write the practice of an issue event and check it")
    convert.add_argument("event", type=Path, help="the event JSON ($GITHUB_EVENT_PATH)")
    convert.add_argument("--out", type=Path, required=True, help="folder for the file, its path and the messages")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    return _form(root, args.check) if args.command == "form" else _convert(root, args.event, args.out)


def _form(root: Path, check_only: bool) -> int:
    from .build import render_options

    files = form_files(render_options(root).site_url or "")
    if check_only:
        stale = [name for name, text in files.items()
                 if not (root / name).exists() or (root / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"{name} is out of date with the models: run `python -m generator.issue_form form`",
                  file=sys.stderr)
        return 1 if stale else 0
    changed = write_form_files(root, render_options(root).site_url or "")
    print(f"{len(changed)} file(s) updated in {FORM_DIR.as_posix()}/" if changed
          else f"{FORM_DIR.as_posix()}/ is up to date", file=sys.stderr)
    return 0


def _convert(root: Path, event_file: Path, out: Path) -> int:
    from .issue_answers import convert_event, write_outputs

    event = json.loads(event_file.read_text(encoding="utf-8"))
    conversion = convert_event(event, root)
    write_outputs(conversion, int((event.get("issue") or {}).get("number") or 0), root, out)
    print(f"wrote {conversion.path}" if conversion.path else "nothing written", file=sys.stderr)
    for problem in sorted(conversion.problems):
        print(problem, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
