from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from freezegun import freeze_time

from dossiers.documents.models import DossierDocument, ScanStatus, Uploader
from dossiers.models import Channel

pytestmark = pytest.mark.django_db


@freeze_time("2026-12-03 16:30+07:00")
def test_the_demo_has_scanned_documents_and_electronic_results(scanning):
    call_command("seed_demo", "--dossiers", "400", "--seed", "5", stdout=StringIO())

    files = DossierDocument.objects.select_related("dossier")
    assert files.count() > 60
    assert set(files.values_list("scan_status", flat=True)) == {ScanStatus.CLEAN}
    results = files.filter(component="result")
    assert results.count() >= 20 and all(f.result_number for f in results)
    assert all(f.uploaded_at == f.dossier.result_ready_at for f in results)
    online = files.filter(dossier__channel=Channel.ONLINE).exclude(component="result")
    assert {f.uploader for f in online} <= {Uploader.APPLICANT}
    sample = files.first()
    with storages["documents"].open(sample.storage_name, "rb") as stored:
        assert stored.read(5) == b"%PDF-"
