"""`portal import FILE`: read a filled-in template, write the record it belongs to, and check it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import sys
from pathlib import Path

from .. import build as pipeline
from ..languages import TRANSLATIONS
from ..models.filled import GROUP_KEY, template_version
from ..problems import Problem, errors, format_problems
from . import action_plan, no_record, practice_draft, results
from .filled_file import read_filled
from .intake import Unreadable, read_file
from .mapping import Context, Written

MAPPINGS = (action_plan, results, practice_draft)  # the first that accepts a template writes its record


def read_in_its_language(kind: str, data: bytes, file: str, templates: dict, catalog) -> tuple:
    """read_filled against the English templates, or, where their headings do not all match, against each
    language's translated templates (a download from the sq site has Albanian headings): the reading with
    the fewest problems. Keys and versions are the same in every language, so the record is the same."""
    from ..render.languages import merged  # the templates' words as that language's downloads print them

    best = read_filled(kind, data, file, templates)
    for language in TRANSLATIONS:
        if not _unmatched(best[2]):
            break
        translated = {template_id: merged(templates[template_id], by_language[language].model, language)[0]
                      for (record_kind, template_id), by_language in catalog.translations.items()
                      if record_kind == "template" and language in by_language and template_id in templates}
        if translated:
            versions = {template_id: template_version(templates[template_id]) for template_id in translated}
            reading = read_filled(kind, data, file, {**templates, **translated}, versions)
            if _unmatched(reading[2]) < _unmatched(best[2]):
                best = _in_english(reading, templates)
    return best


# What reading_filled says of a table, column or field it did not find by its heading (reading.py).
_NOT_FOUND = re.compile(r"^the (table|field) '.*' (is missing|has no column)")


def _unmatched(problems: list[Problem]) -> int:
    """How many of the template's tables, columns and fields a reading did not find by their headings."""
    return sum(1 for problem in problems if _NOT_FOUND.match(problem.message))


def _in_english(reading: tuple, templates: dict) -> tuple:
    """A reading against a translated template, with the English template and its group and checklist titles,
    which the records' mappings recognise (results: 'Individual level')."""
    filled, shown, problems, where = reading
    english = templates[filled.template]
    groups = {shown_group.title: group.title for shown_table, table in zip(shown.tables, english.tables)
              for shown_group, group in zip(shown_table.groups, table.groups)}
    for rows in filled.tables.values():
        for row in rows:
            if GROUP_KEY in row:
                row[GROUP_KEY] = groups.get(row[GROUP_KEY], row[GROUP_KEY])
    if english.checklist and shown.checklist:
        titles = {item.title: original.title for item, original in zip(shown.checklist.items, english.checklist.items)}
        filled.checklist = {titles.get(title, title): done for title, done in filled.checklist.items()}
    return filled, english, problems, where


def run(args, root: Path, today: dt.date | None = None) -> int:
    file = str(args.file)
    try:
        kind, data = read_file(Path(args.file))  # size and zip directory first: a bad file costs nothing
    except Unreadable as refusal:
        return _refuse(file, refusal)
    catalog, checked = pipeline.check(root, today)
    if catalog is None or not catalog.templates:
        _print(checked)
        print("The portal's own files cannot be read, so nothing can be imported; fix those first.", file=sys.stderr)
        return 1
    templates = {template_id: valid.model for template_id, valid in catalog.templates.items()}
    try:
        filled, template, problems, where = read_in_its_language(kind, data, file, templates, catalog)
    except Unreadable as refusal:
        return _refuse(file, refusal)
    mapping = next((m for m in MAPPINGS if m.accepts(template)), None)
    if mapping is None:
        _print(problems)
        print(f"{file}: {no_record.message(filled.template, template)} Nothing written.", file=sys.stderr)
        return 1
    context = Context(root=root, file=file, catalog=catalog, today=today or dt.date.today(), network=args.network)
    written, more = mapping.build(filled, template, context)
    problems = located(problems + more, where)
    if written is None or errors(problems):
        _print(problems)
        print(f"{len(errors(problems))} problem(s): nothing written.", file=sys.stderr)
        return 1
    _print(problems)  # warnings: what was read as empty, or by headings only
    if written.replaces and not args.force:
        print(f"{written.path} already holds {written.replaces if written.replaces != written.path else 'a record'}"
              f": nothing written. Import again with --force to replace it.", file=sys.stderr)
        return 1
    if args.dry_run:
        print(written.text, end="")
        print(f"Would write {written.path} ({mapping.KIND}); nothing written (--dry-run).", file=sys.stderr)
        return 0
    _write(root / written.path, written.text)
    return _report(root, written, mapping.KIND, args.quiet, today)


def located(problems: list[Problem], where: dict) -> list[Problem]:
    """Problems that name a field get the row and column, and the place in words, where the file holds it."""
    out = []
    for problem in problems:
        cell = where.get(problem.field)
        if cell is not None and not problem.line:
            place = f"{cell.place}: " if cell.place and cell.place not in problem.message else ""
            problem = dataclasses.replace(problem, line=cell.line, column=cell.column, message=place + problem.message)
        out.append(problem)
    return out


def _refuse(file: str, refusal: Unreadable) -> int:
    _print([Problem(file, 0, 0, "", refusal.message, refusal.hint)])
    print("Nothing written.", file=sys.stderr)
    return 1


def _write(target: Path, text: str) -> None:
    """Written in full or not at all: a stopped import leaves the old file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.import")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, target)


def _report(root: Path, written: Written, kind: str, quiet: bool, today: dt.date | None) -> int:
    """Run portal check on what was written and say what is left to do."""
    _, problems = pipeline.check(root, today)
    own = [p for p in problems if p.file == written.path]
    for note in written.notes:
        print(f"Note: {note}.", file=sys.stderr)
    if errors(own):
        _print(own)
        print(f"Wrote {written.path} ({kind}); portal check refuses it as it is: {len(errors(own))} problem(s) "
              "above to fix in that file.", file=sys.stderr)
        return 1
    _print(own)
    if not quiet:
        print(f"Wrote {written.path} ({kind}); portal check accepts it.", file=sys.stderr)
    return 0


def _print(problems: list[Problem]) -> None:
    if problems:
        print(format_problems(problems), file=sys.stderr)



