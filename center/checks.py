"""System checks of our own, run by `manage.py check --deploy` (and by scripts/serve.sh before starting)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

DEVELOPMENT_KEY_PREFIX = "dev-only-insecure-key"


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    """Django's own check accepts the long development default; production must have its own key."""
    if settings.SECRET_KEY.startswith(DEVELOPMENT_KEY_PREFIX):
        return [
            Error(
                "SECRET_KEY is the development key from center/settings.py.",
                hint="Set SECRET_KEY to a long random value, e.g. "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="center.E001",
            )
        ]
    return []


# Backends that deliver no mail. Django's console backend also writes each mail, password-reset links
# included, unmasked to stdout: under `make serve` that is the production log.
CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"
UNSENT_EMAIL = {"center.mail.LogEmailBackend", "django.core.mail.backends.locmem.EmailBackend"}


@register(Tags.security, deploy=True)
def email_is_sent(app_configs, **kwargs):
    """Production sends mail (password resets, notifications), or says explicitly that it does not."""
    if settings.EMAIL_BACKEND == CONSOLE_EMAIL:
        return [
            Error(
                "EMAIL_BACKEND is Django's console backend: it writes every mail, password-reset links "
                "included, into the log, where anyone who reads the log can take over the account.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST (README: "
                "Deployment); or, to send no mail, leave EMAIL_BACKEND unset and set ALLOW_CONSOLE_EMAIL=1.",
                id="center.E002",
            )
        ]
    if settings.EMAIL_BACKEND in UNSENT_EMAIL and not settings.ALLOW_CONSOLE_EMAIL:
        return [
            Error(
                f"EMAIL_BACKEND {settings.EMAIL_BACKEND} sends no mail: no one receives a password-reset "
                "mail or a notification by e-mail.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST (README: "
                "Deployment), or ALLOW_CONSOLE_EMAIL=1 to run without mail on purpose.",
                id="center.E003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def public_base_url_is_https(app_configs, **kwargs):
    """Slips' QR codes and SMS texts carry PUBLIC_BASE_URL: the default (this machine, plain http) sends
    citizens nowhere, and a plain http address would carry their lookup secret unencrypted."""
    url = urlsplit(settings.PUBLIC_BASE_URL)
    if url.scheme != "https" or not url.hostname or url.hostname in ("localhost", "127.0.0.1", "::1"):
        return [
            Error(
                f"PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL!r}: slips and SMS texts would point there.",
                hint="Set PUBLIC_BASE_URL to the portal's public https address, e.g. "
                "https://dichvucong.example.gov.vn.",
                id="center.E004",
            )
        ]
    return []
