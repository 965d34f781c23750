"""Check: a registry name written in another script has a Latin form, so that every reader can read it.

Pages show such a name with its Latin form beside it ('Скопје (Skopje)', models/registry.py);
without one, a reader who does not know the script can neither read nor search for it.
Run at the link stage, after every record is valid: `problems.extend(latin_name_warnings(catalog))`.
"""

from __future__ import annotations

from .models.registry import in_latin_script
from .problems import Problem, Severity


def latin_name_warnings(catalog) -> list[Problem]:
    """A warning for each municipality or organisation whose name has no Latin letter and no Latin form."""
    found = []
    for table in (catalog.municipalities, catalog.organisations):
        for record in table.values():
            entity = record.model
            if in_latin_script(entity.name) or entity.latin_form:
                continue
            position = record.position("name")
            found.append(Problem(
                record.file, position.line, position.column, "name",
                f"'{entity.name}' is not written in Latin script, and there is no Latin form for readers "
                "who cannot read it",
                "add latin_name: with its transliteration (e.g. latin_name: Skopje for Скопје)",
                Severity.warning))
    return found
