"""The archive moves closed dossiers out of the live tables and changes no figure (dossiers/archive).

A varied history comes from the rollups' random walk (tests/monitoring/test_rollups.py): receipts at two
sites, online filings, chains, supplements, payments, extensions, refusals, withdrawals, returns, ratings and
an administrator's edits. Archiving then keeps every dashboard and public-board figure, and
`verify_rollups` finds no difference; a restore brings back the dossier as it was.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.db.models import ForeignObjectRel
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from dossiers.archive import records
from dossiers.archive.models import ArchivedDossier, ArchivedFile
from dossiers.archive.services import dossier_restore, dossiers_archive
from dossiers.models import Dossier, DossierEvent, SatisfactionRating
from dossiers.workflow import FINAL, OPEN
from dossiers.workflow import DossierStatus as S
from monitoring.models import Feedback
from monitoring.rollups.models import Flow, OpenStock
from monitoring.rollups.verify import differences
from monitoring.selectors import public
from monitoring.selectors.dashboard import agency_catalogue, aggregate, procedure_catalogue
from tests.factories import DossierDocumentFactory, UserFactory
from tests.monitoring.test_rollups import START, _scopes, _walk, province  # noqa: F401 (a fixture)


@pytest.fixture
def history(province):  # noqa: F811
    """Months of the center's work; the clock stays at its end (province["end"], a day after the last step)."""
    with freeze_time(START) as frozen:
        _walk(province, random.Random(17), 240, frozen)
        frozen.tick(dt.timedelta(days=1))
        yield {**province, "end": timezone.now()}


def _figures(history) -> list:
    """The dashboard's aggregate for many scopes, and the public board for all sites and one."""
    procedures, agencies = procedure_catalogue(), agency_catalogue()
    figures = [aggregate(scope, procedures=procedures, agencies=agencies) for scope in _scopes(history, history["end"])]
    period = public.last_twelve_months(timezone.localdate())
    for site_id in (None, history["counters"][1].site_id):
        figures.append(public._board(period, site_id))
    return figures


def _tables() -> tuple:
    return (sorted(Flow.objects.values_list()), sorted(OpenStock.objects.values_list()))


def _snapshot(pk: int) -> list[dict]:
    """The dossier and every row of it, as the archive would keep them."""
    return records.serialize(records.rows_of([pk])[pk], {})["rows"]


def test_archiving_changes_no_figure_and_leaves_open_dossiers(history):
    before, tables = _figures(history), _tables()
    open_ids = set(Dossier.objects.exclude(status__in=FINAL).values_list("pk", flat=True))
    closed = Dossier.objects.filter(status__in=FINAL).count()
    assert closed > 10 and Dossier.objects.filter(status__in=OPEN).exists()
    assert SatisfactionRating.objects.filter(dossier__status=S.RETURNED).exists()

    found = dossiers_archive(closed_before=history["end"].date() + dt.timedelta(days=1), batch=7)

    assert found["archived"] == closed == ArchivedDossier.objects.count() and found["batches"] >= closed // 7
    assert set(Dossier.objects.values_list("pk", flat=True)) == open_ids  # open or awaiting return: kept
    assert not DossierEvent.objects.exclude(dossier_id__in=open_ids).exists()
    assert _tables() == tables  # the rollups were not touched
    assert differences() == []  # and still agree with the dossiers, live and archived
    assert _figures(history) == before


def test_only_dossiers_closed_before_the_date_move(history):
    cutoff = (START + dt.timedelta(days=20)).date()
    found = dossiers_archive(closed_before=cutoff)
    assert found["archived"] > 0
    assert all(a.closed_at.date() < cutoff for a in ArchivedDossier.objects.all())
    assert Dossier.objects.filter(status__in=FINAL).exists()  # closed later: still live
    assert differences() == []


def test_a_dry_run_changes_nothing_and_a_second_run_finds_nothing(history):
    cutoff = history["end"].date()
    live, tables = Dossier.objects.count(), _tables()
    would = dossiers_archive(closed_before=cutoff, dry_run=True)
    assert would["archived"] > 0
    assert Dossier.objects.count() == live and not ArchivedDossier.objects.exists() and _tables() == tables
    assert dossiers_archive(closed_before=cutoff) == would
    assert dossiers_archive(closed_before=cutoff)["archived"] == 0
    assert ArchivedDossier.objects.count() == would["archived"]
    assert differences() == []


def test_restore_brings_back_the_same_dossier_with_its_events_and_links(history):
    dossier = Dossier.objects.filter(status=S.RETURNED, rating__isnull=False).first()
    document = DossierDocumentFactory(dossier=dossier)
    feedback = Feedback.objects.create(
        tracking_code="PA-0001", topic="other", subject="Hỏi", content="…", dossier=dossier,
        sender_name="An", due_at=timezone.now(),
    )  # fmt: skip
    before, figures = _snapshot(dossier.pk), _figures(history)
    assert len(before) > 3

    dossiers_archive(closed_before=history["end"].date() + dt.timedelta(days=1))
    assert not Dossier.objects.filter(pk=dossier.pk).exists()
    feedback.refresh_from_db()
    assert feedback.dossier_id is None  # the feedback stays, unlinked; the link is in the record
    assert ArchivedFile.objects.get(document_id=document.pk).storage_name == document.storage_name

    restored = dossier_restore(code=dossier.code)
    assert _snapshot(restored.pk) == before  # every row, every field (microseconds included)
    assert restored.events.count() == sum(row["model"] == "dossiers.dossierevent" for row in before)
    feedback.refresh_from_db()
    assert feedback.dossier_id == dossier.pk
    assert not ArchivedDossier.objects.filter(code=dossier.code).exists()
    assert differences() == []
    assert _figures(history) == figures


def test_a_file_reused_by_a_live_dossier_keeps_its_dossier_live(history):
    old, new = Dossier.objects.filter(status=S.RETURNED).first(), Dossier.objects.filter(status__in=OPEN).first()
    source = DossierDocumentFactory(dossier=old)
    DossierDocumentFactory(dossier=new, reused_from=source)
    found = dossiers_archive(closed_before=history["end"].date() + dt.timedelta(days=1))
    assert found["kept"] == 1 and Dossier.objects.filter(pk=old.pk).exists()
    assert differences() == []


def test_a_restore_first_restores_the_dossier_a_file_was_reused_from(history):
    old, new = Dossier.objects.filter(status=S.RETURNED)[:2]
    source = DossierDocumentFactory(dossier=old)
    DossierDocumentFactory(dossier=new, reused_from=source)
    dossiers_archive(closed_before=history["end"].date() + dt.timedelta(days=1))
    assert ArchivedDossier.objects.filter(code__in=[old.code, new.code]).count() == 2
    dossier_restore(code=new.code)
    assert Dossier.objects.filter(pk__in=[old.pk, new.pk]).count() == 2
    assert differences() == []


def test_the_commands(history, capsys):
    call_command("archive_dossiers", "--closed-before", history["end"].date().isoformat(), "--dry-run")
    assert "would archive" in capsys.readouterr().out and not ArchivedDossier.objects.exists()
    call_command("archive_dossiers", "--years", "0", "--batch", "50")
    assert "archived" in capsys.readouterr().out and ArchivedDossier.objects.exists()
    code = ArchivedDossier.objects.first().code
    call_command("restore_dossier", code)
    assert Dossier.objects.filter(code=code).exists()
    assert differences() == []


def test_the_public_lookup_and_the_staff_page_say_archived(history, client, settings):
    settings.LANGUAGE_CODE = "en"
    dossier = Dossier.objects.filter(status=S.RETURNED).first()
    dossiers_archive(closed_before=history["end"].date() + dt.timedelta(days=1))
    response = client.post("/tra-cuu/", {"code": dossier.code, "secret": dossier.secret})
    assert response.status_code == 410 and 'id="archived"' in response.content.decode()
    wrong = client.post("/tra-cuu/", {"code": dossier.code, "secret": "ZZZZZZZZ"})
    assert wrong.status_code == 404 and 'id="archived"' not in wrong.content.decode()
    client.force_login(UserFactory(username="director2", role="center_director"))
    page = client.get(reverse("dossier-detail", args=[dossier.code]))
    assert page.status_code == 410 and dossier.code in page.content.decode()
    assert client.get(reverse("dossier-detail", args=["NO-SUCH-CODE"])).status_code == 404


def test_every_relation_to_a_dossier_is_moved_or_linked():
    """A new model pointing at dossiers (or at their files, filings, payments) must be listed in records.py."""
    listed = {(records.model(label), path.split("__")[0].removesuffix("_id")) for label, path in records.ROWS}
    listed |= {(records.model(label), column.removesuffix("_id")) for label, column, _p in records.LINKS}
    listed |= {(records.model("counters.Ticket").dossiers.through, "dossier")}
    listed |= {(records.model(records.BLOCKED_BY[0]), "reused_from")}
    owners = [records.model(label) for label, _p in records.ROWS]
    for owner in owners:
        for relation in owner._meta.get_fields(include_hidden=True):
            if isinstance(relation, ForeignObjectRel) and not relation.many_to_many:
                assert (relation.related_model, relation.field.name) in listed, (owner, relation)


def test_years_ago_and_the_monthly_task(history, settings):
    from dossiers.archive.tasks import dossiers_archive_task, years_ago

    assert years_ago(5, dt.date(2028, 2, 29)) == dt.date(2023, 2, 28)
    assert years_ago(5, dt.date(2026, 12, 3)) == dt.date(2021, 12, 3)
    settings.ARCHIVE_AFTER_YEARS = 5
    assert dossiers_archive_task()["archived"] == 0  # nothing here closed five years ago
    settings.ARCHIVE_AFTER_YEARS = 0
    assert dossiers_archive_task()["archived"] > 0
    assert differences() == []
