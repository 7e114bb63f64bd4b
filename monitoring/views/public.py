"""The public punctuality board (/cong-khai/dung-han/): no login, nothing personal, cached."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from center.db_router import replica_view
from monitoring import charts
from monitoring.metrics import LABELS
from monitoring.selectors.public import punctuality_board


@replica_view
def punctuality(request):
    board = punctuality_board()
    rows = [
        (row.name, [(key, str(LABELS[key]), row.tally[key]) for key in ("early", "on_time", "late")])
        for row in board["agencies"]
    ]
    chart = charts.share_bars(title=_("Results early, on time and late per agency, last 12 months"), rows=rows)
    return render(request, "monitoring/public_punctuality.html", {**board, "chart": chart})
