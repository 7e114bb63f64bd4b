"""Moving closed dossiers to the archive and back, without moving a rollup.

A dossier's contribution to the supervision rollups stays where it is: after archiving it is counted from
the archive's columns (monitoring/rollups/expected.py), so `verify_rollups` agrees with the tables before
and after, and no page's figure changes. Only a dossier whose lifecycle ended (workflow.FINAL) before the
date is moved; one still open, or awaiting its return, never is.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from center.errors import NotFound
from dossiers.archive import records
from dossiers.archive.models import ArchivedDossier, ArchivedFile
from dossiers.models import Dossier, DossierDocument, DossierEvent, SatisfactionRating
from dossiers.workflow import FINAL
from monitoring.rollups import maintain

log = logging.getLogger(__name__)
BATCH = 5000


def closed_dossiers(closed_before: dt.date) -> QuerySet[Dossier]:
    """Dossiers whose lifecycle ended before local midnight of `closed_before`, annotated with `closed`:
    the return for a returned one, else the event that moved it to its final status (its last change
    when there is none: rows loaded in bulk)."""
    from monitoring.periods import local_midnight

    final_event = DossierEvent.objects.filter(dossier=OuterRef("pk"), to_status=OuterRef("status"))
    closed = Coalesce("returned_at", Subquery(final_event.order_by("-at").values("at")[:1]), "updated_at")
    return (
        Dossier.objects.filter(status__in=FINAL)
        .annotate(closed=closed)
        .filter(closed__lt=local_midnight(closed_before))
    )


def dossiers_archive(*, closed_before: dt.date, batch: int = BATCH, dry_run: bool = False) -> dict[str, int]:
    """Move the dossiers closed before `closed_before` to the archive, `batch` per transaction.
    {"archived": n, "kept": dossiers kept live because a live dossier reused one of their files,
    "batches": n}. A dry run counts and writes nothing. Safe to run again: what is archived is gone."""
    found = {"archived": 0, "kept": 0, "batches": 0}
    after = 0
    while True:
        with transaction.atomic():
            # Locked: a change to one of them (an administrator's edit) waits for the batch, then finds no row.
            candidates = closed_dossiers(closed_before).filter(pk__gt=after).order_by("pk")
            if not dry_run:
                candidates = candidates.select_for_update(of=("self",))
            ids = list(candidates.values_list("pk", flat=True)[:batch])
            if not ids:
                break
            after = ids[-1]
            kept = records.blocked(ids)
            moved = [pk for pk in ids if pk not in kept]
            found["kept"] += len(kept)
            found["archived"] += len(moved)
            found["batches"] += 1
            if moved and not dry_run:
                _archive(moved, closed_before)
        log.info("dossiers_archived", extra={"batch": found["batches"], "archived": len(moved), "dry_run": dry_run})
    return found


def _archive(ids: list[int], closed_before: dt.date) -> None:
    rows, links = records.rows_of(ids), records.links_of(ids)
    closed = dict(closed_dossiers(closed_before).filter(pk__in=ids).values_list("pk", "closed"))
    now = timezone.now()
    archived, files = [], []
    for pk in ids:
        dossier = rows[pk][0]
        rating = next((row for row in rows[pk] if isinstance(row, SatisfactionRating)), None)
        entry = ArchivedDossier(
            code=dossier.code,
            dossier_id=pk,
            **maintain.state_of(dossier)._asdict(),  # the fields the rollups count by, as columns
            rating_score=maintain.score_of(rating) if rating else None,
            closed_at=closed[pk],
            archived_at=now,
            record=records.serialize(rows[pk], links.get(pk, {})),
        )
        archived.append(entry)
        files.extend((entry, row) for row in rows[pk] if isinstance(row, DossierDocument))
    ArchivedDossier.objects.bulk_create(archived, batch_size=1000)
    ArchivedFile.objects.bulk_create(
        [ArchivedFile(archive=entry, document_id=row.pk, storage_name=row.storage_name) for entry, row in files],
        batch_size=5000,
    )
    records.cut_and_delete(ids)


@transaction.atomic
def dossier_restore(*, code: str) -> Dossier:
    """Put an archived dossier back in the live tables, as it was; first those it reused a file from, if
    they are archived too (the file's row must exist before the one that points at it)."""
    archived = ArchivedDossier.objects.select_for_update().filter(code=code).first()
    if archived is None:
        raise NotFound(_("No archived dossier has this code."))
    reused = {
        row["fields"]["reused_from"]
        for row in archived.record["rows"]
        if row["model"] == "dossiers.dossierdocument" and row["fields"].get("reused_from")
    }
    holders = ArchivedDossier.objects.filter(Exists(ArchivedFile.objects.filter(archive=OuterRef("pk"),
                                                                                document_id__in=reused)))  # fmt: skip
    for holder in holders.exclude(pk=archived.pk).values_list("code", flat=True):
        dossier_restore(code=holder)
    records.put_back(archived.dossier_id, archived.record)
    archived.delete()
    log.info("dossier_restored", extra={"dossier": archived.dossier_id})
    return Dossier.objects.get(pk=archived.dossier_id)
