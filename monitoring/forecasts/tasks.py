"""The forecast's periodic task (CELERY_BEAT_SCHEDULE["forecast-refresh"]); safe to run twice."""

from __future__ import annotations

from celery import shared_task

from monitoring.forecasts.services import forecast_refresh


@shared_task(soft_time_limit=600, time_limit=660, ignore_result=True)
def forecast_refresh_task() -> dict:
    """Refresh the open dossiers' predictions (refitting once a day) and draft letters for those at risk."""
    result = forecast_refresh()
    return {"model": result.model_id, "refit": result.refit, "predicted": result.predicted, "drafts": result.drafts}
