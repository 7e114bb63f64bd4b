"""System checks of our own, run by `manage.py check --deploy` (and by scripts/serve.sh before starting)."""

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
