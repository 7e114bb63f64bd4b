"""Every third-party package the portal's code imports is declared in pyproject.toml, not merely pulled in by
another package (`redis` came only through `celery[redis]`: an upgrade of celery could drop it)."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["center", "dossiers", "procedures", "counters", "monitoring"]


def _name(requirement: str) -> str:
    """The distribution's normalised name (PEP 503) from a requirement such as "celery[redis]>=5.4"."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()


def imported_modules() -> set[str]:
    """Top-level modules imported anywhere in the apps' code, including imports inside functions."""
    modules = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - set(APPS)


def test_every_imported_package_is_a_declared_dependency():
    declared = {_name(item) for item in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    distributions = importlib.metadata.packages_distributions()
    undeclared = {
        module: [_name(distribution) for distribution in distributions.get(module, [module])]
        for module in imported_modules()
    }
    undeclared = {module: names for module, names in undeclared.items() if not declared.intersection(names)}

    assert undeclared == {}
