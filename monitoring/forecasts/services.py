"""Writes of the forecast: fit the curves, refresh the open dossiers' predictions, draft Form 04 letters
for dossiers at risk, and the specialist's confirmation or discarding of a draft.

The refresh is idempotent: it replaces each open dossier's one prediction (an upsert on the dossier's
key), deletes those of dossiers that closed, and drafts at most one letter per dossier ever (a unique
constraint), so two beat schedulers or a rerun change nothing more.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from center import workdays
from center.errors import Conflict, NotAllowed
from dossiers import services as dossier_services
from dossiers.models import Dossier
from dossiers.permissions import can_act
from dossiers.workflow import CLOCK_RUNNING
from monitoring.forecasts.model import (
    DAY,
    Prediction,
    Tables,
    dossier_spans,
    model_fit,
    model_predict,
    received_history,
)
from monitoring.forecasts.models import DossierForecast, DraftStatus, ExtensionDraft, ForecastModel

log = logging.getLogger("monitoring.forecasts")


def forecast_model_train(*, until: dt.datetime, calendar: workdays.WorkingCalendar | None = None) -> ForecastModel:
    """Fit the curves on the history before `until` and store them."""
    calendar = calendar or workdays.load_calendar()
    spans = dossier_spans(received_history(), at=until, calendar=calendar)
    tables = model_fit(spans)
    model = ForecastModel.objects.create(
        trained_at=timezone.now(), trained_until=until, dossiers=len(spans), tables=tables.as_json()
    )
    log.info("forecast_model_trained", extra={"model_id": model.pk, "dossiers": len(spans)})
    return model


def finish_moment(now: dt.datetime, days_left: float, calendar: workdays.WorkingCalendar) -> dt.datetime:
    return workdays.add_working_seconds(now, int(days_left * DAY), calendar)


@dataclass
class RefreshResult:
    model_id: int | None = None
    refit: bool = False
    predicted: int = 0
    removed: int = 0
    drafts: int = 0


def forecast_refresh(*, now: dt.datetime | None = None, refit: bool = False) -> RefreshResult:
    """Predict every open dossier from the latest curves (refitted when older than FORECAST_REFIT_AFTER_HOURS
    or asked to), store the predictions and draft letters for those at risk near their deadline."""
    now = now or timezone.now()
    calendar = workdays.load_calendar()
    result = RefreshResult()
    model = ForecastModel.objects.order_by("-trained_at", "-id").first()
    if refit or model is None or model.trained_at < now - dt.timedelta(hours=settings.FORECAST_REFIT_AFTER_HOURS):
        model = forecast_model_train(until=now, calendar=calendar)
        result.refit = True
    result.model_id = model.pk
    tables = Tables.from_json(model.tables)
    rows = []
    for span in dossier_spans(Dossier.objects.open(), at=now, calendar=calendar, stop_at=False):
        prediction = model_predict(tables, span)
        if prediction is not None:
            rows.append(_forecast_row(span, prediction, model, now, calendar))
    with transaction.atomic():
        DossierForecast.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["dossier"],
            update_fields=[
                "model",
                "computed_at",
                "finish_p50",
                "finish_p90",
                "overdue_risk",
                "level",
                "comparable",
                "elapsed_days",
                "paused",
            ],  # fmt: skip
        )
        result.removed, _by_model = DossierForecast.objects.exclude(dossier__in=Dossier.objects.open()).delete()
        result.drafts = _draft_letters(now=now, calendar=calendar)
    result.predicted = len(rows)
    log.info("forecast_refreshed", extra={"predicted": result.predicted, "drafts": result.drafts})
    return result


def _forecast_row(span, prediction: Prediction, model, now, calendar) -> DossierForecast:
    return DossierForecast(
        dossier_id=span.pk,
        model=model,
        computed_at=now,
        finish_p50=finish_moment(now, prediction.p50_days_left, calendar),
        finish_p90=finish_moment(now, prediction.p90_days_left, calendar),
        overdue_risk=round(prediction.overdue_risk, 4),
        level=prediction.level,
        comparable=prediction.comparable,
        elapsed_days=round(prediction.elapsed_days, 2),
        paused=span.paused,
    )


def _draft_letters(*, now: dt.datetime, calendar) -> int:
    """A draft for each running dossier at risk with fewer than FORECAST_DRAFT_APOLOGY_WORKING_DAYS left
    before its deadline, no letter yet and no draft ever."""
    limit = workdays.add_working_seconds(now, int(settings.FORECAST_DRAFT_APOLOGY_WORKING_DAYS * DAY), calendar)
    candidates = (
        DossierForecast.objects.filter(
            overdue_risk__gte=settings.FORECAST_AT_RISK_THRESHOLD,
            dossier__status__in=CLOCK_RUNNING,
            dossier__extended_due_at__isnull=True,
            dossier__due_at__gt=now,
            dossier__due_at__lt=limit,
            dossier__extension_draft__isnull=True,
        )
        .select_related("dossier")
        .order_by()
    )
    drafts = [
        ExtensionDraft(
            dossier=f.dossier,
            created_at=now,
            proposed_due_at=proposed_new_date(f.dossier, f.finish_p90, calendar),
            overdue_risk=f.overdue_risk,
        )
        for f in candidates
    ]
    # The constraint is the guarantee: a draft made meanwhile by another refresh stays as it is.
    made = ExtensionDraft.objects.bulk_create(drafts, ignore_conflicts=True)
    return len(made)


def proposed_new_date(dossier: Dossier, finish: dt.datetime, calendar) -> dt.datetime:
    """The forecast's 90 % finish as a new appointment: a working day after the current appointment, at its
    time of day (as the extension form sets it)."""
    appointment = timezone.localtime(dossier.appointment_at)
    day = timezone.localtime(finish).date()
    if day <= appointment.date() or not calendar.is_working_day(day):
        day = calendar.next_working_day(max(day, appointment.date()))
    return dt.datetime.combine(day, appointment.timetz())


def _locked_pending(draft: ExtensionDraft, by) -> ExtensionDraft:
    locked = ExtensionDraft.objects.select_for_update().select_related("dossier").get(pk=draft.pk)
    if not can_act(by, locked.dossier, "extend"):
        raise NotAllowed(_("You may not issue apology letters for this dossier."))
    if locked.status != DraftStatus.PENDING:
        raise Conflict(_("This draft was already confirmed or discarded."))
    return locked


@transaction.atomic
def extension_draft_confirm(
    *, draft: ExtensionDraft, by, new_due_at: dt.datetime, reason: str, version: int | None = None
) -> Dossier:
    """Issue the drafted letter (the specialist's reason and date) through dossier_extend, which checks
    who may act and on which dossier, and audits it; the draft is marked issued in the same transaction."""
    locked = _locked_pending(draft, by)
    dossier = dossier_services.dossier_extend(
        dossier=locked.dossier, by=by, new_due_at=new_due_at, reason=reason, version=version
    )
    locked.status, locked.decided_by, locked.decided_at = DraftStatus.CONFIRMED, by, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return dossier


@transaction.atomic
def extension_draft_discard(*, draft: ExtensionDraft, by) -> ExtensionDraft:
    """The specialist expects to finish in time: the draft is set aside (and never drafted again)."""
    locked = _locked_pending(draft, by)
    locked.status, locked.decided_by, locked.decided_at = DraftStatus.DISCARDED, by, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked
