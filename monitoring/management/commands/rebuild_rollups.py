"""Recompute the supervision rollups from the dossiers (after a bulk load that bypassed Dossier.save)."""

import time

from django.core.management.base import BaseCommand

from monitoring.rollups.services import rollups_rebuild


class Command(BaseCommand):
    help = "Recompute every supervision rollup row from the dossiers."

    def handle(self, *args, **options):
        started = time.monotonic()
        rebuilt = rollups_rebuild()
        self.stdout.write(
            f"Rebuilt {rebuilt['flows']:,} flow rows and {rebuilt['open_stock']:,} open-stock rows "
            f"in {time.monotonic() - started:.1f} s."
        )
