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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports anywhere in its body (TYPE_CHECKING and functions too)."""
    paths = [p for folder in ("app", "calendars", "jobs") for p in (ROOT / folder).rglob("*.py")]
    modules = {_module_name(p): p for p in paths}
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from . import x, from ..y import z
                    anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                targets.add(base)
                targets |= {f"{base}.{alias.name}" for alias in node.names}
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def _feature_of(module: str) -> str | None:
    """The feature (a blueprint package: app/<name>/ with routes.py or views/) a module belongs to."""
    parts = module.split(".")
    if parts[0] != "app" or len(parts) < 2:
        return None
    folder = ROOT / "app" / parts[1]
    return parts[1] if (folder / "routes.py").exists() or (folder / "views").is_dir() else None


def test_no_feature_imports_another_features_routes_or_forms():
    offenders = []
    for module, targets in import_graph().items():
        for target in targets:
            owner, parts = _feature_of(target), target.split(".")
            if owner and owner != _feature_of(module) and len(parts) > 2 and parts[2] in {"routes", "forms", "views"}:
                offenders.append(f"{module} -> {target}")
    assert sorted(offenders) == []


def test_no_import_cycles():
    """A package's __init__ importing its own submodules (a blueprint loading its views) is not a cycle."""
    graph = {module: {t for t in targets if not t.startswith(module + ".")}
             for module, targets in import_graph().items()}
    cycles, state = [], {}

    def visit(module, path):
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_module_under_app_passes_300_lines():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "app").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}
