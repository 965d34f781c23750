"""`portal translate RECORD LANG`: a translation scaffold beside its original; `--refresh` after a review.

The scaffold holds every translatable field the original has, each as
'FILL IN: translate: <the original text>', so the translator works with the original in view
and `portal check` refuses the file until every value is translated (an untouched scaffold
would publish English text as a translation). The description comes as the original's, under a
first line 'FILL IN: translate the description below...', which the check refuses too. Fields
left out fall back to the original on the page. `source:` is the digest of the original's text
(translations.source_digest); `--refresh` writes the current one once the translation has been
brought up to date, and changes nothing else in the file.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .languages import BY_CODE, TRANSLATIONS
from .load import RawRecord, _RECORD_READERS, load_translation
from .models import MODELS
from .models.translation import TranslationStatus, translatable_parts
from .placeholders import MARKER, placeholder
from .source_files import ID, Misplaced, classify_path, translation_of
from .translations import TRANSLATED_KINDS, source_digest
from .validate import Valid, _problems

_FOLDERS = {"practice": "practice", "practices": "practice", "network": "network", "networks": "network",
            "results": "results", "template": "template", "templates": "template"}
SCAFFOLD_STATUSES = (TranslationStatus.machine.value, TranslationStatus.human.value)  # reviewed: after a review


class Refused(Exception):
    """A request that cannot be carried out; the message says why and what to do."""


def run(args, root: Path) -> int:
    try:
        kind, original_file, named_language = resolve(args.record, root)
        language = _language(args.language or named_language)
        original = read_original(root, kind, original_file)
        target = root / translation_file(original_file, language)
        if args.refresh:
            return _refresh(root, target, original)
        status = args.status or _ask_status()
        if target.exists() and not args.force:
            raise Refused(f"{target.relative_to(root).as_posix()} exists already: after updating it, run "
                          f"`portal translate --refresh {target.relative_to(root).as_posix()}` (or use --force "
                          "to start it again)")
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return 2
    except (KeyboardInterrupt, EOFError):
        print("\nStopped: nothing written.", file=sys.stderr)
        return 130
    target.write_text(scaffold(original, language, status, args.by), encoding="utf-8")
    print(f"Wrote {target.relative_to(root).as_posix()}. Translate each '{MARKER}' value (leave out what you do "
          "not translate), then run `portal check`.", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- which record, which language


def resolve(given: str, root: Path) -> tuple[str, str, str | None]:
    """(kind, original's path, language in the name) of `practice/ID`, `network/ID`, `results/ID`, or a path
    to an original or a translation."""
    if given.endswith((".md", ".yml")):
        return _resolve_path(given, root)
    if ID.fullmatch(given) and (root / "content" / "templates" / f"{given}.yml").is_file():
        given = f"template/{given}"  # a template is named by its id alone, e.g. `portal translate action-plan sq`
    folder, _, record_id = given.partition("/")
    kind = _FOLDERS.get(folder)
    if kind is None or not ID.fullmatch(record_id):
        raise Refused(f"'{given}' names no record: write practice/ID, network/ID, results/ID or template/ID, or the file's path "
                      "(e.g. practices/school-exchange.md)")
    if kind == "results":
        for path in sorted((root / "networks").glob("*/results-*.yml")):
            if f"{path.parent.name}-{path.stem}" == record_id:
                return kind, path.relative_to(root).as_posix(), None
        raise Refused(f"no results file has the id '{record_id}' (results are networks/<network>/results-<round>.yml)")
    originals = {"practice": f"practices/{record_id}.md", "template": f"content/templates/{record_id}.yml"}
    return kind, originals.get(kind, f"networks/{record_id}.yml"), None


def _resolve_path(given: str, root: Path) -> tuple[str, str, str | None]:
    path = Path(given)
    candidates = [path] if path.is_absolute() else [root / path, Path.cwd() / path]
    relative = None
    for candidate in candidates:
        try:
            relative = candidate.resolve().relative_to(root.resolve()).as_posix()
            break
        except ValueError:
            continue
    if relative is None:
        raise Refused(f"{given} is not inside the portal ({root})")
    parts = relative.split("/")
    found = translation_of(parts)
    if isinstance(found, Misplaced):
        raise Refused(f"{relative}: {found.message} ({found.hint})")
    if found is not None:
        _, _, language, kind = found
        return kind, re.sub(rf"\.{language}(\.md|\.yml)$", r"\1", relative), language
    classified = classify_path(relative)
    if isinstance(classified, Misplaced) or classified[0] not in TRANSLATED_KINDS:
        raise Refused(f"{relative} is not a practice, network, results or template file: only those are translated")
    return classified[0], relative, None


def _language(code: str | None) -> str:
    choices = ", ".join(f"{c} ({BY_CODE[c].english_name})" for c in TRANSLATIONS)
    if code not in TRANSLATIONS:
        said = f"'{code}' is not one of the portal's translation languages" if code else "which language?"
        raise Refused(f"{said}: give one of {choices}")
    return code


def translation_file(original_file: str, language: str) -> str:
    stem, suffix = original_file.rsplit(".", 1)
    return f"{stem}.{language}.{suffix}"


def read_original(root: Path, kind: str, original_file: str) -> Valid:
    """The original, validated on its own: its digest is only defined for a valid record."""
    path = root / original_file
    if not path.is_file():
        raise Refused(f"{original_file} does not exist: a translation needs its original")
    records, problems = _RECORD_READERS[kind](path, root, kind, classify_path(original_file)[1])
    if not problems and records:
        raw = records[0]
        try:
            return Valid(kind, raw.id, raw.file, MODELS[kind].model_validate(raw.data), raw)
        except ValidationError as error:
            problems = _problems(raw, MODELS[kind], error)
    raise Refused(f"{original_file} has problems to fix before it is translated:\n"
                  + "\n".join(str(problem) for problem in problems))


def _ask_status() -> str:
    if not sys.stdin.isatty():
        raise Refused("say who makes the translation: --status machine (a translation tool) or --status human")
    while True:
        answer = input("Is it a machine translation or made by a person? [machine/human]: ").strip().lower()
        if answer in SCAFFOLD_STATUSES:
            return answer


# ---------------------------------------------------------------- the scaffold


def scaffold(original: Valid, language: str, status: str, by: str | None) -> str:
    name = BY_CODE[language]
    lines = [
        f"# Translation of {original.file} into {name.name} (language code {language}).",
        f"# Replace each '{MARKER}: translate: ...' value with its translation (the whole value). Leave out a",
        "# field you do not translate: the page shows the original's text there, and says which language it is in.",
        "# Ids, figures and dates are not repeated here: they come from the original.",
        "translation:",
        f"  status: {status}  # machine, human, or reviewed once a native speaker has checked it",
        f"  by: {_scalar(by) if by else _scalar(placeholder('who made it (a person, an organisation, or the tool)'))}",
        f"  source: {source_digest(original)}  # the original's text it translates: "
        "`portal translate --refresh` updates it",
    ]
    lines += _fields(original.model, 0)
    text = "\n".join(lines) + "\n"
    if original.kind != "practice":
        return text
    body = original.body.strip("\n")
    description = (f"{MARKER}: translate the description below, then delete this line.\n\n{body}\n" if body.strip()
                   else "")
    return f"---\n{text}---\n{description}"


def _fields(model: BaseModel, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for part in translatable_parts(type(model)):
        value = getattr(model, part.name)
        if value is None or value == []:
            continue
        if part.texts_only:  # a budget or funding: its texts; an amount comes from the original
            if isinstance(value, str):
                lines.append(f"{pad}{part.key}: {_to_translate(value, indent + 2)}")
            elif isinstance(value, list) and any(isinstance(item, str) for item in value):
                lines.append(f"{pad}{part.key}:  # one entry for each of the original's, in its order; "
                             "null for an amount (it comes from the original)")
                lines += [f"{pad}  - {_to_translate(item, indent + 4) if isinstance(item, str) else 'null'}"
                          for item in value]
        elif part.nested is None and isinstance(value, dict):  # a template's row: cells by column key
            lines += [f"{pad}{part.key}:", *_cells(value, indent + 2)]
        elif part.nested is None and isinstance(value, list) and any(isinstance(item, dict) for item in value):
            lines.append(f"{pad}{part.key}:  # one row for each of the original's, in its order; keys stay")
            for row in value:
                cells = _cells(row, indent + 4)
                lines += [f"{pad}  - {cells[0].lstrip()}", *cells[1:]] if cells else [f"{pad}  - {{}}"]
        elif part.nested is None and isinstance(value, list):
            lines.append(f"{pad}{part.key}:")
            lines += [f"{pad}  - {_to_translate(item, indent + 4)}" for item in value]
        elif part.nested is None:
            lines.append(f"{pad}{part.key}: {_to_translate(value, indent + 2)}")
        elif part.many:
            items = [_fields(item, indent + 4) for item in value]
            if not any(items):
                continue  # no entry holds text
            lines.append(f"{pad}{part.key}:  # one entry for each of the original's, in its order")
            for inner in items:
                lines += [f"{pad}  - {inner[0].lstrip()}", *inner[1:]] if inner else [f"{pad}  - {{}}"]
        elif inner := _fields(value, indent + 2):
            lines += [f"{pad}{part.key}:", *inner]
    return lines


def _cells(row: dict, indent: int) -> list[str]:
    """A row's cells, each under its column key (shared with the original), the text to translate as its value."""
    return [f"{' ' * indent}{key}: {_to_translate(text, indent + 2)}" for key, text in row.items()]


def _to_translate(text: Any, indent: int) -> str:
    """The placeholder for one text; a text of several lines as a block, so its line breaks stay visible."""
    text = str(text)
    if "\n" not in text:
        return _scalar(placeholder(f"translate: {text}"))
    pad = " " * indent
    lines = [f"{MARKER}: translate, then delete this line:", *text.splitlines()]
    return "|-\n" + "\n".join(f"{pad}{line}" if line.strip() else "" for line in lines)


def _scalar(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


# ---------------------------------------------------------------- --refresh


# The value only: it may end a flow mapping (`translation: {..., source: 0123456789ab}`).
_SOURCE_VALUE = re.compile(r"(?P<key>source:[ \t]*)(?P<quote>['\"]?)[^'\"\s#,}\]]*(?P=quote)")


def _refresh(root: Path, target: Path, original: Valid) -> int:
    relative = target.relative_to(root).as_posix()
    if not target.is_file():
        raise Refused(f"{relative} does not exist yet: run `portal translate` without --refresh to write it")
    records, problems = load_translation(target, root, "translation", original.id)
    position = _source_position(records)
    if problems or position is None:
        details = "\n".join(str(problem) for problem in problems) or "it has no `source:` under `translation:`"
        raise Refused(f"{relative} cannot be refreshed:\n{details}")
    digest = source_digest(original)
    text = target.read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    line = lines[position[0] - 1]
    column = position[1] - 1
    new_line, count = _SOURCE_VALUE.subn(rf"\g<key>{digest}", line[column:], count=1)
    if not count:
        raise Refused(f"{relative}:{position[0]}: write `source: {digest}` there by hand")
    old = line[column:]
    lines[position[0] - 1] = line[:column] + new_line
    if new_line == old:
        print(f"{relative} already translates the current text of {original.file}.", file=sys.stderr)
        return 0
    target.write_text("\n".join(lines), encoding="utf-8")
    print(f"{relative}: source is now {digest}, the current text of {original.file}.", file=sys.stderr)
    return 0


def _source_position(records: list[RawRecord]) -> tuple[int, int] | None:
    if not records or not isinstance(records[0].data.get("translation"), dict) \
            or "source" not in records[0].data["translation"]:
        return None
    return tuple(records[0].positions[("translation", "source")])
