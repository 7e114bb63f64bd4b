"""Refresh locale/vi: collect the strings (makemessages), fill untranslated ones from the reviewed
translations in locale/vi/pending/*.json ({"English source": "Vietnamese"}; a list for plurals), compile.

Run: .venv/bin/python scripts/translate.py   (needs GNU gettext: apt-get install gettext)
Prints the strings still untranslated, so a missing translation is seen, not shipped.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/vi/LC_MESSAGES/django.po"
IGNORE = [".venv", "var", "staticfiles", "tests", "bench", "node_modules", "scripts"]


def main() -> int:
    os.chdir(ROOT)
    manage = [sys.executable, "manage.py"]
    ignore = [f"--ignore={name}/*" for name in IGNORE]
    subprocess.run([*manage, "makemessages", "-l", "vi", "--no-obsolete", "--no-location", *ignore], check=True)
    reviewed: dict = {}
    for path in sorted((ROOT / "locale/vi/pending").glob("*.json")):
        reviewed.update(json.loads(path.read_text(encoding="utf-8")))
    catalogue = polib.pofile(str(PO))
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.metadata["Language"] = "vi"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    missing = []
    for entry in catalogue:
        text = reviewed.get(entry.msgid)
        if text is not None:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: text[0] if isinstance(text, list) else text}
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif "fuzzy" in entry.flags or not entry.translated():
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                entry.msgstr_plural = {0: ""} if entry.msgid_plural else {}
            missing.append(entry.msgid)
    catalogue.save()
    subprocess.run([*manage, "compilemessages", "-l", "vi"], check=True, capture_output=True)
    print(f"{len(catalogue)} strings, {len(missing)} untranslated")
    for msgid in missing:
        print("  untranslated:", json.dumps(msgid, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
