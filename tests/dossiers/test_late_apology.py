"""An apology letter (Form 04) is due before the due date it replaces; one issued after it is still
recorded (the duty remains) but marked late, on the dossier page the director sees."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from dossiers import services
from dossiers.models import DossierEvent, DossierExtension

APPLICANT = services.Applicant(name="Võ Thị Kim Oanh", id_number="001203004567", phone="0912345678")


def local(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(text))


@pytest.fixture
def at_agency(procedure, clerk, counter):
    with freeze_time(local("2026-11-02 09:00")):
        dossier = services.dossier_receive(procedure=procedure, applicant=APPLICANT, by=clerk, counter=counter)
        return services.dossier_transfer(dossier=dossier, by=clerk)


def extend_at(moment: dt.datetime, dossier, by):
    with freeze_time(moment):
        return services.dossier_extend(
            dossier=dossier, by=by, new_due_at=dossier.due_at + dt.timedelta(days=10), reason="Chờ xác minh"
        )


def test_a_letter_after_the_due_date_is_recorded_and_marked_late(client, at_agency, specialist, director):
    after = timezone.localtime(at_agency.due_at) + dt.timedelta(hours=3)
    dossier = extend_at(after, at_agency, specialist)
    letter = DossierExtension.objects.get(dossier=dossier)
    assert letter.issued_late and dossier.extended_due_at == letter.new_due_at
    assert DossierExtension.objects.filter(DossierExtension.LATE_Q).count() == 1
    assert DossierEvent.objects.get(dossier=dossier, kind="extend").data["issued_after_deadline"] is True
    client.force_login(director)
    page = client.get(reverse("dossier-detail", args=[dossier.code])).content.decode()
    assert 'id="apologies"' in page and "ban hành sau ngày hết hạn" in page


def test_a_letter_before_the_due_date_is_not_marked(client, at_agency, specialist, director):
    before = timezone.localtime(at_agency.due_at) - dt.timedelta(hours=3)
    dossier = extend_at(before, at_agency, specialist)
    assert not DossierExtension.objects.get(dossier=dossier).issued_late
    assert not DossierExtension.objects.filter(DossierExtension.LATE_Q).exists()
    client.force_login(director)
    page = client.get(reverse("dossier-detail", args=[dossier.code])).content.decode()
    assert 'id="apologies"' in page and "ban hành sau ngày hết hạn" not in page
