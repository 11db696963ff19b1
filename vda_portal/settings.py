"""Settings of the VDA Portal: one module, configured only by environment variables.

Unset variables give the embedded default (SQLite under var/, tasks in-process, files in a
private folder under var/media, mail as files under var/mail). The README lists every variable.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

from vda_portal import logs, sentry

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# Optional, never committed; `make run` writes one (scripts/dev_env.sh). ENV_FILE: another file.
environ.Env.read_env(os.environ.get("ENV_FILE") or BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# Production must bring its own key; DEBUG alone may fall back to a throwaway one.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "vda_portal.admin_site.PortalAdminConfig",  # django.contrib.admin, its navigation cached
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",  # allauth's emails name the site: the portal (accounts migration)
    "csp",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "django_prometheus",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "accounts",
    "categories",
    "submissions",
    "judging",
    "organisers",
    "operations",
]

MIDDLEWARE = [
    "vda_portal.logs.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's UserSessionsMiddleware, recording activity at most once a minute per session.
    "accounts.sessions.middleware.ThrottledUserSessionsMiddleware",
    # After authentication and allauth: staff without a passed second factor reach nothing else.
    "accounts.mfa.middleware.SecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last of those that change a response, as axes requires
    "vda_portal.sentry.SentryUserMiddleware",  # only tags the error report with the user's id
]
# /metrics (Prometheus): from these addresses or networks, or with "Authorization: Bearer
# <METRICS_TOKEN>". With neither set nobody may read it, and requests are not counted at all.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
METRICS_TOKEN = env("METRICS_TOKEN", default="")
if METRICS_ALLOWED_IPS or METRICS_TOKEN:
    MIDDLEWARE.insert(1, "django_prometheus.middleware.PrometheusBeforeMiddleware")
    MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")  # last: counts
# Benchmarks only (bench/): X-Query-Count on every response and a bare endpoint behind the
# whole stack. Never set in production.
if env.bool("VDA_BENCH_QUERY_HEADER", default=False):
    MIDDLEWARE.insert(0, "vda_portal.bench_middleware.QueryCountMiddleware")
    MIDDLEWARE.append("vda_portal.bench_middleware.BareEndpointMiddleware")

ROOT_URLCONF = "vda_portal.urls"
WSGI_APPLICATION = "vda_portal.wsgi.application"

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
            ],
            "libraries": {
                "admin_rows": "vda_portal.admin_rows",
                "admin_site": "vda_portal.admin_site",
                "form_fields": "vda_portal.form_fields",
            },
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)  # the embedded default must work on a fresh clone
    # IMMEDIATE: a transaction takes the write lock when it begins, so that concurrent writers
    # queue instead of failing (SQLite has no row locks; select_for_update is a no-op there).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache, or nothing (tasks in-process) -------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="vda"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another one
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing fails fast when Redis is down (one quick retry): the request still succeeds and
# the transactional outbox's sweep sends the email once Redis is back.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# A request must not hang on a broker that is down: the outbox sweep delivers what failed.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Task modules beyond the apps' tasks.py (autodiscovered).
CELERY_IMPORTS = ["submissions.personal_data.tasks"]
# The worker logs through LOGGING (JSON in production, with the request id), not its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "submissions.tasks.sweep_outbox", "schedule": 60.0},
    # Personal data retention (submissions.personal_data.retention), daily at 03:00 ICT.
    "retention": {
        "task": "submissions.personal_data.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=0),
    },
    # Two queries when no reminder slot is due; a due slot is fanned out once (see reminders).
    "deadline-reminders": {
        "task": "submissions.tasks.dispatch_deadline_reminders",
        "schedule": 300.0,
    },
    "expire-nominations": {"task": "submissions.tasks.expire_nominations", "schedule": 3600.0},
    "remind-extended-drafts": {
        "task": "submissions.tasks.remind_extended_drafts",
        "schedule": 3600.0,
    },
}

# --- Files: private storage ---------------------------------------------------------------
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "default_acl": "private",
            "querystring_auth": True,  # every URL is signed ...
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),  # ... briefly
            "file_overwrite": False,
            "signature_version": "s3v4",  # AWS refuses v2-signed URLs on new buckets
        },
    }
else:
    # Nothing serves MEDIA_URL: these files have no public address; only a permission-checking
    # view streams them.
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads stream to a temporary file
VDA_MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_MB", default=20) * 1024 * 1024  # per file
VDA_MAX_DOSSIER_BYTES = env.int("MAX_DOSSIER_MB", default=100) * 1024 * 1024  # per dossier
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email --------------------------------------------------------------------------------
if env("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="VDA Portal <no-reply@vda.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins early
    "rules.permissions.ObjectPermissionBackend",  # the portal's rules (each app's rules.py)
    "accounts.backends.PermissionsBackend",  # permissions in one query (signs no one in)
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link scanner's GET must not confirm; the page has a button
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[VDA] "
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Emails print the address, never the free-text name typed at sign-up (no attacker text).
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_EMAIL_NOTIFICATIONS = True  # password, email and second-factor changes are mailed
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # a reset never signs in: the next sign-in asks the factor
# Second factor (allauth.mfa): judges, organisers and staff must enrol one (accounts/mfa).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "VDA Portal"
MFA_TOTP_TOLERANCE = 1  # one 30-second step either side: phone clocks drift
MFA_PASSKEY_LOGIN_ENABLED = False  # security keys and passkeys are a second factor only
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # http://127.0.0.1 in development only
# Staff see and end their sessions (allauth.usersessions, /accounts/sessions/).
USERSESSIONS_TRACK_ACTIVITY = True
# ... recorded at most this often per session (seconds): the last-seen time is right to a minute.
USERSESSIONS_ACTIVITY_INTERVAL = 60
# allauth's throttles live in the cache: Redis when REDIS_URL is set, so all workers share them.
ACCOUNT_RATE_LIMITS = {
    # Per account from any address; django-axes locks one address per account after 5.
    "login_failed": "20/m/ip,10/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_email": "1/m/user",
}
# django-axes: after 5 failures for an account from one address, lock for 30 minutes; each
# attempt and lockout is logged in the database (admin: Axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.adapter.axes_username"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_RESET_ON_SUCCESS = True

# --- Personal data (Decree 13/2023/NĐ-CP): requests, exports, retention ------------------
# Hours within which a data-subject request must be answered, per kind.
PRIVACY_REQUEST_DUE_HOURS = {"export": 72, "erasure": 72, "correction": 72}
PRIVACY_EXPORT_LINK_HOURS = env.int("PRIVACY_EXPORT_LINK_HOURS", default=48)  # the ZIP's link
# Drafts never submitted are deleted this many months after their season closes; dossiers that
# did not win are anonymised (files deleted) this many years after the season is archived
# (Season.archived_at). Run daily by Celery beat ("retention" below); `apply_retention --dry-run`.
RETENTION_DRAFT_MONTHS = env.int("RETENTION_DRAFT_MONTHS", default=6)
RETENTION_DOSSIER_YEARS = env.int("RETENTION_DOSSIER_YEARS", default=5)

# --- Behind the reverse proxy -------------------------------------------------------------
# How many proxies in front of the portal append to X-Forwarded-For (deploy/nginx.conf: 1).
# The client is the address that many places from the right; with 0, REMOTE_ADDR. axes' lockout
# and allauth's rate limits both key on that address (vda_portal/proxy.py). django-ipware is
# not installed, so axes' AXES_IPWARE_* settings would be ignored: the callable takes over.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "vda_portal.proxy.client_ip"

# --- Internationalisation and time --------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# locale/vendor carries Vietnamese for third-party apps that ship none (django-allauth), and
# locale/vendor-mfa for allauth's second factor and sessions.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "locale" / "vendor",
    BASE_DIR / "locale" / "vendor-mfa",
]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Both languages read and write dates as dd/mm/yyyy (Django's vi locale has no input formats and
# en would read 05/06/2024 as 6 May).
FORMAT_MODULE_PATH = ["vda_portal.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
LANGUAGE_COOKIE_NAME = "vda_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Security -----------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Probes and the metrics scraper reach a web process directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$", r"^metrics$"]
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
FORM_RENDERER = "vda_portal.form_renderer.PortalFormRenderer"  # Django's widgets, by Jinja2


# --- Operations: logs, errors, metrics, backups ------------------------------------------
# One JSON object a line in production, readable lines in DEBUG; each carries the request id.
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = logs.logging_config(fmt=LOG_FORMAT, level=env("LOG_LEVEL", default="INFO"))

# Errors go to Sentry when SENTRY_DSN is set: no request bodies, files, cookies or personal
# data; the user by id only (vda_portal/sentry.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
# WeasyPrint reports every rendering step at INFO, the level the portal logs at.
LOGGING.setdefault("loggers", {})["weasyprint.progress"] = {"level": "WARNING"}
