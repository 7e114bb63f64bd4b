"""The README's table of environment variables names every variable the portal reads, and no other."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _table_names() -> set[str]:
    text = (ROOT / "README.md").read_text()
    table = text.split("## Configuration (environment variables)", 1)[1].split("\n## ", 1)[0]
    names = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            variable_and_purpose = "|".join(row.split("|")[1:-2])  # not the default (`INFO`...)
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", variable_and_purpose))
    return names


def test_every_variable_read_is_in_the_readme_and_every_one_listed_is_read():
    settings_source = (ROOT / "center" / "settings.py").read_text()
    read = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", settings_source))
    # Read by `make serve` itself (gunicorn and Celery options: "${NAME:-default}"), not by Django's settings.
    read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+):-", (ROOT / "scripts" / "serve.sh").read_text()))
    listed = _table_names()
    assert read - listed == set(), "read but not in the README's table"
    assert listed - read == set(), "in the README's table but read nowhere"
