import datetime as dt
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dossiers.archive.services import BATCH, dossiers_archive
from dossiers.archive.tasks import years_ago


class Command(BaseCommand):
    help = (
        "Move dossiers whose lifecycle ended (returned, stopped, withdrawn, not received) before a date to the "
        "archive. No figure of the supervision pages changes (verify_rollups still finds none)."
    )

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--closed-before", type=dt.date.fromisoformat, help="YYYY-MM-DD (local day)")
        when.add_argument(
            "--years", type=int, help=f"closed more than N years ago (default {settings.ARCHIVE_AFTER_YEARS})"
        )
        parser.add_argument("--batch", type=int, default=BATCH, help="dossiers per transaction")
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, closed_before, years, batch, dry_run, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        if closed_before is None:
            closed_before = years_ago(years if years is not None else settings.ARCHIVE_AFTER_YEARS)
        started = time.monotonic()
        found = dossiers_archive(closed_before=closed_before, batch=batch, dry_run=dry_run)
        seconds = time.monotonic() - started
        verb = "would archive" if dry_run else "archived"
        rate = f", {found['archived'] / seconds:,.0f}/s" if found["archived"] and seconds else ""
        self.stdout.write(
            f"Closed before {closed_before}: {verb} {found['archived']:,} dossiers in {found['batches']} batches "
            f"({seconds:.1f} s{rate}); {found['kept']:,} kept live (a live dossier reused one of their files)."
        )
