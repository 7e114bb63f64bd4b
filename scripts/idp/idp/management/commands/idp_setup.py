"""Make the local identity provider ready, idempotently: its database, the demo citizens (password
Demo@2026 unless --password) and the portal registered as a confidential client (authorization code +
PKCE, RS256 ID tokens, no consent screen: the portal is the province's own service)."""

import json
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from oauth2_provider.models import Application

from idp.models import Citizen

DEMO_CITIZENS = Path(__file__).resolve().parents[3] / "demo_citizens.json"


class Command(BaseCommand):
    help = "Create the provider's database, its demo citizens and the portal as its client."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", default="mot-cua-portal-local")
        parser.add_argument("--client-secret", default="local-portal-secret-not-for-production")
        parser.add_argument(
            "--redirect-uri",
            action="append",
            help="Allowed sign-in return address (repeatable). 127.0.0.1 addresses match any port (RFC 8252).",
        )
        parser.add_argument("--password", default="Demo@2026")

    @transaction.atomic
    def _setup(self, options):
        redirect_uris = options["redirect_uri"] or [
            "http://127.0.0.1:8000/dang-nhap/oidc/callback/",
            "http://localhost:8000/dang-nhap/oidc/callback/",
        ]
        logout_uris = sorted({uri.split("/dang-nhap/")[0] + "/" for uri in redirect_uris})
        app = Application.objects.filter(client_id=options["client_id"]).first() or Application(
            client_id=options["client_id"]
        )
        app.name = "Cổng dịch vụ công của tỉnh"
        app.client_type = Application.CLIENT_CONFIDENTIAL
        app.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
        app.algorithm = Application.RS256_ALGORITHM
        app.skip_authorization = True
        app.redirect_uris = " ".join(redirect_uris)
        app.post_logout_redirect_uris = " ".join(logout_uris)
        app.client_secret = options["client_secret"]  # hashed on save
        app.save()
        for person in json.loads(DEMO_CITIZENS.read_text()):
            user, _ = User.objects.get_or_create(username=person["id_number"])
            user.email = person["email"]
            user.set_password(options["password"])
            user.save()
            Citizen.objects.update_or_create(
                user=user,
                defaults={"full_name": person["name"], "phone": person["phone"], "birth_date": person["birth_date"]},
            )

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0, interactive=False)
        self._setup(options)
        self.stdout.write("identity provider ready")
