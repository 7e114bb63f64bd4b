"""Compare the supervision rollups with the dossiers; exit status 1 when any row differs."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from monitoring.rollups.services import rollups_rebuild
from monitoring.rollups.verify import differences


class Command(BaseCommand):
    help = "Recompute the supervision rollups from the dossiers and report every difference."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=dt.date.fromisoformat, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", type=dt.date.fromisoformat, help="last day, YYYY-MM-DD")
        parser.add_argument("--repair", action="store_true", help="rebuild every table when something differs")

    def handle(self, *args, first, last, repair, **options):
        started = time.monotonic()
        found = differences(first, last)
        took = time.monotonic() - started
        for difference in found[:50]:
            self.stdout.write(str(difference))
        if len(found) > 50:
            self.stdout.write(f"… and {len(found) - 50:,} more")
        self.stdout.write(f"{len(found):,} differences ({took:.1f} s).")
        if found and repair:
            rebuilt = rollups_rebuild()
            self.stdout.write(f"Rebuilt: {rebuilt['flows']:,} flow rows, {rebuilt['open_stock']:,} open-stock rows.")
            return
        if found:
            raise CommandError("The rollups disagree with the dossiers.", returncode=1)
