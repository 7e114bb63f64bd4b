from django.core.management.base import BaseCommand, CommandError

from center.errors import DomainError
from dossiers.archive.services import dossier_restore


class Command(BaseCommand):
    help = "Put an archived dossier back in the live tables, as it was (its figures do not move)."

    def add_arguments(self, parser):
        parser.add_argument("code")

    def handle(self, *args, code, **options):
        try:
            dossier = dossier_restore(code=code)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"Restored {dossier.code}.")
