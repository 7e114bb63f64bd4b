"""The demo citizens: the local identity provider's accounts (scripts/idp/demo_citizens.json), which the
demo data also uses as applicants so that signing in shows them their dossiers."""

import json
from functools import cache
from pathlib import Path

DEMO_CITIZENS = Path(__file__).resolve().parents[2] / "scripts" / "idp" / "demo_citizens.json"
LOCAL_ISSUER_PATH = "/o"


@cache
def demo_citizens() -> tuple[dict, ...]:
    """[{id_number, name, phone, email, birth_date}], as the provider has them."""
    return tuple(json.loads(DEMO_CITIZENS.read_text(encoding="utf-8")))
