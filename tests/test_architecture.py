"""The import direction of STYLE.md: calendars <- app <- jobs; models import neither."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(folder: str) -> dict[str, set[str]]:
    found = {}
    for path in (ROOT / folder).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [("calendars", {"flask", "sqlalchemy", "flask_sqlalchemy", "app", "jobs", "config"}),
     ("app", {"jobs"}),
     ("app/models", {"calendars", "jobs"})],
)
def test_imports_point_one_way(folder, forbidden):
    offenders = {path: sorted(names & forbidden) for path, names in imported_modules(folder).items()
                 if names & forbidden}
    assert offenders == {}


def test_calendars_loads_without_flask_or_sqlalchemy():
    code = ("import sys, calendars.zones, calendars.display; "
            "print(sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_wsgi_import_starts_no_scheduler(tmp_path):
    code = ("import threading, wsgi; "
            "print([t.name for t in threading.enumerate() if t.name != 'MainThread'])")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": "x", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True, env=env)
    assert out.stdout.strip() == "[]"
