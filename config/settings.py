# SPDX-License-Identifier: MPL-2.0
"""Django settings for placematch; every value that varies comes from the environment via Env."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import Env

env = Env()
BASE_DIR = Path(__file__).resolve().parent.parent

# "development" (the default, what `make run` uses) or "production".
ENVIRONMENT = env.string("DJANGO_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"
TESTING = "pytest" in sys.modules or env.boolean("PLACEMATCH_TESTING")

DEFAULT_SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.string("DJANGO_SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env.boolean("DJANGO_DEBUG", default=False)
if PRODUCTION and (SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("Production needs DJANGO_SECRET_KEY: at least 50 random characters.")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be false in production.")

ALLOWED_HOSTS = env.strings(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.strings("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "placematch.core.apps.PlacematchAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # the open API (placematch.api): its bundled Swagger UI and templates
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # placematch, lowest layer first
    "placematch.core",
    "placematch.accounts",
    "placematch.audit",
    "placematch.outbox",
    "placematch.involvement",
    "placematch.children",
    "placematch.providers",
    "placematch.matching",
    "placematch.decisions",
    "placematch.preparation",
    "placematch.followup",
    "placematch.evaluation",
    "placematch.api",
]

MIDDLEWARE = [
    # First and last: request counts and latencies by view for the operator (docs/operations.md).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "placematch.core.headers.PrivateCacheMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After the CSRF check: a query or form with NUL or other control characters is a 400.
    "placematch.core.inputs.ControlCharacterMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "placematch.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "placematch.core.context_processors.site",
            ],
        },
    }
]

# SQLite is the embedded default; PostgreSQL is chosen with DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env.string("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores select_for_update; IMMEDIATE transactions serialise writers instead.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user with the organisation in one query.
    "placematch.accounts.backends.OrganisationModelBackend",
    # Staff of an organisation with its own OpenID Connect provider (ADR 0016).
    "placematch.accounts.oidc.ProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Each identity provider's client secret, by the provider's short name ("aarhus=<secret>,…"):
# never stored in the database (docs/operations.md, "Sign-in with the identity provider").
OIDC_CLIENT_SECRETS = env.mapping("PLACEMATCH_OIDC_CLIENT_SECRETS")

# Two-factor login: required in production, optional while developing.
OTP_REQUIRED = env.boolean("PLACEMATCH_OTP_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = "placematch"

# Notices to users (a changed second factor): printed on the console in development, sent
# through the SMTP server named here in production (tests collect them in memory).
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.string("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env.string("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.string("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.boolean("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.string("DJANGO_DEFAULT_FROM_EMAIL", "placematch@localhost")

# Lockout after repeated failed logins for the same user name from the same address.
AXES_FAILURE_LIMIT = env.integer("PLACEMATCH_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("PLACEMATCH_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# A refused sign-in through an identity provider keeps its query without the code and state.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "state"]

SESSION_COOKIE_AGE = env.integer("PLACEMATCH_SESSION_SECONDS", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "placematch.core.views.csrf_failure"

LANGUAGE_CODE = "da"
# Each language is named in itself, as language switchers do.
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "placematch_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Stored documents (never served as static files: a view checks access before handing one out).
# `manage.py backup` copies everything under it together with the database.
MEDIA_ROOT = Path(env.string("PLACEMATCH_MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "placematch.core.storage.StaticStorage"},
}
STATIC_BROTLI = env.boolean("PLACEMATCH_STATIC_BROTLI", default=False)
if TESTING:
    # Tests render templates without a collected manifest.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Content Security Policy: no inline scripts or styles; everything is served from here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.boolean("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.integer("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Access log retention: the law asks for at least six months.
AUDIT_RETENTION_DAYS = env.integer("PLACEMATCH_AUDIT_RETENTION_DAYS", 365)
# Calls per token per minute on the open API; more answer 429 with Retry-After.
API_RATE_PER_MINUTE = env.integer("PLACEMATCH_API_RATE_PER_MINUTE", 600)
if AUDIT_RETENTION_DAYS < 183:
    raise ImproperlyConfigured("PLACEMATCH_AUDIT_RETENTION_DAYS must be at least 183 (six months).")

# Retention per kind of record, in days; `manage.py retention` (daily) erases what is past its
# period. The legal reason for each is in docs/operations.md ("Retention and erasure").
RETENTION_DAYS = {
    # Children's personal data, counted from the end of the child's last case: the municipality's
    # archive rules (arkivloven, kassation of children's cases) set it; five years by default.
    "closed_cases": env.integer("PLACEMATCH_RETENTION_CLOSED_CASE_DAYS", 5 * 365),
    # Secure links, counted from their expiry or revocation.
    "secure_links": env.integer("PLACEMATCH_RETENTION_LINK_DAYS", 90),
    # Match runs that no meeting, decision or placement rests on, counted from the run.
    "match_runs": env.integer("PLACEMATCH_RETENTION_RUN_DAYS", 365),
    # The free texts written after the move (plans, follow-ups, visits, endings, breakdowns),
    # counted from the end of the child's last case: part of the case file, as closed_cases.
    "followup_texts": env.integer("PLACEMATCH_RETENTION_FOLLOWUP_TEXT_DAYS", 5 * 365),
    # Answers to follow-up surveys, counted from the answer (for the app that collects them).
    "surveys": env.integer("PLACEMATCH_RETENTION_SURVEY_DAYS", 3 * 365),
    # The access log (at least six months, see AUDIT_RETENTION_DAYS above).
    "access_log": AUDIT_RETENTION_DAYS,
}
if RETENTION_DAYS["closed_cases"] < 365:
    raise ImproperlyConfigured("PLACEMATCH_RETENTION_CLOSED_CASE_DAYS must be at least 365.")
if RETENTION_DAYS["followup_texts"] < 365:
    raise ImproperlyConfigured("PLACEMATCH_RETENTION_FOLLOWUP_TEXT_DAYS must be at least 365.")

# Request metrics (Prometheus text at /metrics) only for a scraper sending this bearer token;
# without a token the address answers 404 to everyone.
METRICS_TOKEN = env.string("PLACEMATCH_METRICS_TOKEN", "")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("PLACEMATCH_METRICS_TOKEN must be at least 32 random characters.")

# The pseudonymised export for the national evaluation: each municipality's secret, by
# municipality number ("101=<secret>,147=<secret>"). A child's pseudonym is keyed by it, so it
# cannot be reversed without it; production refuses to export for a municipality without one.
EXPORT_SECRETS = env.mapping("PLACEMATCH_EXPORT_SECRETS")
if any(len(secret) < 32 for secret in EXPORT_SECRETS.values()):
    raise ImproperlyConfigured("Each secret in PLACEMATCH_EXPORT_SECRETS needs 32 characters.")
# Development and tests only: one fixed secret for every municipality (never real data).
EXPORT_DEVELOPMENT_SECRET = (
    "development-export-secret-never-for-real-data" if (DEBUG or TESTING) and not PRODUCTION else ""
)

# Outgoing messages (the outbox): a backend per channel, retries with exponential backoff.
# E-mail goes through Django's mail backend above. SMS and Digital Post need a gateway in
# production (a class with send(outgoing), see docs/operations.md); without one every such
# message fails with "no gateway" on the case. Development prints them; tests keep them in memory.
_OUTBOX_LOCAL = "placematch.outbox.channels." + ("MemoryChannel" if TESTING else "ConsoleChannel")
_OUTBOX_DEFAULT = "placematch.outbox.channels.UnconfiguredChannel" if PRODUCTION else _OUTBOX_LOCAL
OUTBOX_BACKENDS = {
    "email": env.string(
        "PLACEMATCH_OUTBOX_EMAIL_BACKEND", "placematch.outbox.channels.EmailChannel"
    ),
    "sms": env.string("PLACEMATCH_OUTBOX_SMS_BACKEND", _OUTBOX_DEFAULT),
    "digital_post": env.string("PLACEMATCH_OUTBOX_DIGITAL_POST_BACKEND", _OUTBOX_DEFAULT),
}
OUTBOX_FILE_DIR = env.string("PLACEMATCH_OUTBOX_FILE_DIR", str(BASE_DIR / "outbox-files"))
OUTBOX_MAX_ATTEMPTS = env.integer("PLACEMATCH_OUTBOX_MAX_ATTEMPTS", 6)
OUTBOX_RETRY_SECONDS = env.integer("PLACEMATCH_OUTBOX_RETRY_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = env.integer("PLACEMATCH_OUTBOX_RETRY_MAX_SECONDS", 6 * 60 * 60)
OUTBOX_LEASE_SECONDS = env.integer("PLACEMATCH_OUTBOX_LEASE_SECONDS", 5 * 60)
# Work off the request path (ADR 0015): django-tasks, by default its database backend, run by
# `manage.py db_worker` (`make run` starts one). Production at scale: django-tasks-rq on Redis.
TASKS = {
    "default": {
        "BACKEND": env.string("PLACEMATCH_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# What `manage.py tasks_schedule` enqueues: each management command once a day from its local
# time (weekdays only for those named below), and each task every so many seconds.
DAILY_JOBS = {
    "holds_expire": "00:05",
    "decisions_lapse": "00:10",
    "non_disclosure_refresh": "00:15",
    "preparation_move": "00:20",
    "retention": "01:00",
    "prune_access_log": "01:30",
    "prune_submission_keys": "01:45",
    "tasks_remind": "06:00",
}
DAILY_JOBS_WEEKDAYS_ONLY = {"tasks_remind"}
PERIODIC_TASKS = {"placematch.outbox.tasks.outbox_send": 60}
# A decision's PDFs not stored this long after the decision are rendered on request instead.
DECISION_DOCUMENTS_GRACE_SECONDS = env.integer("PLACEMATCH_DECISION_DOCUMENTS_GRACE_SECONDS", 60)

# The address of the site in messages sent without a request (a notice to a place's staff).
SITE_URL = env.string("PLACEMATCH_SITE_URL", "http://localhost:8000").rstrip("/")

# Secure links to the child's and parents' forms.
INVOLVEMENT_LINK_DAYS = env.integer("PLACEMATCH_LINK_DAYS", 14)
# Inquiries to places.
MATCHING_MAX_OPEN_INQUIRIES = env.integer("PLACEMATCH_MAX_OPEN_INQUIRIES", 5)
MATCHING_ANSWER_WORKING_DAYS = env.integer("PLACEMATCH_ANSWER_WORKING_DAYS", 5)
MATCHING_ACUTE_ANSWER_HOURS = env.integer("PLACEMATCH_ACUTE_ANSWER_HOURS", 24)
# Vacancy declarations lapse after this many days.
PROVIDERS_VACANCY_DAYS = env.integer("PLACEMATCH_VACANCY_DAYS", 30)

# One cache for every worker in production (rate limits on secure links count across
# processes): the database by default, so nothing else has to run. Create its table with
# `manage.py createcachetable` (make serve does). Development and tests use memory.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "placematch_cache"}
        if PRODUCTION
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
INVOLVEMENT_SESSION_MINUTES = env.integer("PLACEMATCH_LINK_SESSION_MINUTES", 60)

SILENCED_SYSTEM_CHECKS: list[str] = []

# JSON lines to stdout; records carry no personal data or tokens.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "placematch.core.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env.string("PLACEMATCH_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Its progress lines (one per page of every PDF) say nothing an operator needs.
        "weasyprint": {"level": "WARNING"},
    },
}
