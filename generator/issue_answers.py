"""Issues written with the "share a practice" form, read back into a practice file.

`parse_answers()` reads an issue's "### Label\\n\\nanswer" sections into field values, by the
questions issue_form.py asks; `convert_event()` turns a GitHub `issues` event into a practice file,
checked with the same code as `portal check`; the rest writes the comment and the pull request
the workflow posts (`python -m generator.issue_form convert`).

The issue body is data from a stranger: it is only ever split into strings, written with a YAML
dumper and judged by the models. Nothing in it reaches a shell, and the file name comes from an
id that can only hold letters, digits and hyphens.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import unicodedata
from pathlib import Path
from typing import Any

from .issue_form import (LIST_SEPARATOR, MAX_BODY, NO_RESPONSE, PART_SEPARATOR, Part, Question, is_id,
                         metadata_of, questions, takes_number)
from .models import Practice
from .models.registry import NAME_FIELDS
from .problems import Problem, Severity
from .scaffold import scaffold_fields
from .source_files import ID


# ---------------------------------------------------------------- answers back into fields


@dataclasses.dataclass
class Answers:
    values: dict[str, Any]  # front matter, nested as in the model
    body: str  # the Markdown description
    problems: list[Problem]


def split_sections(body: str, labels: list[str]) -> dict[str, tuple[int, str]]:
    """Label -> (line number, answer). Only the form's own headings, in the form's order, start a section,
    so a '### heading' inside an answer stays part of it."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headings = {f"### {label}": label for label in labels}
    found: list[tuple[str, int]] = []
    order = {label: index for index, label in enumerate(labels)}
    for number, line in enumerate(lines):
        label = headings.get(line.rstrip())
        if label is not None and (not found or order[label] > order[found[-1][0]]):
            found.append((label, number))
    sections = {}
    for index, (label, start) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(lines)
        answer = "\n".join(lines[start + 1:end]).strip("\n")
        answer = "" if answer.strip() == NO_RESPONSE else answer.strip()
        sections[label] = (start + 1, answer)
    return sections


class _Resolver:
    """Registry names to ids ('Sölvesborg' -> solvesborg); ids and unknown names pass unchanged."""

    def __init__(self, names: dict[str, str]):
        self.names = names

    def __call__(self, value: str) -> str:
        return value if ID.fullmatch(value) else self.names.get(_fold(value), value)


def _fold(text: str) -> str:
    letters = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in letters if not unicodedata.combining(c)).split())


def registry_names(root: Path) -> dict[str, str]:
    """Every name of a municipality, organisation, theme or network, folded, to its id."""
    from .load import load

    names: dict[str, str] = {}
    for record in load(root).records:
        if record.kind in ("municipality", "organisation", "theme", "network") and isinstance(record.data, dict):
            for key in NAME_FIELDS:
                value = record.data.get(key)
                for name in value if isinstance(value, list) else [value]:
                    if isinstance(name, str):
                        names.setdefault(_fold(name), record.id)
    return names


def _scalar(text: str, annotation: Any, resolve: _Resolver) -> Any:
    """A value as the model reads it: whole numbers for numbers, enum values as written, names as ids."""
    bare, metadata = metadata_of(annotation, None)
    text = text.strip()
    if (bare in (int, float) or takes_number(metadata)) and re.fullmatch(r"[-+]?\d{1,30}", text):
        return int(text)
    if bare is float and re.fullmatch(r"[-+]?\d{1,30}\.\d{1,30}", text):
        return float(text)
    if isinstance(bare, type) and issubclass(bare, enum.Enum):
        return re.sub(r"[\s_]+", "-", text.lower())
    if is_id(metadata):
        return resolve(text)
    return text


def _choices(answer: str, options: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """GitHub joins the chosen options with ', '; an option may hold a comma itself."""
    chosen, unknown, pending = [], [], ""
    for piece in answer.split(", "):
        pending = f"{pending}, {piece}" if pending else piece
        if pending.strip() in options:
            chosen.append(options[pending.strip()])
            pending = ""
    if pending.strip():
        unknown.append(pending.strip())
    return chosen, unknown


def _entry(line: str, parts: tuple[Part, ...], resolve: _Resolver) -> tuple[dict, str | None]:
    pieces = [piece.strip() for piece in line.split(PART_SEPARATOR)]
    entry: dict[str, Any] = {}
    for part, piece in zip(parts, pieces):
        if not piece:
            continue
        if part.many:
            entry[part.name] = [_scalar(p, part.annotation, resolve) for p in piece.split(LIST_SEPARATOR) if p.strip()]
        else:
            entry[part.name] = _scalar(piece, part.annotation, resolve)
    extra = len(pieces) - len(parts)
    return entry, (f"{extra} part(s) more than the {len(parts)} it has" if extra > 0 else None)


def _value(question: Question, answer: str, resolve: _Resolver) -> tuple[Any, list[str]]:
    """The field value of one answer, and what could not be read."""
    if question.shape in ("line", "text"):
        return _scalar(answer, question.annotation, resolve) if question.shape == "line" else answer, []
    if question.shape in ("choice", "choices"):
        chosen, unknown = _choices(answer, dict(question.options))
        if question.shape == "choice":
            return (chosen[0] if chosen else answer), []
        return chosen, [f"'{text[:80]}' is not one of the choices" for text in unknown]
    lines = [line.strip() for line in answer.split("\n") if line.strip()]
    lines = [re.sub(r"^[-*]\s+", "", line) for line in lines]  # a Markdown list is one item per line too
    if question.shape == "lines":
        return [_scalar(line, question.annotation, resolve) for line in lines], []
    entries, problems = [], []
    for number, line in enumerate(lines, start=1):
        entry, problem = _entry(line, question.parts, resolve)
        entries.append(entry)
        if problem:
            problems.append(f"line {number} has {problem}")
    return entries, problems


def _put(values: dict, path: tuple[str, ...], value: Any) -> None:
    for step in path[:-1]:
        values = values.setdefault(step, {})
    values[path[-1]] = value


def parse_answers(body: str, names: dict[str, str] | None = None, source: str = "issue") -> Answers:
    """Field values from an issue written with the form; what is missing or unreadable as problems."""
    if len(body) > MAX_BODY:
        return Answers({}, "", [Problem(source, 1, 1, "", f"the issue has {len(body):,} characters, more than "
                                        f"GitHub keeps ({MAX_BODY:,})", "shorten it")])
    resolve = _Resolver(names or {})
    asked = questions()
    sections = split_sections(body, [q.label for q in asked])
    if not sections:
        return Answers({}, "", [Problem(source, 1, 1, "", "this issue was not written with the 'Share a practice' "
                                        "form: none of its questions is there", "open a new issue with the form")])
    values: dict[str, Any] = {}
    described: list[str] = []
    problems = []
    for question in asked:
        line, answer = sections.get(question.label, (1, ""))
        field = ".".join(question.path)
        if not answer:
            if question.required:
                problems.append(Problem(source, line, 1, field, f"'{question.label}' has no answer", "it is needed"))
            continue
        if question.shape == "section":
            described.append(f"## {question.label}\n\n{answer}\n")
            continue
        value, unreadable = _value(question, answer, resolve)
        problems.extend(Problem(source, line, 1, field, f"'{question.label}': {text}", question.description)
                        for text in unreadable)
        if value not in ([], ""):
            _put(values, question.path, value)
    return Answers(values, "\n".join(described), problems)


# ---------------------------------------------------------------- the practice file


def practice_id(title: str, taken: set[str], issue_number: int) -> str:
    """A safe, unused file name from the title: letters, digits and hyphens only, never `..` or `/`."""
    folded = unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    while len(words) > 60:
        words = words.rsplit("-", 1)[0] if "-" in words[:61] else words[:60]
    fallback = f"practice-from-issue-{issue_number}"
    candidate = words if words and words != "index" and ID.fullmatch(words) else fallback
    if candidate in taken:
        candidate = f"{candidate}-{issue_number}" if candidate != fallback else candidate
    return candidate


def practice_text(answers: Answers, today: dt.date) -> str:
    """The practice file, written by the scaffold of `portal new`: unanswered optional fields commented."""
    values = {"last_verified": today.isoformat(), **answers.values}
    # An unanswered required field is written empty, never as the scaffold's placeholder: the check
    # then refuses the file until someone fills it in, instead of publishing a made-up value.
    for name, info in Practice.model_fields.items():
        values.setdefault(info.alias or name, None) if info.is_required() else None
    return f"---\n{scaffold_fields(Practice, values, today)}---\n\n{answers.body}"


@dataclasses.dataclass
class Conversion:
    path: str | None  # practices/<id>.md, relative to the root; None when nothing was written
    title: str
    problems: list[Problem]


def convert_event(event: dict, root: Path, today: dt.date | None = None) -> Conversion:
    """Write the practice of an `issues` event into root/practices/ and check the portal with it."""
    from .build import check

    today = today or dt.date.today()
    issue = event.get("issue") or {}
    number = int(issue.get("number") or 0)
    body = issue.get("body") or ""
    answers = parse_answers(body if isinstance(body, str) else "", registry_names(root), f"issue #{number}")
    if not answers.values and not answers.body:
        return Conversion(None, "", answers.problems)
    title = str(answers.values.get("title") or issue.get("title") or "")
    taken = {path.stem for path in (root / "practices").glob("*.md")}
    relative = f"practices/{practice_id(title, taken, number)}.md"
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(practice_text(answers, today), encoding="utf-8")
    _, checked = check(root, today)
    return Conversion(relative, title, answers.problems + [p for p in checked if p.file == relative])


# ---------------------------------------------------------------- messages for the issue and the pull request


def _fenced(lines: list[str]) -> str:
    text = "\n".join(lines)
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return f"{fence}text\n{text}\n{fence}"


def problem_list(problems: list[Problem]) -> str:
    """Problems in a code block: a contributor's text shows as it is, no mention or link becomes live."""
    return _fenced([str(problem) for problem in sorted(problems)])


def issue_comment(conversion: Conversion) -> str:
    if conversion.path is None:
        return ("The practice could not be read from this issue, so no pull request was opened:\n\n"
                + problem_list(conversion.problems) + "\n")
    found = [p for p in conversion.problems if p.severity is Severity.error]
    if not conversion.problems:
        return f"Thank you: `{conversion.path}` was written from this issue and passes the portal's checks.\n"
    return (f"Thank you: `{conversion.path}` was written from this issue. The portal's checks found "
            f"{len(found)} problem(s) to fix before it can be published; answer here or edit the pull request:\n\n"
            + problem_list(conversion.problems) + "\n")


def pull_request_body(conversion: Conversion, number: int) -> str:
    checks = ("The file passes `portal check`." if not conversion.problems else
              "`portal check` and the form's reader found these problems:\n\n" + problem_list(conversion.problems))
    return (f"Closes #{number}\n\nWritten by the issue-to-pull-request workflow from the answers in issue "
            f"#{number}. Read it as a contribution from outside: compare it with the issue and its sources.\n\n"
            f"{checks}\n")


def write_outputs(conversion: Conversion, number: int, root: Path, out: Path) -> None:
    """Files for the job that opens the pull request: it needs no code of ours, only these."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "comment.md").write_text(issue_comment(conversion), encoding="utf-8")
    if conversion.path is None:
        return
    (out / "practice.md").write_bytes((root / conversion.path).read_bytes())
    (out / "practice-path").write_text(conversion.path, encoding="utf-8")
    (out / "title.txt").write_text(" ".join(f"Practice: {conversion.title}".split())[:200], encoding="utf-8")
    (out / "pull-request.md").write_text(pull_request_body(conversion, number), encoding="utf-8")
