"""Settings for the one-stop center portal, all driven by environment variables.

With nothing set, the portal runs embedded: SQLite under var/ and Celery on kombu's filesystem
transport (no server). In production set DATABASE_URL, REDIS_URL and SECRET_KEY.
"""

import datetime as dt
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Where the embedded setup keeps its files (SQLite database, filesystem broker, beat schedule); tests that
# start their own worker point it at a scratch folder.
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(exist_ok=True)

# Turns on Django's debug pages; never in production.
DEBUG = env.bool("DEBUG", default=False)
# Signs sessions and tokens; production must set its own long random value.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789abcdef")
# Host names the portal answers to, comma-separated.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
# Origins trusted for CSRF on HTTPS, comma-separated (e.g. https://dichvucong.example.gov.vn).
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- HTTPS and browser security. With HTTPS=1, DEBUG=0, a real SECRET_KEY and ALLOWED_HOSTS,
# `manage.py check --deploy` reports nothing. Off by default so `make run` works on http://127.0.0.1:8000.
# The portal is reached only over HTTPS (directly or through a proxy that terminates TLS).
HTTPS = env.bool("HTTPS", default=False)
# Session and CSRF cookies only over HTTPS.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=HTTPS)
# Redirect http:// to https://; /healthz is exempt, load balancers probe it over plain http.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS: seconds browsers refuse plain http once they have seen the portal over https (one year).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
# Consent to browsers' HSTS preload lists; it has an effect only once the domain is submitted to them.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
# Set when a proxy terminates TLS and sets X-Forwarded-Proto (overwriting any the client sent); not
# needed when that proxy runs on the same machine as gunicorn (gunicorn itself trusts 127.0.0.1).
if env.bool("TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Cookies: the session is out of scripts' reach; a staff session ends after a working day (seconds).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
# Headers on every answer (the Content-Security-Policy is set elsewhere): no MIME sniffing, never in a
# frame, the referrer only to ourselves, a browsing context of our own.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles, fonts and requests only from the portal itself,
# no inline script, no framing. Inline style attributes stay allowed (layout only; scripts cannot run).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files served from here: /api/docs/ works offline
    "center.apps.AxesConfig",  # django-axes, login brute-force protection (AXES_* below)
    "mozilla_django_oidc",  # citizens' sign-in with OpenID Connect (OIDC_* below)
    "center",
    "procedures",
    "counters",
    "dossiers",
    "dossiers.payments",  # fees, payments, receipts (its own tables; label "payments")
    "dossiers.archive",  # dossiers closed years ago, moved out of the live tables (label "archive")
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "center.middleware.RejectNullCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Nothing served to a signed-in user is stored by a browser or proxy (personal data).
    "center.no_store.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A limit refusal a page view left unanswered: the 429 page saying how long to wait (center/handlers.py).
    "center.handlers.LimitRefusalMiddleware",
    # Answers a login refused for its address (center/lockout.py) with the locked-out page.
    "center.lockout.LoginAddressLimitMiddleware",
    # Answers a locked-out login with AXES_LOCKOUT_CALLABLE's page; django-axes wants it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "center.urls"
# A form refused for its CSRF token gets the portal's 403 page saying what to do (center/handlers.py).
CSRF_FAILURE_VIEW = "center.handlers.csrf_failure"
WSGI_APPLICATION = "center.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "center.context_processors.center",
            ],
        },
    },
]

# Widgets render through the templates above, so templates/admin/widgets/ can show the admin's date
# format next to every date box (as center/dates.py does on the portal's own pages).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database; default is the embedded SQLite file used by `make run`.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Seconds a PostgreSQL connection is kept open between requests.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`: the web process and the Celery worker write to one file. WAL lets each read while the other
    # writes; synchronous=NORMAL is safe under WAL (a power cut may lose the last commits, never corrupt).
    # IMMEDIATE takes the write lock when a transaction begins, so a writer waits its turn (up to `timeout`
    # seconds) instead of failing with "database is locked" when a transaction that began by reading tries
    # to write after another process wrote (SQLite cannot wait in that case: its snapshot is stale).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Behind PgBouncer in transaction pooling mode: server-side cursors (the chunked iterators of the exports)
# cannot outlive the transaction PgBouncer gives a server connection for, so turn them off (README: PgBouncer).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DB_DISABLE_SERVER_SIDE_CURSORS", default=False)
# A PostgreSQL streaming replica (hot standby) the supervision pages, exports, reports and the public board
# read from (center/db_router.py); writes and everything read-then-written stay on DATABASE_URL.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "DISABLE_SERVER_SIDE_CURSORS": DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"],
        # A replica machine that is gone must not hold a page: give up connecting after 2 s (then the primary).
        "OPTIONS": {"connect_timeout": 2},
        # Tests never create a database of their own for it: it is the default database.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["center.db_router.ReplicaRouter"]
# Seconds the replica may be behind the primary before its readers fall back to the primary.
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=30)
# Seconds a web or worker process trusts its last check of the replica (one small query) before checking again.
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=5)

# The supervision rollups (monitoring/rollups) move with every dossier's save. Off only to measure what
# they cost (bench/); with it off the tables fall behind until `manage.py rebuild_rollups`.
ROLLUPS_MAINTAINED = env.bool("ROLLUPS_MAINTAINED", default=True)
# The dossier archive (dossiers/archive): dossiers closed more than this many years ago are the ones
# `manage.py archive_dossiers --years` (and the monthly task) moves out of the live tables; kept, not deleted.
ARCHIVE_AFTER_YEARS = env.int("ARCHIVE_AFTER_YEARS", default=5)
# Whether Celery beat archives them by itself once a month (off: an administrator runs the command).
ARCHIVE_MONTHLY = env.bool("ARCHIVE_MONTHLY", default=False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login brute-force protection (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one username
# from one client address, that pair is refused for LOGIN_COOLOFF_MINUTES. By username and address
# together: staff behind the center's one public address do not lock each other out, and a stranger
# cannot lock a colleague out from elsewhere. Attempts are database rows, shared by every web process.
# Guessing across many usernames from one address: past LOGIN_ADDRESS_FAILURE_LIMIT wrong logins within
# 15 minutes, that address may not log in for LOGIN_COOLOFF_MINUTES (center/lockout.py); high enough that
# staff behind the center's one public address do not reach it by their own mistakes.
AUTHENTICATION_BACKENDS = [
    "center.lockout.AddressLimitBackend",
    "axes.backends.AxesStandaloneBackend",
    "center.citizens.backends.StaffBackend",
    # Citizens sign in only through the identity provider (OIDC_* below), never with a password.
    "center.citizens.backends.CitizenOidcBackend",
]
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "center.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "center.lockout.login_locked_out"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-landing"  # directors to the dashboard, other staff to their worklists
LOGOUT_REDIRECT_URL = "home"

# --- Citizens' sign-in: OpenID Connect, authorization code with PKCE (center/citizens/), through the
# province's identity provider (nationally: VNeID single sign-on through the national public service portal).
# Unset OIDC_ISSUER: the local demo provider (scripts/idp/, started by `make run` at LOCAL_IDP_URL).
LOCAL_IDP_URL = env("LOCAL_IDP_URL", default="http://127.0.0.1:8400")
# The provider's issuer; each endpoint below defaults to the provider's usual path under it.
OIDC_ISSUER = env("OIDC_ISSUER", default="")
_OIDC_BASE = (OIDC_ISSUER or f"{LOCAL_IDP_URL}/o").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", default=f"{_OIDC_BASE}/authorize/")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", default=f"{_OIDC_BASE}/token/")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", default=f"{_OIDC_BASE}/userinfo/")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", default=f"{_OIDC_BASE}/.well-known/jwks.json")
# Where sign-out continues at the provider (RP-initiated logout); empty: sign out of the portal only.
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT", default=f"{_OIDC_BASE}/logout/")
# The portal's client registration at the provider (the local provider's by default).
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", default="mot-cua-portal-local")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", default="local-portal-secret-not-for-production")
# ID tokens signed with the provider's RSA key, checked against its published keys (JWKS).
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid profile email phone")
# The claims that carry the person's full name and 12-digit personal identification number (CCCD).
OIDC_CLAIM_NAME = env("OIDC_CLAIM_NAME", default="name")
OIDC_CLAIM_ID_NUMBER = env("OIDC_CLAIM_ID_NUMBER", default="citizen_id")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for the provider's sign-out (id_token_hint)
OIDC_AUTHENTICATION_CALLBACK_URL = "citizen-oidc-callback"
# Seconds to wait for the provider's token, user-info and key endpoints.
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)

# Interface in Vietnamese by default, English on request; times stored in UTC, shown in local time.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates typed and shown day first in every interface language, ISO accepted too (center/formats).
FORMAT_MODULE_PATH = ["center.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Files served at the site's root by WhiteNoise: /favicon.ico, which browsers ask for on their own.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# Files the portal makes and keeps (the periodic reports, monitoring/reports): this folder, which several web
# and worker machines must share; or an object store in STORAGES["default"] instead (README: Deployment).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Dossiers' files (dossiers/documents/): scanned components and electronic results.
# Where the files are kept: the filesystem under VAR_DIR/documents by default; an S3-compatible object store
# (several web machines) when DOCUMENTS_S3_BUCKET is set. Never at a public URL: the portal serves each file
# through a view that checks permission and records the access.
DOCUMENTS_DIR = Path(env("DOCUMENTS_DIR", default=str(VAR_DIR / "documents")))
# The object store's bucket; empty: the filesystem.
DOCUMENTS_S3_BUCKET = env("DOCUMENTS_S3_BUCKET", default="")
if DOCUMENTS_S3_BUCKET:
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            # Any S3-compatible store (MinIO, Ceph, a provider's): its address; empty: AWS itself.
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            # Keys; empty: boto3 finds them itself (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, an instance role).
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            # Objects under this prefix of the bucket.
            "location": env("DOCUMENTS_S3_PREFIX", default="documents"),
            "default_acl": "private",
            "file_overwrite": False,
            # A file read back (to serve or scan it) spills to a temporary file past 1 MB, never held whole.
            "max_memory_size": 1024 * 1024,
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DOCUMENTS_DIR), "base_url": None, "file_permissions_mode": 0o600},
    }
# Limits on what is attached: bytes per file, bytes per dossier (all its files), pages per PDF.
DOCUMENTS_MAX_FILE_BYTES = env.int("DOCUMENTS_MAX_FILE_BYTES", default=20 * 1024 * 1024)
DOCUMENTS_MAX_DOSSIER_BYTES = env.int("DOCUMENTS_MAX_DOSSIER_BYTES", default=200 * 1024 * 1024)
DOCUMENTS_MAX_PDF_PAGES = env.int("DOCUMENTS_MAX_PDF_PAGES", default=200)
# The malware scanner (dossiers/documents/scanning.py): a class with scan(stream); ClamAV's clamd by default.
DOCUMENTS_SCANNER = env("DOCUMENTS_SCANNER", default="dossiers.documents.scanning.ClamdScanner")
# clamd's address: a Unix socket path, or tcp://host:port for a clamd on another machine.
CLAMD_SOCKET = env("CLAMD_SOCKET", default=str(VAR_DIR / "clamav" / "clamd.sock"))
# Seconds to wait for clamd's answer on one file.
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=60)
# A file that could not be scanned (clamd down) is asked about again after this many seconds, doubling each
# time up to DOCUMENTS_SCAN_RETRY_MAX_SECONDS; until then nobody but its uploader may open it.
DOCUMENTS_SCAN_RETRY_BASE_SECONDS = env.int("DOCUMENTS_SCAN_RETRY_BASE_SECONDS", default=30)
DOCUMENTS_SCAN_RETRY_MAX_SECONDS = env.int("DOCUMENTS_SCAN_RETRY_MAX_SECONDS", default=3600)
# Uploads larger than this are written to a temporary file as they arrive, never held in memory whole, and
# no more of a file than DOCUMENTS_MAX_FILE_BYTES is written (dossiers/documents/uploads.py).
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=256 * 1024)
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "dossiers.documents.uploads.LimitedTemporaryFileUploadHandler",
]

# Cache: Redis when REDIS_URL is set (shared by all web processes), else local memory.
REDIS_URL = env("REDIS_URL", default="")
# After Redis failed to answer (1 s), seconds a process goes without it before asking again: requests then
# do without the cache and leave notifications to the outbox flush instead of each waiting (center/redis_guard.py).
REDIS_RETRY_AFTER_SECONDS = env.float("REDIS_RETRY_AFTER_SECONDS", default=5)
# A Redis that hangs must cost a request one second at most: public pages then do without the cache
# (center/cache.py). Its commands take well under a millisecond.
_REDIS_CLIENT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    "pool_class": "center.redis_guard.GuardedConnectionPool",
}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "center.cache.RedisCache", "LOCATION": REDIS_URL, "OPTIONS": _REDIS_CLIENT_OPTIONS},
        # What only saves time: an outage makes it a miss, never an error (center/cache.py).
        "optional": {
            "BACKEND": "center.cache.OptionalRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _REDIS_CLIENT_OPTIONS,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "optional": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "optional"},
    }

# Celery: Redis when REDIS_URL is set; otherwise kombu's filesystem transport under var/ (no server).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "celery-broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        # Broadcast (remote control) exchanges; kombu's default is ./control in the working directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        # Seconds between two looks at the folder: how long a task waits to start, and a stopping worker to go.
        "polling_interval": 0.2,
    }
    # The same transport, but a worker asked to stop stops waiting for messages (center/celery_broker.py).
    CELERY_BROKER_TRANSPORT = "center.celery_broker:Transport"
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Publishing a task after a commit (the outbox) must not hold the request on a Redis that hangs: kombu
    # waits forever by default. A publish that fails is logged and its notification sent by the flush.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 1, "socket_connect_timeout": 1}
# One attempt: Celery's default retries three times, reconnecting each time (5.6 s against a hung Redis).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Runs tasks inline (tests and one-off scripts); never in production.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Periodic tasks; each entry says why it runs.
CELERY_BEAT_SCHEDULE: dict = {}
# Supervision (monitoring/tasks.py): judge open dossiers' deadlines and raise near-due, overdue and
# escalation alerts; each sweep looks only at deadlines crossed since the last one.
CELERY_BEAT_SCHEDULE["deadline-sweep"] = {
    "task": "monitoring.tasks.deadline_sweep_task",
    "schedule": env.int("DEADLINE_SWEEP_EVERY_SECONDS", default=300),
}
# Supervision: deliver notifications still waiting in the outbox (broker or mail server was down, or a
# send failed and its backoff has run out).
# Forecast (monitoring/forecasts/tasks.py): refresh the predictions of open dossiers (refitting the curves
# once a day) and draft apology letters for those at risk; the sweep then raises "at risk" alerts.
CELERY_BEAT_SCHEDULE["forecast-refresh"] = {
    "task": "monitoring.forecasts.tasks.forecast_refresh_task",
    "schedule": env.int("FORECAST_REFRESH_EVERY_SECONDS", default=3600),
}
CELERY_BEAT_SCHEDULE["outbox-flush"] = {
    "task": "monitoring.tasks.outbox_flush_task",
    "schedule": env.int("OUTBOX_FLUSH_EVERY_SECONDS", default=60),
}
# Periodic reports (monitoring/reports): every night at 01:30 local time, make the report of each month,
# quarter and year that has closed and has none yet, and e-mail it to the directors (a report already made
# is left alone, so a missed night is caught up the next and a second beat doubles nothing).
CELERY_BEAT_SCHEDULE["periodic-reports"] = {
    "task": "monitoring.tasks.periodic_reports_task",
    "schedule": crontab(hour=1, minute=30),
}
# Supervision rollups (monitoring/rollups): every night at 01:10 local time, delete rows that counted down to
# zero and check the last two days against the dossiers (a difference is logged as an error, not mended).
CELERY_BEAT_SCHEDULE["rollups-nightly"] = {
    "task": "monitoring.tasks.rollups_nightly_task",
    "schedule": crontab(hour=1, minute=10),
}
# Dossier archive (dossiers/archive): on the 3rd of each month at 02:30 local time, move the dossiers closed
# more than ARCHIVE_AFTER_YEARS years ago to the archive (only when ARCHIVE_MONTHLY is set; idempotent).
if ARCHIVE_MONTHLY:
    CELERY_BEAT_SCHEDULE["archive-dossiers"] = {
        "task": "dossiers.archive.tasks.dossiers_archive_task",
        "schedule": crontab(day_of_month=3, hour=2, minute=30),
    }
# Payments (dossiers/payments): ask the gateway about online payments whose notification has not come after
# PAYMENT_RECONCILE_AFTER_MINUTES, and give up on them (not paid) after PAYMENT_EXPIRE_AFTER_MINUTES.
CELERY_BEAT_SCHEDULE["payments-reconcile"] = {
    "task": "dossiers.payments.tasks.payments_reconcile_task",
    "schedule": env.int("PAYMENT_RECONCILE_EVERY_SECONDS", default=300),
}
# Appointments (counters/tasks.py): release bookings not checked in APPOINTMENT_RELEASE_AFTER_MINUTES after
# their slot began, so their priority and capacity go back to walk-ins.
CELERY_BEAT_SCHEDULE["appointment-release"] = {
    "task": "counters.tasks.appointment_release_no_shows_task",
    "schedule": env.int("APPOINTMENT_RELEASE_EVERY_SECONDS", default=120),
}
# Queue waits (counters/rollups.py): every night at 00:20 local time, count the days just closed per service
# group, so the dashboard's average wait reads one row per group and day; days not yet counted (today, or a
# missed night) are read live from the tickets, so the figures are never stale, only slower if it stops.
CELERY_BEAT_SCHEDULE["ticket-days"] = {
    "task": "counters.tasks.ticket_days_keep_task",
    "schedule": crontab(hour=0, minute=20),
}

# Files waiting for a malware scan (clamd was down): ask again those whose backoff has run out.
CELERY_BEAT_SCHEDULE["document-scan-sweep"] = {
    "task": "dossiers.documents.tasks.document_scan_sweep_task",
    "schedule": env.int("DOCUMENTS_SCAN_SWEEP_EVERY_SECONDS", default=60),
}
# Online filings waiting at the counter past their check time (ONLINE_FILING_CHECK_WORKING_DAYS): one alert
# each (monitoring.tasks.online_filing_check_sweep_task).
CELERY_BEAT_SCHEDULE["online-filing-check-sweep"] = {
    "task": "monitoring.tasks.online_filing_check_sweep_task",
    "schedule": env.int("ONLINE_FILING_CHECK_SWEEP_EVERY_SECONDS", default=300),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's own three, with a JSON parser that answers 400 to a body nested too deeply (center/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "center.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "center.exceptions.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Load protection per client address for views with throttle_scope = "public" (center/throttles.py);
    # not a security control. PUBLIC_API_RATE: requests per second, minute, hour or day ("120/min").
    "DEFAULT_THROTTLE_CLASSES": ["center.throttles.PublicApiThrottle"],
    "DEFAULT_THROTTLE_RATES": {"public": env("PUBLIC_API_RATE", default="120/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "One-stop center portal API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "DESCRIPTION": (
        "API of the provincial one-stop public administration service center. Authentication: a session "
        "(the staff pages) or a token (`Authorization: Token <key>`, from `manage.py drf_create_token`). "
        "Roles are Django groups: counter staff, agency specialist, agency lead, center director, "
        "administrator; an agency's staff see and act on their own agency's dossiers only. Every error "
        "has the body `Error`: `detail` (a message in the user's language) and, for invalid input, "
        "`errors` (messages per field; a field inside a list or object named by its path, `missing.0`)."
    ),
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "center.schema.declare_refused_requests",
    ],
    # Swagger UI from drf-spectacular-sidecar's copy, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choices used by several fields (status, from_status, to_status; method, return_method): one component.
    "ENUM_NAME_OVERRIDES": {
        "DossierStatusEnum": "dossiers.workflow.DossierStatus",
        "ReturnMethodEnum": "dossiers.models.ReturnMethod",
    },
}

# The center as printed on slips.
CENTER_NAME = env("CENTER_NAME", default="Trung tâm Phục vụ hành chính công tỉnh")
# The provincial authority above the center, printed above its name on slips.
CENTER_PARENT = env("CENTER_PARENT", default="UBND TỈNH")
# Code of the receiving unit, used in dossier codes (e.g. H56.12-261123-0042).
CENTER_UNIT_CODE = env("CENTER_UNIT_CODE", default="H56.12")
# Public address of the portal, used in QR codes on printed slips.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# Local time at which the office opens: a dossier filed on a day off starts its clock then, next working day.
OFFICE_OPENS_AT = env("OFFICE_OPENS_AT", default="07:30")
# The office's lunch break and closing time (local): with OFFICE_OPENS_AT, the hours in which staff receive,
# hand over, resolve and return dossiers (the demo data keeps every act of a person inside them).
OFFICE_LUNCH = env("OFFICE_LUNCH", default="11:30-13:00")
OFFICE_CLOSES_AT = env("OFFICE_CLOSES_AT", default="17:00")
# Dossiers received after this local time are handed to the agency on the next working day (Decree
# 61/2018/NĐ-CP art. 19(1)(b): "sau 15 giờ"); received at or before it, by the end of the same working day.
HANDOVER_CUTOFF = env("HANDOVER_CUTOFF", default="15:00")
# Local time by which a dossier received after HANDOVER_CUTOFF must reach the agency on the next working day.
# The decree says "đầu giờ ngày làm việc tiếp theo" (at the start of the next working day); the default
# reads it as the morning session (until 11:30); a stricter center sets e.g. 08:30.
HANDOVER_NEXT_DAY_BY = env("HANDOVER_NEXT_DAY_BY", default="11:30")
# Working days to handle a citizen's feedback (phản ánh, kiến nghị), counted from receipt or the last forwarding,
# as the national scorecard counts them (DOMAIN.md): refuse within 2, ask the sender for more within 5, answer
# within 15. (Decree 20/2008/NĐ-CP alone allowed 10 for the answer: set 10 here to follow it instead.)
FEEDBACK_REFUSE_DAYS = env.int("FEEDBACK_REFUSE_DAYS", default=2)
FEEDBACK_INFO_REQUEST_DAYS = env.int("FEEDBACK_INFO_REQUEST_DAYS", default=5)
FEEDBACK_ANSWER_DAYS = env.int("FEEDBACK_ANSWER_DAYS", default=15)
# Reverse proxies in front of the portal that append the client's address to X-Forwarded-For (0: none);
# rate limits count per client address, so behind a proxy this must be set or all clients look alike.
RATELIMIT_PROXY_COUNT = env.int("RATELIMIT_PROXY_COUNT", default=0)
# Failed public lookups (center/ratelimit.py public_lookup; README "Limits on public lookups"). Wrong secrets
# for one dossier code, from any address, answered before that code must wait (30 s, doubling with each
# further wrong secret up to an hour; forgotten after a day without one).
PUBLIC_LOOKUP_CODE_SLOW_AFTER = env.int("PUBLIC_LOOKUP_CODE_SLOW_AFTER", default=5)
# Failed lookups (any codes, feedback tracking codes) from one client address within an hour before that
# address is refused for an hour: far above what the honest people behind one hall or carrier address mistype.
PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER = env.int("PUBLIC_LOOKUP_ADDRESS_BLOCK_AFTER", default=300)
# Flood limits on the anonymous forms (counters/kiosk.py, monitoring/feedback_intake.py); a refusal is a
# 429 saying how long to wait, and writes nothing. Queue tickets a kiosk device registered in the admin
# may print per minute: 20 is one every 3 s without pause, several times the pace of the busiest hall.
KIOSK_DEVICE_TICKETS_PER_MINUTE = env.int("KIOSK_DEVICE_TICKETS_PER_MINUTE", default=20)
# Appointments (counters/booking.py): length of a bookable slot; the share of a slot's counter capacity
# offered to bookings (the rest stays for walk-ins); how many days ahead one may book; bookings per
# identity number and per phone number for one day (against hoarding); minutes after a slot's start
# before an appointment not checked in is released as a no-show.
APPOINTMENT_SLOT_MINUTES = env.int("APPOINTMENT_SLOT_MINUTES", default=30)
APPOINTMENT_SHARE = env.float("APPOINTMENT_SHARE", default=0.5)
APPOINTMENT_DAYS_AHEAD = env.int("APPOINTMENT_DAYS_AHEAD", default=14)
APPOINTMENTS_PER_PERSON_PER_DAY = env.int("APPOINTMENTS_PER_PERSON_PER_DAY", default=2)
APPOINTMENT_RELEASE_AFTER_MINUTES = env.int("APPOINTMENT_RELEASE_AFTER_MINUTES", default=15)
# A citizen who gave a phone number at the kiosk gets an SMS when this many people or fewer are ahead.
QUEUE_SMS_WHEN_AHEAD = env.int("QUEUE_SMS_WHEN_AHEAD", default=3)
# Tickets per 10 minutes from any other client address (an unregistered screen, a script, a phone):
# enough for a family taking a few numbers, little for a flood; register every kiosk of the hall.
KIOSK_ADDRESS_TICKETS_PER_10_MINUTES = env.int("KIOSK_ADDRESS_TICKETS_PER_10_MINUTES", default=5)
# Feedbacks one sender may send per hour, counted per phone number and per e-mail address.
FEEDBACK_PER_SENDER_PER_HOUR = env.int("FEEDBACK_PER_SENDER_PER_HOUR", default=3)
# Feedbacks per hour from one client address: a ceiling kept generous, as a hall's Wi-Fi or a mobile
# carrier puts many honest senders behind one address (a center receives a few feedbacks a day).
FEEDBACK_PER_ADDRESS_PER_HOUR = env.int("FEEDBACK_PER_ADDRESS_PER_HOUR", default=20)
# The same text from the same sender within this many minutes is the same feedback: the repeat gets the
# first one's tracking code and writes nothing.
FEEDBACK_REPEAT_MINUTES = env.int("FEEDBACK_REPEAT_MINUTES", default=60)
# Password-reset requests per hour from one client address, and for one e-mail address (center/accounts.py).
PASSWORD_RESET_PER_ADDRESS = env.int("PASSWORD_RESET_PER_ADDRESS", default=10)
PASSWORD_RESET_PER_EMAIL = env.int("PASSWORD_RESET_PER_EMAIL", default=3)

# Mail delivery (e.g. django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS). The default sends nothing: each mail becomes a log line with
# password-reset links masked (center/mail.py).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="center.mail.LogEmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# `make serve` refuses a backend that sends no mail (log, locmem) unless this is set: then no one receives
# a password-reset mail (the administrator sets new passwords) and notifications by e-mail are not sent.
ALLOW_CONSOLE_EMAIL = env.bool("ALLOW_CONSOLE_EMAIL", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@dichvucong.local")

# Online filings: working days the counter has to check a submitted filing and receive or refuse it (1: by
# the same time of the next working day; a filing on a day off counts from opening time of the next working
# day, as every deadline); the sweep raises an alert (monitoring) for each filing still unchecked past it.
ONLINE_FILING_CHECK_WORKING_DAYS = env.int("ONLINE_FILING_CHECK_WORKING_DAYS", default=1)
# Supervision: an open dossier is near-due when at most this many working days are left (DOMAIN.md: 1).
DEADLINE_NEAR_DUE_WORKING_DAYS = env.float("DEADLINE_NEAR_DUE_WORKING_DAYS", default=1.0)
# Supervision: an overdue dossier is escalated to the center director after this many working days late.
DEADLINE_ESCALATE_AFTER_WORKING_DAYS = env.float("DEADLINE_ESCALATE_AFTER_WORKING_DAYS", default=2.0)
# Forecast (monitoring/forecasts/): raise the "at risk" alert when the predicted probability of missing the
# deadline reaches this, while more than the near-due time is left.
FORECAST_AT_RISK_THRESHOLD = env.float("FORECAST_AT_RISK_THRESHOLD", default=0.5)
# Forecast: draft the apology and extension letter (Form 04) for a dossier at risk once fewer than this many
# working days are left, so it is issued before the deadline.
FORECAST_DRAFT_APOLOGY_WORKING_DAYS = env.float("FORECAST_DRAFT_APOLOGY_WORKING_DAYS", default=3.0)
# Forecast: the citizen's tracking page shows the expected date once this many comparable dossiers back it.
FORECAST_CONFIDENT_COMPARABLE = env.int("FORECAST_CONFIDENT_COMPARABLE", default=30)
# Forecast: refit the curves when the stored ones are older than this many hours.
FORECAST_REFIT_AFTER_HOURS = env.int("FORECAST_REFIT_AFTER_HOURS", default=24)
# Decision 766 scorecard (monitoring/scorecard/). Defaults follow the national portal; each is a rule its
# published description leaves open. Progress 2.1: compare the end of processing with the appointment as local
# dates (True) or as moments (False: the portal's synchronised NgayHenTra is a date and time, as our due_at).
SCORECARD_ON_TIME_BY_DATE = env.bool("SCORECARD_ON_TIME_BY_DATE", default=False)
# Progress 2.1: also take the time waiting for a payment (status 6) off, as the supplement time is (the
# portal's formula names only the supplement time).
SCORECARD_SUBTRACT_PAYMENT_WAIT = env.bool("SCORECARD_SUBTRACT_PAYMENT_WAIT", default=False)
# An indicator with nothing to count (denominator 0) shows N/A; give it full points (True) or none (False).
SCORECARD_FULL_POINTS_WHEN_EMPTY = env.bool("SCORECARD_FULL_POINTS_WHEN_EMPTY", default=False)
# Electronic certified copies from originals (chứng thực bản sao điện tử) offered: "yes", "no", or "" when
# nobody has declared it (the indicator is then not measured).
SCORECARD_ELECTRONIC_CERTIFIED_COPIES = env("SCORECARD_ELECTRONIC_CERTIFIED_COPIES", default="")
# Kept scorecard counts (monitoring.models.KeptScorecard): the scorecard, ranking and trend of a month,
# quarter or year still open show counts at most this many minutes old, or three times their recount's
# duration when that is longer (a year of many dossiers); older: counted live, and kept by a task.
SCORECARD_OPEN_MAX_AGE_MINUTES = env.int("SCORECARD_OPEN_MAX_AGE_MINUTES", default=10)
# Refresh the open month, quarter and year's counts twice per that bound, so a row is always younger than it
# when read (as long as a refresh takes less than half of it) and the pages never wait for a live count.
CELERY_BEAT_SCHEDULE["scorecards-refresh-open"] = {
    "task": "monitoring.tasks.scorecards_refresh_open_task",
    "schedule": max(60, SCORECARD_OPEN_MAX_AGE_MINUTES * 30),
}
# Just after local midnight, keep the counts of each month, quarter and year that has just closed (and any
# closed in the last 13 months still missing: a missed night is caught up); a kept closed period is final.
CELERY_BEAT_SCHEDULE["scorecards-keep-closed"] = {
    "task": "monitoring.tasks.scorecards_keep_closed_task",
    "schedule": crontab(hour=0, minute=10),
}
# Online payment (dossiers/payments/gateways): the gateway payments start with, and every gateway's class and
# options. The sandbox (scripts/paygate/server.py, started by `make run` and the tests) is one gateway among
# others; a real one (the national payment platform, a VNPAY-style gateway) is another entry here.
PAYMENT_GATEWAY = env("PAYMENT_GATEWAY", default="sandbox")
PAYMENT_GATEWAYS = {
    "sandbox": {
        "class": "dossiers.payments.gateways.sandbox.SandboxGateway",
        # Where the sandbox listens (Procfile.dev starts it on port 8010).
        "url": env("PAYGATE_URL", default="http://127.0.0.1:8010"),
        # The portal's merchant id at the sandbox, and the secret both sign their messages with (HMAC-SHA256).
        "merchant": env("PAYGATE_MERCHANT", default="TTHCC-DEMO"),
        "secret": env("PAYGATE_SECRET", default="sandbox-shared-secret-change-me"),
        # Seconds to wait for the gateway before telling the citizen it cannot be reached.
        "timeout": env.float("PAYGATE_TIMEOUT", default=5.0),
    },
}
# Reconciliation: minutes after which a pending online payment is asked about, and after which one the
# gateway still calls pending (or does not know) is given up as not paid.
PAYMENT_RECONCILE_AFTER_MINUTES = env.int("PAYMENT_RECONCILE_AFTER_MINUTES", default=15)
PAYMENT_EXPIRE_AFTER_MINUTES = env.int("PAYMENT_EXPIRE_AFTER_MINUTES", default=24 * 60)
# SMS gateway class (monitoring/sms.py): the console/log backend by default; any class with send(to, text).
SMS_BACKEND = env("SMS_BACKEND", default="monitoring.sms.ConsoleSmsBackend")
# Notification outbox: attempts before a message is given up, and the first retry delay (doubling each time).
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=30)
# Seconds a message may stay "being sent" before the flush flags it uncertain for a person (its worker
# stopped between the gateway call and recording it); longer than a delivery task may run (90 s).
OUTBOX_UNCERTAIN_AFTER_SECONDS = env.int("OUTBOX_UNCERTAIN_AFTER_SECONDS", default=600)
# Messages one outbox flush hands out to the workers (about what they can send before the next flush).
OUTBOX_FLUSH_LIMIT = env.int("OUTBOX_FLUSH_LIMIT", default=2000)

# Log lines on stderr: plain text (default, `make run`) or one JSON object per line (LOG_FORMAT=json, for
# a log collector), with named events as messages (`dossier_receive`, `personal_data_access`, ...) and
# their `extra` fields. Every record passes center.logs.MaskPersonalData: no ID or phone number in logs.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "center.logs.MaskPersonalData"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["personal_data"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # runserver's request lines carry query strings: through the masking handler as well.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
# Celery workers and beat keep this configuration instead of installing their own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
