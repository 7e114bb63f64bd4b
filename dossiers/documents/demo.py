"""Demo files: the most recent demo dossiers get a scan of each document (small generated PDFs), made
when they were received (by the counter staff, or by the applicant for an online filing), and those
resolved their electronic result, attached when it was ready by whoever resolved it.

The dossiers and their histories are the generator's (dossiers/demo.py): the files are recorded at those
moments, past the services' checks of who may attach what now, as the generator writes histories past
the workflow. Each file is scanned when clamd answers (`make run` starts one, scripts/clamd.sh); otherwise
it waits as pending and the worker's sweep scans it once clamd does.
"""

from __future__ import annotations

import random
import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from dossiers.documents.models import RESULT, DossierDocument, ScanStatus, Uploader
from dossiers.documents.samples import sample_pdf
from dossiers.documents.services import document_scan, documents_storage, upload_sha256
from dossiers.models import Channel, Dossier, DossierEvent
from dossiers.workflow import DossierStatus as S

# How many of the latest received dossiers, and of the latest resolved, get files: enough for the
# scorecard's digitisation rows to show something.
DOSSIERS_WITH_FILES = 30


def _attach(dossier, component: str, name: str, title: str, *, at, by, pages: int, result_number: str = ""):
    local = timezone.localtime(at)
    content = sample_pdf(
        title=title,
        lines=(dossier.applicant_name, f"Hồ sơ {dossier.code}", f"Ngày {local:%d/%m/%Y}"),
        pages=pages,
    )
    stored = documents_storage().save(f"{dossier.code}/{uuid.uuid4().hex}.pdf", ContentFile(content))
    document = DossierDocument.objects.create(
        dossier=dossier,
        component=component,
        component_name=title[:500],
        original_name=name,
        size=len(content),
        sha256=upload_sha256(ContentFile(content)),
        content_type="application/pdf",
        pages=pages,
        storage_name=stored,
        scan_status=ScanStatus.PENDING,
        uploader=Uploader.STAFF if by is not None else Uploader.APPLICANT,
        uploaded_by=by,
        uploaded_at=at,
        result_number=result_number,
    )
    document_scan(document=document)


def seed_demo_files(*, rng: random.Random) -> int:
    """Files for the latest received dossiers; returns how many dossiers got files."""
    dossiers = Dossier.objects.filter(received_at__isnull=False).exclude(status__in=[S.NOT_RECEIVED, S.WITHDRAWN])
    chosen = {*dossiers.order_by("-received_at").values_list("pk", flat=True)[:DOSSIERS_WITH_FILES]}
    chosen |= {
        *dossiers.exclude(result_ready_at=None)
        .order_by("-result_ready_at")
        .values_list("pk", flat=True)[:DOSSIERS_WITH_FILES]
    }
    latest = list(
        dossiers.filter(pk__in=chosen)
        .select_related("procedure", "received_by")
        .prefetch_related("procedure__documents")
        .order_by("received_at", "pk")
    )
    resolved_by = dict(
        DossierEvent.objects.filter(dossier__in=latest, kind="resolve").values_list("dossier_id", "actor_id")
    )
    resolvers = get_user_model().objects.in_bulk(set(resolved_by.values()) - {None})
    for dossier in latest:
        online = dossier.channel == Channel.ONLINE
        if not online and dossier.received_by is None:
            continue
        when = dossier.submitted_at if online and dossier.submitted_at else dossier.received_at
        for doc in dossier.procedure.documents.all():
            if doc.is_optional and rng.random() < 0.5:
                continue
            _attach(
                dossier,
                str(doc.position),
                f"scan-{doc.position}.pdf",
                doc.name,
                at=when,
                by=None if online else dossier.received_by,
                pages=rng.randint(1, 3),
            )
        resolver = resolvers.get(resolved_by.get(dossier.pk))
        if dossier.result_ready_at and resolver is not None:
            _attach(
                dossier,
                RESULT,
                "ket-qua.pdf",
                dossier.procedure.result_type or dossier.procedure.name,
                at=dossier.result_ready_at,
                by=resolver,
                pages=1,
                result_number=f"{rng.randint(1, 9999):04d}/KQ",
            )
    return len(latest)
