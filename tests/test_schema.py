"""JSON Schema for editors: generated from the models, committed, published, wired into VS Code."""

from __future__ import annotations

import json
import re
import shutil
import typing
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from generator.build import generate
from generator.cli import main
from generator.load import load
from generator.models import MODELS
from generator.render.reference import REFERENCE_PAGE
from generator.schema import FILE_KINDS, TRANSLATION_KINDS, editor_globs, schema_files

REPO = Path(__file__).resolve().parent.parent
KIND_TO_SCHEMA = {fk.kind: fk for fk in FILE_KINDS}


def test_committed_schemas_are_up_to_date_with_the_models() -> None:
    # If this fails: run `portal schema` and commit schemas/.
    assert main(["--root", str(REPO), "-q", "schema", "--check"]) == 0


def test_schema_command_writes_and_check_notices_a_stale_file(tmp_path: Path, capsys) -> None:
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    assert main(["--root", str(tmp_path), "schema", "--check"]) == 1
    assert main(["--root", str(tmp_path), "schema"]) == 0
    assert (tmp_path / "schemas/practice.json").exists()
    assert main(["--root", str(tmp_path), "schema", "--check"]) == 0
    (tmp_path / "schemas/network.json").write_text("{}\n")
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "schema", "--check"]) == 1
    assert "schemas/network.json is out of date" in capsys.readouterr().err


def _validator(fk) -> jsonschema.Draft202012Validator:
    schema = json.loads((REPO / "schemas" / f"{fk.name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_shipped_file_passes_its_schema() -> None:
    # The schema must not reject what `portal check` accepts, or editors get false alarms.
    validators = {fk.kind: _validator(fk) for fk in FILE_KINDS if fk.kind in MODELS}
    loaded = load(REPO)
    checked = 0
    for raw in loaded.records:
        fk = KIND_TO_SCHEMA.get(raw.kind)
        if fk is None:
            continue
        errors = [e.message for e in validators[raw.kind].iter_errors([raw.data] if fk.many else raw.data)]
        assert not errors, f"{raw.file}: {errors[:3]}"
        checked += 1
    assert checked > 50


AAM = {"id": "aam", "name": "Association of Albanian Municipalities", "kind": "association"}


@pytest.mark.parametrize("fields, accepted", [
    ({"local_name": None}, True),  # `local_name:` left empty: no name, so no language needed
    ({"local_language": None}, True),
    ({"local_name": "Shoqata e Bashkive të Shqipërisë", "local_language": "sq"}, True),
    ({"local_name": "Shoqata e Bashkive të Shqipërisë"}, False),
    ({"local_language": "sq"}, False),
    ({"local_name": "Shoqata e Bashkive të Shqipërisë", "local_language": "EN"}, False),
])
def test_the_schema_pairs_an_organisations_own_name_with_its_language_as_check_does(mini, fields, accepted) -> None:
    """The schema (IDE, Propose form) and `portal check` agree on local_name and local_language."""
    from generator.build import check
    from generator.problems import Severity

    [organisations] = [fk for fk in FILE_KINDS if fk.kind == "organisation"]
    entry = {**AAM, **fields}
    schema_errors = [e.message for e in _validator(organisations).iter_errors([entry])]
    assert (schema_errors == []) == accepted, schema_errors
    mini.write("registry/organisations/test.yml", yaml.safe_dump([entry], allow_unicode=True))
    errors = [p for p in check(mini.root)[1] if p.severity == Severity.error]
    assert (errors == []) == accepted, errors


@pytest.mark.parametrize("front_matter, complaint", [
    ({"stage": "finished"}, "'finished' is not valid under any of the given schemas"),
    ({"status": "finished"}, "'finished' is not one of"),
    ({"colour": "blue"}, "Additional properties are not allowed"),
    ({"last_verified": None}, "None is not of type 'string'"),
    ({"sdgs": [18]}, "18 is greater than the maximum of 17"),
    ({"sources": [{"title": "A report", "year": 1850}]}, "1850 is not valid under any of the given schemas"),
    ({"municipalities": ["gran kommune"]}, "'gran kommune' does not match '^[a-z0-9]+"),  # an id: no spaces
])
def test_the_schema_catches_what_the_models_reject(front_matter: dict, complaint: str) -> None:
    practice = next(raw.data for raw in load(REPO).records if raw.kind == "practice")
    errors = [e.message for e in _validator(KIND_TO_SCHEMA["practice"]).iter_errors({**practice, **front_matter})]
    assert any(complaint in message for message in errors), errors


def test_the_site_publishes_the_schemas_and_the_field_reference(mini) -> None:
    mini.practice()
    output = generate(mini.root).output
    for name, text in schema_files("https://inter-municipal-learning.github.io/good-practice-portal/").items():
        assert output.files[name].decode() == text
    assert "schemas/practice.json" in output.files[REFERENCE_PAGE].decode()


def _vscode_schemas() -> dict[str, list[str]]:
    return json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]


def test_vscode_connects_every_yaml_file_kind_to_its_schema() -> None:
    settings = _vscode_schemas()
    for fk in [*FILE_KINDS, *TRANSLATION_KINDS]:
        if fk.glob.endswith(".yml"):
            assert settings.get(f"./schemas/{fk.name}.json") == editor_globs(fk)
            assert (REPO / "schemas" / f"{fk.name}.json").exists()


def _claims(globs: list[str], path: str) -> bool:
    """As the YAML extension reads a schema's globs: the last one that matches decides, ! meaning not."""
    claimed = False
    for glob in globs:
        negated = glob.startswith("!")
        pattern = re.escape(glob.removeprefix("!")).replace(r"\*", "[^/]*")
        if re.fullmatch(pattern, path):
            claimed = not negated
    return claimed


def test_in_vscode_each_shipped_yaml_record_and_translation_has_one_schema_that_it_passes() -> None:
    # A translation checked against its original's schema would be flagged: the original's
    # required fields missing. Each file gets exactly one schema, the one that fits it.
    settings = _vscode_schemas()
    files = sorted(path.relative_to(REPO).as_posix() for folder in ("networks", "registry", "content/templates")
                   for path in (REPO / folder).rglob("*.yml"))
    translations = [path for path in files if path.count(".") > 1]
    assert any(path.startswith("networks/") for path in translations), "no shipped network translation to check"
    for path in files:
        schemas = [name for name, globs in settings.items() if _claims(globs, path)]
        assert len(schemas) == 1, f"{path}: {schemas}"
        schema = json.loads((REPO / schemas[0]).read_text(encoding="utf-8"))
        # Dates as the editor's YAML extension sees them: strings.
        data = json.loads(json.dumps(yaml.safe_load((REPO / path).read_text(encoding="utf-8")), default=str))
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        assert not errors, f"{path} against {schemas[0]}: {errors[:3]}"
        assert ("translation" in schemas[0]) == (path in translations), f"{path}: {schemas[0]}"


def test_every_shipped_translation_passes_its_translation_schema_and_not_its_originals() -> None:
    validators = {fk.kind: _validator(fk) for fk in TRANSLATION_KINDS}
    originals = {fk.kind: _validator(fk) for fk in FILE_KINDS}
    translations = [raw for raw in load(REPO).records if raw.kind == "translation"]
    assert {raw.translates for raw in translations} >= {"practice", "network"}
    for raw in translations:
        errors = [e.message for e in validators[raw.translates].iter_errors(raw.data)]
        assert not errors, f"{raw.file}: {errors[:3]}"
        assert list(originals[raw.translates].iter_errors(raw.data)), f"{raw.file} passes its original's schema"
    untranslatable = {**translations[0].data, "last_verified": "2026-01-01"}  # shared with the original, not text
    assert list(validators[translations[0].translates].iter_errors(untranslatable))


def _models(model: type[BaseModel], seen: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """The model and every model nested in its fields."""
    seen[model.__name__] = model
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            annotation = stack.pop()
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                if annotation.__name__ not in seen:
                    _models(annotation, seen)
            stack.extend(typing.get_args(annotation))
    return seen


def test_every_model_field_is_in_the_field_reference(mini) -> None:
    mini.practice()
    page = generate(mini.root).output.files[REFERENCE_PAGE].decode()
    sections = dict(re.findall(r"^## (\w+) \{ #[\w-]+ \}\n(.*?)(?=^## |\Z)", page, re.M | re.S))
    models: dict[str, type[BaseModel]] = {}
    for model in MODELS.values():
        _models(model, models)
    for name, model in models.items():
        assert name in sections, f"no section for {name}"
        documented = set(re.findall(r"^\| `([^`]+)` \|", sections[name], re.M))
        fields = {info.alias or field for field, info in model.model_fields.items()}
        assert fields <= documented, f"{name}: undocumented {sorted(fields - documented)}"


def test_a_field_a_description_names_is_code_in_the_field_reference(mini) -> None:
    """The models name fields as `name`; the reference printed the backticks, escaped, as text."""
    mini.practice()
    page = generate(mini.root).output.files[REFERENCE_PAGE].decode()
    [row] = [line for line in page.splitlines() if line.startswith("| `local_name` |")]
    assert "where `name` is English" in row and "\\`" not in row


def test_only_a_plain_field_name_becomes_code_in_the_field_reference() -> None:
    """A translation comes in a pull request: markup between its backticks stays text."""
    from generator.render.reference import _with_code

    assert _with_code("see `local_name`, `prepared-by`, `portal translate`") == \
        "see `local_name`, `prepared-by`, `portal translate`"
    assert _with_code("`a_b`{: onclick=x }") == "`a_b`\\{: onclick=x \\}"  # no attribute list after the code
    assert _with_code("see `<b>x</b>`") == "see \\`&lt;b&gt;x&lt;/b&gt;\\`"  # not code: stays escaped text
    assert _with_code("a lone ` stays") == "a lone \\` stays"
