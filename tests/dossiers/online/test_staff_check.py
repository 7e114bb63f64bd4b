"""Counter staff check online filings: receive (the clock starts, Form 01 reaches the citizen electronically)
or refuse with the reason (Form 03), within a supervised time limit."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from dossiers.models import Dossier
from dossiers.services import dossier_accept, dossier_reject
from dossiers.workflow import DossierStatus
from monitoring.models import Alert, AlertKind, OutboxMessage
from monitoring.services import online_filing_check_sweep
from tests.dossiers.online.helpers import submitted_online

pytestmark = pytest.mark.django_db


def test_the_counters_worklist_shows_online_filings_with_their_check_time(client, clerk, citizen, procedure):
    dossier = submitted_online(citizen, procedure)

    client.force_login(clerk)
    page = client.get(reverse("staff-home") + "?list=moi-nop").content.decode()

    check_due = timezone.localtime(dossier.online_filing.check_due_at)
    assert dossier.code in page and check_due.strftime("%d/%m/%Y %H:%M") in page


@pytest.mark.parametrize(
    ("submitted", "check_by"),
    [
        ("2026-12-04 09:00:00+07:00", "07/12/2026 09:00"),  # a Friday: the next working day is Monday
        ("2026-12-05 10:00:00+07:00", "08/12/2026 07:30"),  # a Saturday: counted from Monday's opening
    ],
)
def test_the_check_time_is_the_rules_working_days_after_submission(settings, citizen, procedure, submitted, check_by):
    settings.ONLINE_FILING_CHECK_WORKING_DAYS = 1
    with freeze_time(submitted):
        dossier = submitted_online(citizen, procedure)

    assert timezone.localtime(dossier.online_filing.check_due_at).strftime("%d/%m/%Y %H:%M") == check_by


def test_receiving_starts_the_clock_and_the_citizen_gets_form_01_electronically(
    client, citizen_client, clerk, citizen, procedure
):
    dossier = submitted_online(citizen, procedure)
    assert dossier.due_at is None

    dossier_accept(dossier=dossier, by=clerk, version=dossier.version)

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED and dossier.received_at and dossier.due_at
    assert OutboxMessage.objects.filter(dossier=dossier, template="received").exists()
    page = citizen_client.get(reverse("citizen-dossier", args=[dossier.code])).content.decode()
    assert 'data-slip="tiep-nhan"' in page
    letter = citizen_client.get(reverse("citizen-slip-pdf", args=[dossier.code, "tiep-nhan"]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert b"".join(letter.streaming_content if letter.streaming else [letter.content]).startswith(b"%PDF")


def test_refusing_gives_the_reason_and_form_03_to_the_citizen(citizen_client, clerk, citizen, procedure):
    dossier = submitted_online(citizen, procedure)

    dossier_reject(dossier=dossier, by=clerk, reason="Hồ sơ không thuộc thẩm quyền giải quyết", version=dossier.version)

    page = citizen_client.get(reverse("citizen-dossier", args=[dossier.code])).content.decode()
    assert "không thuộc thẩm quyền" in page and 'data-slip="tu-choi"' in page
    assert citizen_client.get(reverse("citizen-slip-pdf", args=[dossier.code, "tu-choi"])).status_code == 200
    assert OutboxMessage.objects.filter(dossier=dossier, template="not_received").exists()


def test_a_filing_waiting_past_its_check_time_raises_one_alert_however_often_the_sweep_runs(
    settings, citizen, procedure, clerk
):
    late = submitted_online(citizen, procedure)
    checked = submitted_online(citizen, procedure)
    dossier_accept(dossier=checked, by=clerk, version=checked.version)
    later = late.online_filing.check_due_at + dt.timedelta(minutes=1)

    assert online_filing_check_sweep(now=late.online_filing.check_due_at - dt.timedelta(minutes=1)) == 0
    assert online_filing_check_sweep(now=later) == 1
    assert online_filing_check_sweep(now=later) == 0

    alert = Alert.objects.get()
    assert (alert.dossier_id, alert.kind, alert.agency_id) == (late.pk, AlertKind.CHECK_LATE, procedure.agency_id)


def test_another_agencys_specialist_cannot_open_an_online_filing(client, other_specialist, citizen, procedure):
    dossier = submitted_online(citizen, procedure)
    client.force_login(other_specialist)

    assert client.get(reverse("dossier-detail", args=[dossier.code])).status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.SUBMITTED
