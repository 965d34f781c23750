"""JSON Schema for editors: generated from the models, committed, published, wired into VS Code."""

from __future__ import annotations

import json
import re
import shutil
import typing
from pathlib import Path

import jsonschema
import pytest
from pydantic import BaseModel

from generator.build import generate
from generator.cli import main
from generator.load import load
from generator.models import MODELS
from generator.render.reference import REFERENCE_PAGE
from generator.schema import FILE_KINDS, schema_files

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


@pytest.mark.parametrize("front_matter, complaint", [
    ({"stage": "finished"}, "'finished' is not valid under any of the given schemas"),
    ({"status": "finished"}, "'finished' is not one of"),
    ({"colour": "blue"}, "Additional properties are not allowed"),
    ({"last_verified": None}, "None is not of type 'string'"),
    ({"sdgs": [18]}, "18 is greater than the maximum of 17"),
    ({"sources": [{"title": "A report", "year": 1850}]}, "1850 is not valid under any of the given schemas"),
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


def test_vscode_connects_every_yaml_file_kind_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for fk in FILE_KINDS:
        if fk.glob.endswith(".yml"):
            assert settings.get(f"./schemas/{fk.name}.json") == [fk.glob]
            assert (REPO / "schemas" / f"{fk.name}.json").exists()


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
