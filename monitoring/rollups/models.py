"""The rollup tables. Plain integer keys, not foreign keys: a row is a count, not a relation, and
`site_key` 0 stands for "no site" (online filings) so that the unique key (and its upsert) has no NULL."""

from __future__ import annotations

import datetime as dt

from django.db import models

DAY, MONTH, YEAR = "D", "M", "Y"
NO_SITE = 0
NO_DUE_DAY = dt.date(9999, 12, 31)  # an open dossier without a deadline (never overdue nor near due)

FLOW_COUNTS = [
    "received", "stopped", "resolved", "early", "on_time", "late", "ratings", "score_sum",
    "handed_on_time", "handed_late",
]  # fmt: skip
NO_COUNTER = 0


class Flow(models.Model):
    """Dossiers of one day (span D), one month (span M) or one year (span Y; day = its first day) and one key:
    received then (received_at, with `stopped` those of them now stopped or withdrawn, and those handed over to their
    agency on time or late), their result ready then (result_ready_at, by outcome), and the ratings of the
    latter (count and the sum of all five criteria). The receiving counter is part of the key (0: none)
    for the hand-over duties per counter."""

    span = models.CharField(max_length=1)
    day = models.DateField()
    site_key = models.IntegerField()
    agency_id = models.IntegerField()
    procedure_id = models.IntegerField()
    channel = models.CharField(max_length=8)
    counter_key = models.IntegerField()
    received = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    early = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    ratings = models.IntegerField(default=0)
    score_sum = models.IntegerField(default=0)
    handed_on_time = models.IntegerField(default=0)
    handed_late = models.IntegerField(default=0)

    class Meta:
        app_label = "monitoring"
        constraints = [
            models.UniqueConstraint(
                fields=["span", "day", "site_key", "agency_id", "procedure_id", "channel", "counter_key"],
                name="rollup_flow_key",
            )
        ]

    def __str__(self):
        return f"{self.span} {self.day} site {self.site_key} agency {self.agency_id} procedure {self.procedure_id}"


class OpenStock(models.Model):
    """Open dossiers (workflow.OPEN) of one key by the local day of their deadline, the clock running or
    paused. Overdue and near-due counts read whole days here and the boundary days from the dossiers."""

    site_key = models.IntegerField()
    agency_id = models.IntegerField()
    procedure_id = models.IntegerField()
    channel = models.CharField(max_length=8)
    running = models.BooleanField()
    due_day = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        app_label = "monitoring"
        constraints = [
            models.UniqueConstraint(
                fields=["due_day", "running", "site_key", "agency_id", "procedure_id", "channel"],
                name="rollup_open_key",
            )
        ]

    def __str__(self):
        return f"due {self.due_day} agency {self.agency_id} procedure {self.procedure_id}: {self.n}"
