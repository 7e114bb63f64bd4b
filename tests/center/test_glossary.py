"""One word for each deadline state on every page (center/glossary.py, README "Glossary"): "trễ hạn" is a
dossier resolved after its deadline, "quá hạn" an open one past it; the dashboard no longer calls resolved
late dossiers "Quá hạn" beside "Đang quá hạn" for the open ones."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from center import glossary
from dossiers.workflow import DossierStatus as S
from tests.factories import DossierFactory


def vi(text) -> str:
    with translation.override("vi"):
        return str(text)


def test_each_term_has_its_own_vietnamese_word():
    words = {key: vi(label) for key, label in glossary.TERMS.items()}
    assert words["late"] == "Trễ hạn"
    assert words["overdue"] == "Quá hạn"
    assert len(set(words.values())) == len(words)


@pytest.mark.parametrize(
    ("source", "word"),
    [
        ("Resolved late", "trễ hạn"),
        ("Result late", "trễ hạn"),
        ("Handed over late", "trễ hạn"),
        ("Late %", "trễ hạn"),
        ("Top procedures by late results", "trễ hạn"),
        ("Overdue dossiers", "quá hạn"),
        ("Longest overdue", "quá hạn"),
        ("Working days late", "quá hạn"),  # the overdue list: open dossiers
        ("Late since earlier today.", "quá hạn"),  # the citizen's page of an open dossier
    ],
)
def test_every_label_uses_the_word_of_its_meaning(source, word):
    text = vi(translation.gettext_lazy(source)).lower()
    other = "quá hạn" if word == "trễ hạn" else "trễ hạn"
    assert word in text and other not in text and "trễ hẹn" not in text


@pytest.fixture
def late_and_overdue(procedure):
    now = timezone.now()
    late = DossierFactory(
        procedure=procedure, status=S.RESULT_READY, received_at=now - dt.timedelta(days=9),
        due_at=now - dt.timedelta(days=2), result_ready_at=now - dt.timedelta(days=1), outcome="late",
    )  # fmt: skip
    overdue = DossierFactory(procedure=procedure, overdue=True)
    return late, overdue


def texts(html: str, css_class: str) -> list[str]:
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(rf'class="{css_class}">([^<]*)<', html)]


def test_the_dashboard_names_resolved_late_and_open_overdue_apart(client, director, late_and_overdue):
    client.force_login(director)
    page = client.get(reverse("monitoring-dashboard")).content.decode()
    labels = texts(page, "tile-label")
    assert vi(glossary.LATE) in labels and vi(glossary.OVERDUE) in labels
    assert vi(glossary.EARLY) in labels and vi(glossary.ON_TIME) in labels and vi(glossary.NEAR_DUE) in labels
    assert "Đang quá hạn" not in page
    trend_head = page[page.index('id="trend-h"') :].split("</thead>", 1)[0]
    columns = re.findall(r"<th>([^<]+)</th>", trend_head)[1:4]
    assert columns == [vi(glossary.EARLY), vi(glossary.ON_TIME), vi(glossary.LATE)]


def test_the_dossier_page_and_lists_use_the_glossary(client, clerk, director, late_and_overdue):
    late, overdue = late_and_overdue
    client.force_login(director)
    detail = client.get(reverse("dossier-detail", args=[late.code])).content.decode()
    assert f'<span class="badge late">{vi(glossary.LATE)}</span>' in detail
    listed = client.get(reverse("monitoring-dossiers"), {"metric": "late"}).content.decode()
    assert f'<span class="badge late">{vi(glossary.LATE)}</span>' in listed


def test_the_public_board_uses_the_glossary(client, late_and_overdue):
    page = client.get(reverse("public-punctuality")).content.decode()
    head = page.split("</thead>", 1)[0]
    for term in (glossary.EARLY, glossary.ON_TIME, glossary.LATE):
        assert f"<th>{vi(term)}</th>" in head
