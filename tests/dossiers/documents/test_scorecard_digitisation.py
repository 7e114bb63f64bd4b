"""The scorecard's digitisation group (4.1 electronic results, 4.2 digitised dossiers, 4.3 reuse) and the
online channel share, computed from the dossiers' files."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from dossiers.documents.models import ScanStatus
from dossiers.models import Channel
from dossiers.workflow import DossierStatus as S
from monitoring.periods import month_period
from monitoring.scorecard import scorecard
from tests.factories import DossierDocumentFactory, DossierFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = month_period(dt.date(2026, 11, 1))


def _resolved(procedure, **fields):
    received = dt.datetime(2026, 11, 2, 9, tzinfo=HCM)
    return DossierFactory(
        procedure=procedure,
        received_at=received,
        result_ready_at=received + dt.timedelta(days=2),
        status=S.RESULT_READY,
        **fields,
    )


def _indicators(**kwargs):
    return {i.key: i for i in scorecard(NOVEMBER, **kwargs).indicators}


@freeze_time("2026-12-10 10:00:00+07:00")
def test_results_and_digitised_dossiers_count_clean_files_only(procedure):
    complete = _resolved(procedure, channel=Channel.ONLINE)
    for component in ("1", "2"):
        DossierDocumentFactory(dossier=complete, component=component)
    DossierDocumentFactory(dossier=complete, component="result", result_number="1/GCN")
    result_only = _resolved(procedure)
    DossierDocumentFactory(dossier=result_only, component="1")  # component 2 missing
    DossierDocumentFactory(dossier=result_only, component="result", result_number="2/GCN")
    pending = _resolved(procedure)
    DossierDocumentFactory(dossier=pending, component="1")
    DossierDocumentFactory(dossier=pending, component="2")
    DossierDocumentFactory(dossier=pending, component="result", result_number="3", scan_status=ScanStatus.PENDING)
    _resolved(procedure)  # paper only

    indicators = _indicators()

    results, digitised = indicators["electronic_results"], indicators["digitised_dossiers"]
    assert (results.measured, results.numerator, results.denominator, results.points) == (True, 2, 4, 3.0)
    # 1 of 4 = 25 %, threshold 80 %: 4 × 0.25 / 0.8 points
    assert (digitised.numerator, digitised.denominator, digitised.points) == (1, 4, 1.25)
    channel = indicators["channel_share"]
    assert (channel.numerator, channel.denominator) == (1, 4)


@freeze_time("2026-12-10 10:00:00+07:00")
def test_reuse_counts_dossiers_with_a_component_taken_from_digitised_data(procedure):
    earlier = DossierDocumentFactory(component="result", result_number="9/GP")
    reusing = _resolved(procedure)
    DossierDocumentFactory(dossier=reusing, component="1", reused_from=earlier)
    _resolved(procedure)

    reused = _indicators()["reused_data"]

    assert (reused.measured, reused.numerator, reused.denominator) == (True, 1, 2)
