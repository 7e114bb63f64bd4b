"""Celery tasks of dossiers' files: each takes ids (or nothing), calls one service, is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from dossiers.documents import services
from dossiers.documents.models import DossierDocument


@shared_task(soft_time_limit=120, time_limit=150, ignore_result=True)
def document_scan_task(document_id: int) -> str | None:
    """Scan one pending file. A file already judged is left alone; while the scanner does not answer the
    row keeps its next attempt (doubling backoff) and the sweep hands it out again then."""
    document = DossierDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None
    return services.document_scan(document=document).scan_status


@shared_task(soft_time_limit=55, time_limit=80, ignore_result=True)
def document_scan_sweep_task() -> dict:
    """Every minute (CELERY_BEAT_SCHEDULE["document-scan-sweep"]): hand the pending files whose backoff has
    run out to scan tasks, one each, so the workers share them."""
    ids = services.document_scan_due()
    for document_id in ids:
        document_scan_task.delay(document_id)
    return {"handed_out": len(ids)}
