"""The layering contracts (pyproject.toml, `lint-imports` in scripts/test.sh) are real: a copy of
the code with one deliberate reverse import breaks them, naming the import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
ROOTS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
    "root_packages"]
PACKAGES = {folder: [name for name in ROOTS if (REPO / folder / name).is_dir()]
            for folder in ("plugins", "scripts")}


def copy_code(root: Path) -> None:
    """Every root package of the contracts (Python files only) and pyproject.toml, below `root`."""
    assert sorted(sum(PACKAGES.values(), [])) == sorted(ROOTS), "a root package is missing"
    for folder, packages in PACKAGES.items():
        for package in packages:
            shutil.copytree(REPO / folder / package, root / folder / package,
                            ignore=lambda _, names: [n for n in names if n == "__pycache__" or
                                                     (Path(n).suffix and Path(n).suffix != ".py")])
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    path = os.pathsep.join(str(root / folder) for folder in PACKAGES)
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo",
                           "--config", str(root / "pyproject.toml")], cwd=root, text=True,
                          capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": path})


@pytest.mark.parametrize("module, bad_import, reported", [
    ("plugins/helpcenter/content.py", "import helpcenter_collector.cli",
     "helpcenter.content -> helpcenter_collector.cli"),
    ("plugins/helpcenter/manifest.py", "import mkdocs.plugins", "helpcenter.manifest -> mkdocs"),
    ("scripts/helpcenter_report/stats.py", "import starlette.responses",
     "helpcenter_report.stats -> starlette"),
    ("scripts/helpcenter_report/stats.py", "import helpcenter_collector.app",
     "helpcenter_report.stats -> helpcenter_collector.app"),
])
def test_a_deliberate_reverse_import_breaks_the_contracts(tmp_path, module, bad_import, reported):
    copy_code(tmp_path)
    clean = lint_imports(tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr  # the copy itself keeps them
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{bad_import}  # deliberate\n",
                      encoding="utf-8")
    broken = lint_imports(tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "BROKEN" in broken.stdout
    assert reported in broken.stdout
