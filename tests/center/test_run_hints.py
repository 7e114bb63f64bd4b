"""`make run` tells a new user to name their center: without CENTER_NAME / CENTER_PARENT the header and
the slips read "UBND TỈNH" with no province."""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "center_name_hint.sh"


def hint(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("CENTER_NAME", "CENTER_PARENT")}
    # Run from an empty folder: a developer's own .env must not decide the outcome.
    with tempfile.TemporaryDirectory() as folder:
        run = subprocess.run(["bash", str(SCRIPT)], env={**clean, **env}, cwd=folder, capture_output=True, text=True)
    return run.stdout


@pytest.mark.parametrize("env", [{}, {"CENTER_NAME": "Trung tâm Phục vụ hành chính công tỉnh Quảng Trị"}])
def test_an_unnamed_center_gets_the_hint(env):
    text = hint(**env)
    assert "CENTER_NAME and CENTER_PARENT are not set" in text and 'CENTER_PARENT="UBND TỈNH QUẢNG TRỊ"' in text


def test_a_named_center_gets_none():
    assert (
        hint(CENTER_NAME="Trung tâm Phục vụ hành chính công tỉnh Quảng Trị", CENTER_PARENT="UBND TỈNH QUẢNG TRỊ") == ""
    )


def test_make_run_prints_it():
    assert "scripts/center_name_hint.sh" in (SCRIPT.parent / "run.sh").read_text()
