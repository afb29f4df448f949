"""Danvan settings: one module, every behaviour switchable from the environment.

Nothing but secrets, hosts and feature switches differs between environments. See `.env.example`
for every variable, and `danvan/envconf.py` for how values are parsed (they fail loudly).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from danvan.envconf import env_bool, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = env_path("DANVAN_VAR_DIR", BASE_DIR / "var")

DEBUG = env_bool("DANVAN_DEBUG", False)
_DEV_SECRET = "danvan-development-only-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("DANVAN_SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DANVAN_SECRET_KEY must be set when DANVAN_DEBUG is off.")
ALLOWED_HOSTS = env_list("DANVAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DANVAN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "danvan.core",
    "danvan.territory",
    "danvan.organizations",
    "danvan.accounts",
    "danvan.notifications",
    "danvan.documents",
    "danvan.cases",
    "danvan.meetings",
    "danvan.fieldwork",
    "danvan.practices",
    "danvan.democracy",
    "danvan.inspections",
    "danvan.surveys",
    "danvan.reporting",
    "danvan.evaluations",
    "danvan.analytics",
    "danvan.portal",
    "danvan.workspace",
    "danvan.api",
    "danvan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "danvan.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# SQLite in WAL mode is the embedded default (demo, tests, single-commune pilots); production
# uses PostgreSQL through DATABASE_URL. IMMEDIATE transactions make SQLite take the write lock at
# BEGIN, so concurrent writers queue instead of failing with "database is locked" mid-transaction.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'danvan.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DANVAN_DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too (not SQLite's shared in-memory mode, whose table locks ignore the busy timeout),
    # so concurrency tests see the same locking as a real deployment.
    # DANVAN_TEST_SQLITE names another file, so two test runs in one checkout do not share a database.
    DATABASES["default"]["TEST"] = {"NAME": env_str("DANVAN_TEST_SQLITE", str(VAR_DIR / "test-danvan.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("DANVAN_FAST_PASSWORD_HASHING", False):  # tests only: see danvan/accounts/hashers.py
    PASSWORD_HASHERS = ["danvan.accounts.hashers.CheapArgon2PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Login throttling: lock a username+address pair after repeated failures (django-axes).
AXES_ENABLED = env_bool("DANVAN_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("DANVAN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("DANVAN_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

SESSION_COOKIE_HTTPONLY = True
# Officers' sessions end after a working day, or when the browser closes (shared office computers).
SESSION_COOKIE_AGE = env_int("DANVAN_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env_bool("DANVAN_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DANVAN_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DANVAN_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DANVAN_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DANVAN_HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DANVAN_BEHIND_PROXY", False) else None

# Every asset is served by the app itself: government networks are often closed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Field encryption (denouncer identity and other protected data). The keyring lives outside the
# database; see danvan/core/crypto.py and `danvan rotate-key`.
FIELD_ENCRYPTION_KEYRING = env_path("DANVAN_FIELD_KEYRING_FILE", VAR_DIR / "keys" / "field-keyring.json")

# --- Internationalisation: Vietnamese first ---------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["danvan.formats"]

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
# Uploads live outside the web root and are only ever streamed by views that check permissions.
MEDIA_ROOT = env_path("DANVAN_MEDIA_ROOT", VAR_DIR / "uploads")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files need `danvan collectstatic` first: production only.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DANVAN_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not env_bool("DANVAN_STATIC_MANIFEST", not DEBUG)

# --- Cache: rate limits and throttles. Per process by default; with several app servers use the database
# cache (`DANVAN_CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache`, then `danvan createcachetable`).
CACHES = {
    "default": {
        "BACKEND": env_str("DANVAN_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env_str("DANVAN_CACHE_LOCATION", "danvan_cache"),
    }
}

# --- Background tasks: Django's task API on the database, no broker needed ----------------------
TASKS = {
    "default": {
        "BACKEND": env_str("DANVAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Periodic tasks enqueued by `danvan scheduler` (dotted path, interval in seconds). All idempotent.
PERIODIC_TASKS = [
    ("danvan.cases.tasks.sweep_overdue_cases", env_int("DANVAN_SWEEP_OVERDUE_SECONDS", 3600)),
    ("danvan.notifications.tasks.retry_pending_messages", env_int("DANVAN_RETRY_MESSAGES_SECONDS", 300)),
]

# --- Email ------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "DANVAN_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DANVAN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DANVAN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DANVAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("DANVAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DANVAN_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DANVAN_EMAIL_FROM", "Dân vận số <khong-tra-loi@danvan.local>")

# --- Logging: one line per event, structured key=value, never personal data ---------------------
LOG_LEVEL = env_str("DANVAN_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {"format": "time=%(asctime)s level=%(levelname)s logger=%(name)s msg=%(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # django-axes logs every login at INFO; failures and lockouts are WARNING and still shown.
    "loggers": {"axes": {"level": "WARNING"}},
}

SITE_NAME = _("Dân vận số")
