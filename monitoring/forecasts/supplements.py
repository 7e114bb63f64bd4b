"""Supplement requests: which procedures get the most, which documents are missing most often (the items of
each request, DossierPause.items), and how many dossiers needed more than one request (the applicant had to
come back more than once; more than one request also makes the dossier late on the scorecard, 2.1). Read
for the procedure's guidance to be fixed: linked from the procedure's admin page."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from dossiers.models import Dossier, DossierPause, PauseKind
from procedures.models import Procedure


@dataclass
class ProcedureSupplements:
    procedure: Procedure
    dossiers: int  # received in the period
    requests: int
    dossiers_asked: int
    asked_more_than_once: int
    missing: list[tuple[str, int]] = field(default_factory=list)

    @property
    def request_rate(self) -> float:
        return self.dossiers_asked / self.dossiers if self.dossiers else 0.0


def supplement_summary(
    *, start: dt.datetime, end: dt.datetime, agency_id: int | None = None, procedure_id: int | None = None,
    limit: int = 30,
) -> list[ProcedureSupplements]:  # fmt: skip
    """Procedures by supplement requests made in [start, end), the most first (three queries)."""
    pauses = DossierPause.objects.filter(kind=PauseKind.SUPPLEMENT, started_at__gte=start, started_at__lt=end)
    if agency_id:
        pauses = pauses.filter(dossier__agency_id=agency_id)
    if procedure_id:
        pauses = pauses.filter(dossier__procedure_id=procedure_id)
    per_dossier: Counter = Counter()
    procedure_of: dict[int, int] = {}
    missing: dict[int, Counter] = {}
    for dossier_id, procedure, items in pauses.values_list("dossier_id", "dossier__procedure_id", "items"):
        per_dossier[dossier_id] += 1
        procedure_of[dossier_id] = procedure
        missing.setdefault(procedure, Counter()).update(item.strip() for item in items or [] if item.strip())
    requests, asked, repeated = Counter(), Counter(), Counter()
    for dossier_id, count in per_dossier.items():
        procedure = procedure_of[dossier_id]
        requests[procedure] += count
        asked[procedure] += 1
        repeated[procedure] += count > 1
    top = [pk for pk, _n in requests.most_common(limit)]
    received = dict(
        Dossier.objects.filter(procedure_id__in=top)
        .values("procedure_id")
        .annotate(n=Count("pk", filter=Q(received_at__gte=start, received_at__lt=end)))
        .values_list("procedure_id", "n")
    )
    procedures = Procedure.objects.in_bulk(top)
    return [
        ProcedureSupplements(
            procedure=procedures[pk],
            dossiers=received.get(pk, 0),
            requests=requests[pk],
            dossiers_asked=asked[pk],
            asked_more_than_once=repeated[pk],
            missing=missing[pk].most_common(8),
        )
        for pk in top
    ]
