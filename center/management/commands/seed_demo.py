import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from center.demo_users import DEMO_PASSWORD, DEMO_USERS, seed_demo_users
from counters.demo import seed_service_groups, seed_sites, seed_ticket_history
from counters.rollups import ticket_days_keep
from dossiers.demo import generate_dossiers
from dossiers.documents.demo import seed_demo_files
from dossiers.models import Dossier
from dossiers.online.demo import seed_online_filings
from dossiers.payments.demo import generate_payments
from monitoring.demo import generate_feedback
from monitoring.forecasts.services import forecast_refresh
from monitoring.rollups.services import rollups_rebuild
from procedures.demo import seed_master_data


class Command(BaseCommand):
    help = "Load the demo center: agencies, procedures, counters, users and 12 months of dossiers and feedback."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=5000, help="How many dossiers (default 5,000)")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; the same seed gives the same data")
        parser.add_argument("--append", action="store_true", help="Add dossiers even if some exist already")
        parser.add_argument(
            "--no-online-filings",
            action="store_true",
            help="Leave out the demo citizens' online filings (made now, with files, through the services)",
        )

    def handle(self, *args, dossiers: int, seed: int, append: bool, no_online_filings: bool, **options):
        rng = random.Random(seed)
        started = time.monotonic()
        with transaction.atomic():
            seed_master_data(rng)
            seed_service_groups()
            seed_sites()
            staff = seed_demo_users()
        existing = Dossier.objects.count()
        if existing and not append:
            self.stdout.write(f"Demo dossiers already present ({existing:,}); none added (use --append to add).")
        elif dossiers > 0:
            self.stdout.write(f"Generating {dossiers:,} dossiers…")
            with transaction.atomic():
                made = generate_dossiers(count=dossiers, rng=rng, staff=staff, log=self.stdout.write)
                # About one feedback for every 40 dossiers, as the scorecard's satisfaction rows expect some.
                feedback = generate_feedback(count=max(15, made // 40), rng=rng, staff=staff)
                generate_payments(rng=rng, staff=staff, log=self.stdout.write)

            # The latest dossiers with scanned documents and electronic results (dossiers/documents/demo.py).
            with_files = seed_demo_files(rng=rng)
            # The forecast (monitoring/forecasts): fitted on the new history, so pages show it at once.
            predicted = forecast_refresh(refit=True).predicted
            took = time.monotonic() - started
            self.stdout.write(
                f"Made {made:,} dossiers ({with_files} of them with files) and {feedback:,} feedback in {took:.1f} s."
            )
            self.stdout.write(f"Forecast fitted; {predicted:,} open dossiers predicted.")
        # The local identity provider's demo citizens with their online filings (once), files and results.
        online = 0 if no_online_filings else seed_online_filings(rng=rng)
        if online:
            self.stdout.write(f"Made {online:,} online filings of the demo citizens (sign in at the local provider).")
        if dossiers > 0 or online:
            # The demo's history is written in bulk, past Dossier.save: the supervision rollups are counted anew.
            rollups_rebuild()
        with transaction.atomic():
            tickets = seed_ticket_history(rng, log=self.stdout.write)
        if tickets:
            # Also written in bulk: the closed days' queue waits are counted for the dashboard.
            ticket_days_keep(rebuild=True)
            self.stdout.write(f"Made {tickets:,} queue tickets of the sites' history.")
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}): " + ", ".join(u[0] for u in DEMO_USERS))
