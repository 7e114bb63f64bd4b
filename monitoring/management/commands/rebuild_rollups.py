"""Recompute the supervision rollups from the dossiers and the queue's kept days from the tickets (after a
bulk load that bypassed Dossier.save, or past tickets loaded in bulk)."""

import time

from django.core.management.base import BaseCommand

from counters.rollups import ticket_days_keep
from monitoring.rollups.services import rollups_rebuild


class Command(BaseCommand):
    help = "Recompute every supervision rollup row from the dossiers, and the queue waits' days from the tickets."

    def handle(self, *args, **options):
        started = time.monotonic()
        rebuilt = rollups_rebuild()
        queue = ticket_days_keep(rebuild=True)
        self.stdout.write(
            f"Rebuilt {rebuilt['flows']:,} flow rows and {rebuilt['open_stock']:,} open-stock rows, and "
            f"{queue['rows']:,} queue-day rows, in {time.monotonic() - started:.1f} s."
        )
