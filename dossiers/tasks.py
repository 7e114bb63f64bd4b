"""Celery tasks of the dossiers app (found by autodiscovery): those of its files."""

from dossiers.documents.tasks import document_scan_sweep_task, document_scan_task  # noqa: F401
