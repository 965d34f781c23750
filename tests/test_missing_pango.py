"""Without Pango (or WeasyPrint), `portal build` stops with a plain message naming the Debian packages."""

from __future__ import annotations

import builtins
import shutil
import sys

import pytest

from conftest import REPO, MiniPortal

from generator.cli import main
from generator.render import fillable_pdf


def _no_weasyprint(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` raises ImportError


def _no_pango(monkeypatch) -> None:
    # What WeasyPrint raises when it cannot load the library: cffi's OSError.
    real_import = builtins.__import__

    def importing(name, *args, **kwargs):
        if name.startswith("weasyprint"):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", importing)


@pytest.mark.parametrize("missing", [_no_weasyprint, _no_pango])
def test_a_build_without_pango_says_which_packages_to_install(tmp_path, monkeypatch, capsys, missing) -> None:
    mini = MiniPortal(tmp_path)
    mini.practice()
    (mini.root / "content/templates").mkdir(parents=True)
    shutil.copy(REPO / "content/templates/action-plan.yml", mini.root / "content/templates")  # its fillable form
    monkeypatch.setattr(fillable_pdf, "_MADE", {})  # no form made earlier in this process
    missing(monkeypatch)
    assert main(["--root", str(mini.root), "build", "--jobs", "1"]) == 1
    said = capsys.readouterr().err
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in said
    assert "Traceback" not in said and "Build failed; there is no site/ yet." in said
    assert not (mini.root / "site").exists()
