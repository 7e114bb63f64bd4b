from django.core.management.base import BaseCommand

from monitoring.services import deadline_sweep


class Command(BaseCommand):
    help = "Run one deadline sweep now (near-due, overdue and escalation alerts), as the beat task does."

    def handle(self, *args, **options):
        result = deadline_sweep()
        if result.skipped:
            self.stdout.write("Another sweep is running; this one did nothing.")
            return
        alerts = ", ".join(f"{kind} {count}" for kind, count in result.alerts.items())
        self.stdout.write(
            f"{'First sweep' if result.first else 'Sweep'}: {result.candidates} dossiers looked at "
            f"({result.rechecked} rechecked after a pause), alerts raised: {alerts}; "
            f"{result.messages} notifications queued; {result.duration_ms} ms."
        )
