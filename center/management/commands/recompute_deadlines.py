"""Recompute open dossiers' deadlines after the calendar's rules changed in code.

Changes made in the admin recompute at once (dossiers/deadlines.py). A deploy that changes the rules
themselves, like the one that brought the national decisions table and left Vietnam Cultural Day out,
does not pass through the admin: run this once after it. It compares the calendar the package alone gives
(with the center's overrides) with today's, and recomputes the open dossiers whose window holds a date on
which they differ. Safe to run again: a dossier already recomputed no longer matches the old calendar and
is left alone (and listed).
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext

from center import workdays
from dossiers.deadlines import deadlines_recompute_for_calendar_change
from dossiers.models import Dossier


class Command(BaseCommand):
    help = "Recompute open dossiers' deadlines where today's calendar differs from the holidays package alone."

    def handle(self, *args, **options):
        new = workdays.load_calendar()
        old = workdays.WorkingCalendar(overrides=new.overrides, without_legal_basis=frozenset())
        span = Dossier.objects.open().aggregate(first=Min("received_at"), last=Max("due_at"))
        if span["first"] is None:
            self.stdout.write("No open dossiers.")
            return
        day, last = timezone.localdate(span["first"]), timezone.localdate(span["last"])
        dates = []
        while day <= last:
            if old.is_working_day(day) is not new.is_working_day(day):
                dates.append(day)
            day += dt.timedelta(days=1)
        reason = gettext(
            "Working-day calendar updated: the government's holiday decisions applied, and holidays without a "
            "legal basis left out (%(dates)s)."
        ) % {"dates": ", ".join(f"{d:%d/%m/%Y}" for d in dates)}
        result = deadlines_recompute_for_calendar_change(dates=dates, old=old, new=new, reason=reason)
        self.stdout.write(
            f"Dates that differ: {len(dates)}; deadlines moved: {len(result.moved)}; "
            f"left for a person to check: {len(result.unexplained)} {' '.join(result.unexplained)}"
        )
