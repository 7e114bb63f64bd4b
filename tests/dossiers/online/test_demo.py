"""The demo citizens' online filings: the local provider's accounts, with dossiers at every stage."""

import random

import pytest

from center.citizens.demo import demo_citizens
from center.demo_users import seed_demo_users
from center.models import CitizenAccount
from dossiers.documents.models import DossierDocument
from dossiers.models import Channel, Dossier
from dossiers.online.demo import seed_online_filings
from dossiers.online.models import FilingComponent, OnlineFiling, SavedDocument
from dossiers.workflow import DossierStatus
from procedures.demo import seed_master_data

pytestmark = pytest.mark.django_db


def test_each_demo_citizen_has_filings_at_every_stage_with_files_once():
    rng = random.Random(3)
    seed_master_data(rng)
    seed_demo_users()

    made = seed_online_filings(rng=rng)

    assert made == Dossier.objects.filter(channel=Channel.ONLINE).count() > 0
    accounts = CitizenAccount.objects.order_by("id_number")
    assert sorted(a.id_number for a in accounts) == sorted(p["id_number"] for p in demo_citizens())
    assert all(a.subject == a.id_number and a.verified_by_provider for a in accounts)
    for account in accounts:
        statuses = set(Dossier.objects.filter(online_filing__citizen=account).values_list("status", flat=True))
        assert {
            DossierStatus.SUBMITTED,
            DossierStatus.RECEIVED,
            DossierStatus.IN_PROGRESS,
            DossierStatus.AWAITING_SUPPLEMENT,
            DossierStatus.RESULT_READY,
        } <= statuses
        assert OnlineFiling.objects.filter(citizen=account, dossier__isnull=True).exists()  # a draft
        assert SavedDocument.objects.filter(citizen=account, source__component="result").exists()
    reused = FilingComponent.objects.filter(reused=True, filing__dossier__status=DossierStatus.RECEIVED)
    assert reused.count() == len(demo_citizens())  # received, so the scorecard counts the reuse (4.3)
    assert DossierDocument.objects.filter(component="result", scan_status="clean").count() == len(demo_citizens())
    assert seed_online_filings(rng=rng) == 0  # once
