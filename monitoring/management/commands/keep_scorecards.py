"""Keep the scorecard counts of every closed month, quarter and year not kept yet (monitoring.models.
KeptScorecard): for a new database, or one loaded with history (beat then keeps each period as it closes)."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from counters.models import Site
from dossiers.models import Dossier
from monitoring.scorecard.services import scorecards_keep_closed


class Command(BaseCommand):
    help = "Compute and keep the scorecard counts of the closed months, quarters and years not kept yet."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="First month, YYYY-MM (default: the month of the first dossier received)")
        parser.add_argument("--site", help="Only this site's counts (its code); default: all sites and each site")
        parser.add_argument(
            "--recompute", action="store_true", help="Write the counts again even for periods already kept"
        )

    def handle(self, *args, since: str | None, site: str | None, recompute: bool, **options):
        if since:
            try:
                first = dt.date.fromisoformat(f"{since}-01")
            except ValueError as error:
                raise CommandError("--since is a month: YYYY-MM") from error
        else:
            oldest = Dossier.objects.filter(received_at__isnull=False).order_by("received_at").first()
            if oldest is None:
                self.stdout.write("No dossier received yet: nothing to keep.")
                return
            first = timezone.localdate(oldest.received_at).replace(day=1)
        site_ids = None
        if site:
            found = Site.objects.filter(code=site).first()
            if found is None:
                raise CommandError(f"No site has the code {site!r}.")
            site_ids = [found.pk]
        started = time.monotonic()
        rows = scorecards_keep_closed(since=first, site_ids=site_ids, recompute=recompute)
        periods = len({(row.kind, row.first) for row in rows})
        self.stdout.write(
            f"Kept {len(rows)} scorecard count row(s) for {periods} closed period(s) since {first:%Y-%m} "
            f"in {time.monotonic() - started:.1f} s."
        )
