"""Settings of the local identity provider. Its state (SQLite database, RSA signing key) lives in IDP_DIR
(default var/idp/ of the repository), so it is kept between `make run`s and a test can have its own."""

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

REPOSITORY = Path(__file__).resolve().parents[3]
IDP_DIR = Path(os.environ.get("IDP_DIR", REPOSITORY / "var" / "idp"))
IDP_DIR.mkdir(parents=True, exist_ok=True)


def _signing_key() -> str:
    """The provider's RSA key for ID tokens (RS256), made once and kept in IDP_DIR."""
    path = IDP_DIR / "oidc-signing-key.pem"
    if not path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        path.write_bytes(pem)
        path.chmod(0o600)
    return path.read_text()


DEBUG = False
SECRET_KEY = os.environ.get("IDP_SECRET_KEY", "local-identity-provider-only-not-for-production-0123456789")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oauth2_provider",
    "idp",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": IDP_DIR / "idp.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The provider's own session cookie: on 127.0.0.1 it would otherwise overwrite the portal's (same host).
SESSION_COOKIE_NAME = "idp_sessionid"
CSRF_COOKIE_NAME = "idp_csrftoken"
LOGIN_URL = "login"
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
LANGUAGE_CODE = "vi"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _signing_key(),
    # Authorization code with PKCE only (RFC 7636), as the national single sign-on requires of its clients.
    "PKCE_REQUIRED": True,
    # A portal on this machine may answer on any port (RFC 8252 loopback redirects), "localhost" included.
    "ALLOW_LOCALHOST_LOOPBACK": True,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OAUTH2_VALIDATOR_CLASS": "idp.claims.CitizenClaims",
    "SCOPES": {
        "openid": "Sign-in",
        "profile": "Name and personal identification number",
        "email": "E-mail address",
        "phone": "Phone number",
    },
    "DEFAULT_SCOPES": ["openid"],
}
