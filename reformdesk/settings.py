"""ReformDesk settings: one module, every value read from the environment.

Development is the default. ``REFORMDESK_ENV=production`` turns on the production checks: the
process refuses to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``, cookies become secure and
the Content-Security-Policy header is sent.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from reformdesk.conf import (
    ConfigError,
    env_bool,
    env_fernet_keys,
    env_int,
    env_list,
    env_str,
    parse_database_url,
    sqlite_settings,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("REFORMDESK_VAR_DIR", str(BASE_DIR / "var")))

# pytest (8.2+) announces itself in PYTEST_VERSION, read here because pytest-django imports the
# settings before any conftest could set REFORMDESK_ENV.
ENVIRONMENT = env_str("REFORMDESK_ENV", "test" if "PYTEST_VERSION" in os.environ else "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ConfigError(f"REFORMDESK_ENV must be development, production or test, got {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ConfigError("DEBUG must be off in production")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ConfigError("SECRET_KEY is required in production")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS is required in production (comma-separated host names)")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "reformdesk.core",
    "reformdesk.org",
    "reformdesk.worktime",
    "reformdesk.catalog",
    "reformdesk.dossiers",
    "reformdesk.notifications",
    "reformdesk.surveys",
    "reformdesk.feedback",
    "reformdesk.assignments",
    "reformdesk.documents",
    "reformdesk.attendance",
    "reformdesk.inspections",
    "reformdesk.emulation",
    "reformdesk.scoring",
    "reformdesk.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reformdesk.core.middleware.PrivateNoStoreMiddleware",
    "reformdesk.core.middleware.TwoFactorMiddleware",
    "reformdesk.core.middleware.SessionExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "reformdesk.core.middleware.NulMiddleware",
    "reformdesk.core.middleware.RequestContextMiddleware",
    "reformdesk.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "reformdesk.urls"
WSGI_APPLICATION = "reformdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "reformdesk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "reformdesk.core.context_processors.shell",
                "reformdesk.org.context_processors.units",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": parse_database_url(DATABASE_URL)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": sqlite_settings(str(VAR_DIR / "reformdesk.sqlite3"))}
# SQLite's test database lives in memory, where a second connection locks instead of waiting. The
# tests that race several connections (documents/tests/test_concurrency.py) run themselves again
# in a child pytest with a file given here, so that they hold on SQLite too and not only on PostgreSQL.
TEST_SQLITE_FILE = env_str("REFORMDESK_TEST_SQLITE_FILE")
if TEST_SQLITE_FILE and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": TEST_SQLITE_FILE}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
# Rate limits and login throttling must be shared by every worker process: the database cache
# does that with no extra service; REDIS_URL switches to Redis where one is available.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "portal": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 600,
        },
        "catalog": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "core_cache"},
        # Counting every public request in the database would cost two write transactions per request;
        # without Redis each worker process counts on its own (the limit then holds per process).
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
        # Public pages built from the catalog, per process; their keys carry the catalog version,
        # kept in "catalog", so a catalog write reaches every process (catalog/cache.py).
        "portal": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        # The catalog version, read on every public search: with SQLite (one host) a file that
        # every process reads without opening the database; else the database cache.
        "catalog": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "core_cache"}
        if DATABASE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "catalog"),
        },
    }

# --- Background tasks -------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Authentication and sessions ----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:staff_home"
LOGOUT_REDIRECT_URL = "core:login"
SESSION_COOKIE_AGE = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600, minimum=60)
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60, minimum=1)
# A whole office often shares one public address, so the per-IP allowance is larger.
LOGIN_FAILURE_IP_LIMIT = env_int("LOGIN_FAILURE_IP_LIMIT", 4 * LOGIN_FAILURE_LIMIT, minimum=1)
PASSWORD_RESET_RATE_LIMIT = env_int("PASSWORD_RESET_RATE_LIMIT", 5, minimum=1)
PASSWORD_RESET_RATE_WINDOW_SECONDS = env_int("PASSWORD_RESET_RATE_WINDOW_SECONDS", 3600, minimum=60)
PASSWORD_RESET_TIMEOUT = 3600
# Fernet keys (urlsafe base64 of 32 bytes) for the TOTP secrets at rest; see core/crypto.py.
TOTP_ENCRYPTION_KEY = next(iter(env_fernet_keys("TOTP_ENCRYPTION_KEY")), "")
TOTP_ENCRYPTION_OLD_KEYS = env_fernet_keys("TOTP_ENCRYPTION_OLD_KEYS")

# --- Email --------------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ReformDesk <no-reply@localhost>")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# --- Notifications (e-mail and SMS to citizens) --------------------------------------------
# SMS_BACKEND: "file" (one JSON line per message in SMS_FILE_PATH; the default), "http" (an SMS
# gateway: POST to SMS_GATEWAY_URL with the key in SMS_GATEWAY_API_KEY_HEADER), or a class path.
_SMS_BACKENDS = {
    "file": "reformdesk.notifications.backends.FileSmsBackend",
    "http": "reformdesk.notifications.backends.HttpSmsBackend",
}
SMS_BACKEND = _SMS_BACKENDS.get(env_str("SMS_BACKEND", "file"), env_str("SMS_BACKEND", "file"))
if "." not in SMS_BACKEND:
    raise ConfigError(f"SMS_BACKEND must be file, http or a class path, got {SMS_BACKEND!r}")
SMS_FILE_PATH = Path(env_str("SMS_FILE_PATH", str(VAR_DIR / "sms" / "outbox.jsonl")))
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL")
SMS_GATEWAY_API_KEY = env_str("SMS_GATEWAY_API_KEY")
SMS_GATEWAY_API_KEY_HEADER = env_str("SMS_GATEWAY_API_KEY_HEADER", "X-API-Key")
SMS_GATEWAY_FORMAT = env_str("SMS_GATEWAY_FORMAT", "json")
if SMS_GATEWAY_FORMAT not in ("json", "form"):
    raise ConfigError(f"SMS_GATEWAY_FORMAT must be json or form, got {SMS_GATEWAY_FORMAT!r}")
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10, minimum=1)
SMS_GATEWAY_SENDER = env_str("SMS_GATEWAY_SENDER")  # the registered brand name, if the gateway wants it
if SMS_BACKEND.endswith("HttpSmsBackend") and not SMS_GATEWAY_URL.startswith(("https://", "http://")):
    raise ConfigError("SMS_BACKEND=http needs SMS_GATEWAY_URL (https://…)")
# Attempts per message before the outbox gives up (retries after 1, 5, 30 and 120 minutes).
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 5, minimum=1)
# Tasks overdue by this many working days are reported to the assigner's leader (issue 13).
TASK_ESCALATION_WORKING_DAYS = env_int("TASK_ESCALATION_WORKING_DAYS", 2, minimum=1)

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "reformdesk" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates are read and written dd/mm/yyyy in every language (ISO is still read, for old links and
# API callers); English would otherwise read 03/04/2026 as 4 March. reformdesk/formats/ holds the
# per-language overrides of Django's locale formats, settings the fallback of any other language.
FORMAT_MODULE_PATH = ["reformdesk.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
]

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Bootstrap is fetched from the npm registry at set-up (scripts/fetch_assets.py) into vendor/.
STATICFILES_DIRS = [BASE_DIR / "vendor"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Uploaded catalog workbooks wait here between preview and commit; share it between app servers.
CATALOG_IMPORT_DIR = Path(env_str("CATALOG_IMPORT_DIR", str(VAR_DIR / "catalog-import")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Security -----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CONTENT_SECURITY_POLICY = env_bool("CONTENT_SECURITY_POLICY", default=PRODUCTION)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)  # hops of X-Forwarded-For to trust for client IPs

# --- Public rate limits -------------------------------------------------------------------------
PUBLIC_RATE_LIMIT_PER_MINUTE = env_int("PUBLIC_RATE_LIMIT_PER_MINUTE", 60, minimum=1)

# --- Dossiers -----------------------------------------------------------------------------------
# The public lookup answers for a closed dossier (delivered, refused, withdrawn, stopped) for this
# many days after it closed, then as for an unknown code: old receipts stop exposing their status.
DOSSIER_LOOKUP_DAYS_AFTER_CLOSE = env_int("DOSSIER_LOOKUP_DAYS_AFTER_CLOSE", 365, minimum=1)
# Wrong lookup secrets allowed per dossier code (all clients) and per client address, each in its
# own window; past them only the receipt's own secret opens (the numbers: dossiers/services/lookup.py).
DOSSIER_LOOKUP_CODE_FAILURES = env_int("DOSSIER_LOOKUP_CODE_FAILURES", 5, minimum=1)
DOSSIER_LOOKUP_CODE_WINDOW_SECONDS = env_int("DOSSIER_LOOKUP_CODE_WINDOW_SECONDS", 7 * 24 * 3600, minimum=60)
DOSSIER_LOOKUP_CLIENT_FAILURES = env_int("DOSSIER_LOOKUP_CLIENT_FAILURES", 20, minimum=1)
DOSSIER_LOOKUP_CLIENT_WINDOW_SECONDS = env_int("DOSSIER_LOOKUP_CLIENT_WINDOW_SECONDS", 3600, minimum=60)

# --- Attendance ---------------------------------------------------------------------------------
# Punch photos are personal data: `manage.py purge_attendance_photos` deletes those older than this.
ATTENDANCE_PHOTO_RETENTION_DAYS = env_int("ATTENDANCE_PHOTO_RETENTION_DAYS", 90, minimum=1)
# Uploads held aside (devices not approved yet, unknown tables, an approved serial sent from a wrong
# address) are bounded per serial number and in all; past a quota the oldest pending data is dropped
# and an approved device's held uploads are refused, never dropped (attendance/README.md).
ATTENDANCE_HELD_BYTES_PER_SERIAL = env_int("ATTENDANCE_HELD_BYTES_PER_SERIAL", 32 * 1024 * 1024, minimum=1)
ATTENDANCE_HELD_BYTES_TOTAL = env_int("ATTENDANCE_HELD_BYTES_TOTAL", 256 * 1024 * 1024, minimum=1)
# Devices waiting for approval; a new serial number beyond this removes the one silent the longest.
ATTENDANCE_PENDING_DEVICES_MAX = env_int("ATTENDANCE_PENDING_DEVICES_MAX", 100, minimum=1)

# --- Public links -------------------------------------------------------------------------------
# Links printed on paper (the receipt's QR code to the dossier lookup) must name the public site,
# not the intranet address the officer's browser used; empty: the request's own host.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL").strip().rstrip("/")
if PUBLIC_BASE_URL and not PUBLIC_BASE_URL.startswith(("https://", "http://")):
    raise ConfigError(f"PUBLIC_BASE_URL must start with https:// or http://, got {PUBLIC_BASE_URL!r}")

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

DJANGO_TABLES2_TEMPLATE = "core/tables/bootstrap5.html"
# The table region is htmx-boosted for sorting and paging; links in the rows open whole pages.
DJANGO_TABLES2_TABLE_ATTRS = {
    "class": "table table-sm table-hover align-middle",
    "tbody": {"hx-boost": "false"},
}

if ENVIRONMENT == "test":
    # Hashing passwords slowly protects real accounts; in tests it only slows the suite.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not REDIS_URL:
        # A per-process cache that each test clears; the database cache table is still migrated.
        CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "ratelimit": CACHES["ratelimit"],
            "portal": CACHES["portal"],
            # The same store as "default" (one LOCATION): cleared with it before every test.
            "catalog": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        }

# Outside production, serve static files straight from the app folders and vendor/ (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
