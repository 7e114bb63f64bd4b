"""Points from a value, as the national portal gives them (DOMAIN.md, "Decision 766 scorecard").

Without a threshold: value × max. With a threshold T: full points at value ≥ T, else value × max ÷ T.
Points are floats rounded to two decimals (the portal shows two decimals); the total is the sum of the
rounded indicator points, so what the page shows adds up.
"""

from __future__ import annotations

from django.conf import settings


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator ÷ denominator, or None (shown "—") when there is nothing to count."""
    return numerator / denominator if denominator else None


def points_for(value: float | None, max_points: float, threshold: float | None) -> float:
    if value is None:
        # Nothing to count: the portal shows N/A; whether it still gives the points is not documented,
        # so it is a setting (default: no points, as for an unmeasured indicator).
        return float(max_points) if settings.SCORECARD_FULL_POINTS_WHEN_EMPTY and max_points else 0.0
    value = max(0.0, min(1.0, value))
    if threshold:
        earned = float(max_points) if value >= threshold else value * max_points / threshold
    else:
        earned = value * max_points
    return round(earned, 2)
