"""Settings, read from the environment (django-environ). Every variable is in .env.example."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from thiduaportal.filestore import default_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789abcdef"  # noqa: S105 - DEBUG only
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Apps -------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "axes",
    "csp",
    "thiduaportal",
    "units",
    "campaigns",
    "nominations",
    "council",
    "awards",
    "demo",  # on top: the demo commune and seed_demo; nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thiduaportal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "thiduaportal.middleware.NormalizeUnicodeMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every query of the request sees the user's commune only (thiduaportal.tenancy).
    "thiduaportal.middleware.TenantMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: tells the user of an upload stopped while it streamed.
    "thiduaportal.middleware.UploadLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]
# Server time and query count of every response in a Server-Timing header, and the bare
# /floor/ page the load benchmark compares pages with. For measuring; off in production.
SERVER_TIMING = env.bool("SERVER_TIMING", default=False)
if SERVER_TIMING:
    MIDDLEWARE.insert(0, "thiduaportal.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "thiduaportal.urls"
WSGI_APPLICATION = "thiduaportal.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
                "thiduaportal.context_processors.portal",
            ],
            "builtins": ["thiduaportal.templatetags.portal"],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Writers queue instead of failing with "database is locked".
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # A file (not memory) so that a Celery worker in another process sees the test data.
    if env.str("SQLITE_TEST_NAME", default=""):
        DATABASES["default"]["TEST"] = {"NAME": env.str("SQLITE_TEST_NAME")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Auth -------------------------------------------------------------------------------
AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "units.backends.PortalBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling: after this many failures for one username from one address, locked.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
# Read from X-Forwarded-For only behind PROXY_COUNT trusted proxies (thiduaportal.clients).
AXES_CLIENT_IP_CALLABLE = "thiduaportal.clients.client_ip"

# --- i18n -------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["thiduaportal.formats"]

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private files (imports, exports, later dossiers): never served directly, only by views
# that check permissions.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/private/"
# The local folder by default; STORAGE_BACKEND=s3 keeps them in an S3-compatible store shared by
# every app server and worker (thiduaportal.filestore, README "Production").
STORAGES = {
    "default": default_storage_config(env),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
# Files with more rows are imported by the background worker, with a page that says when.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=1000)
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# A multipart request longer than this is refused before it is read (several evidence files
# may go in one request); a single file is stopped while it streams past UPLOAD_MAX_BYTES.
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=100 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "thiduaportal.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]


# --- Council voting (REFERENCE §6) -------------------------------------------------------
# Copied onto a session when it opens: a later change never alters a past result.
def _fraction(name: str, default: str) -> tuple[int, int]:
    value = env.str(name, default=default)
    numerator, _slash, denominator = value.partition("/")
    try:
        pair = int(numerator), int(denominator)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a fraction such as 2/3, not {value!r}") from None
    if not 0 < pair[0] <= pair[1]:
        raise ImproperlyConfigured(f"{name} must be a fraction between 0 and 1, not {value!r}")
    return pair


# Share of all members who must be present for a session to vote.
COUNCIL_QUORUM = _fraction("COUNCIL_QUORUM", "2/3")
# Share of all members (less those recused) whose votes in favour pass an item ...
COUNCIL_PASS_SHARE = _fraction("COUNCIL_PASS_SHARE", "1/2")
# ... which must be exceeded (true: "more than half") or only reached (false: "at least 80%").
COUNCIL_PASS_STRICT = env.bool("COUNCIL_PASS_STRICT", default=True)
# Absent members' written opinions count as votes (they never count towards the quorum).
COUNCIL_WRITTEN_OPINIONS_COUNT = env.bool("COUNCIL_WRITTEN_OPINIONS_COUNT", default=True)

# --- Decisions, certificates, verification (REFERENCE §5) ---------------------------------
# Lương cơ sở is a dated table (awards.BaseSalary, in the admin), not a setting: a decision
# pays on the value in force on its issue date.
# Cash amounts are rounded up to a multiple of this many đồng (0: not rounded).
CASH_ROUND_UP_TO = env.int("CASH_ROUND_UP_TO", default=0)
# Ad hoc rounds may be decided from the office's accepted list without a council session.
ADHOC_WITHOUT_COUNCIL = env.bool("ADHOC_WITHOUT_COUNCIL", default=True)
# A PKCS#12 file (.p12/.pfx) with the commune's signing key; empty: documents are unsigned.
SIGNING_CERTIFICATE = env.str("SIGNING_CERTIFICATE", default="")
SIGNING_CERTIFICATE_PASSWORD = env.str("SIGNING_CERTIFICATE_PASSWORD", default="")
if SIGNING_CERTIFICATE and not Path(SIGNING_CERTIFICATE).is_file():
    raise ImproperlyConfigured(f"SIGNING_CERTIFICATE is not a file: {SIGNING_CERTIFICATE!r}")
# Counters of the verification page's rate limit live in this cache: per process by default,
# shared by every web process with Redis (e.g. redis://127.0.0.1:6379/1).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Lookups a single address may make on the public verification page per minute.
VERIFY_RATE_PER_MINUTE = env.int("VERIFY_RATE_PER_MINUTE", default=30)
# Password reset requests per hour for one e-mail address typed, and from one client address.
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = env.int("PASSWORD_RESET_PER_ADDRESS_PER_HOUR", default=3)
PASSWORD_RESET_PER_IP_PER_HOUR = env.int("PASSWORD_RESET_PER_IP_PER_HOUR", default=10)

# --- Celery -----------------------------------------------------------------------------
# Without a broker, tasks run inline in the web process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With Redis, a task whose worker died unacknowledged goes back to the queue after this many
# seconds (tasks are safe to run twice); keep it above the longest job (a big print batch).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900)}
# A batch print is split into tasks of this many certificates, shared by every free worker and
# joined into one PDF (awards.services.printing); a killed worker costs one chunk, not the batch.
CERTIFICATE_PAGES_PER_TASK = env.int("CERTIFICATE_PAGES_PER_TASK", default=25)
if CERTIFICATE_PAGES_PER_TASK < 1:
    raise ImproperlyConfigured("CERTIFICATE_PAGES_PER_TASK must be at least 1.")
CELERY_BEAT_SCHEDULE = {
    "purge-stale-files": {"task": "thiduaportal.tasks.task_purge_stale_files", "schedule": 3600.0},
    # Jobs started while the broker was down are sent again once it answers.
    "resend-unsent-jobs": {"task": "thiduaportal.tasks.task_resend_unsent_jobs", "schedule": 60.0},
    # Daily at 07:00: deadline reminders to units, overdue dossiers to the office.
    "nomination-reminders": {
        "task": "nominations.tasks.task_send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Council voting: items close by themselves at their set time; members who have not
    # voted are reminded shortly before.
    "council-close-expired-voting": {
        "task": "nominations.tasks.task_close_expired_voting",
        "schedule": 60.0,
    },
    "council-voting-reminders": {
        "task": "nominations.tasks.task_remind_council_voting",
        "schedule": 60.0,
    },
}

# --- Email ------------------------------------------------------------------------------
# The console default suits development only: with DEBUG off the portal refuses to start
# with it (thiduaportal.checks, E001).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="thiduaportal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Forms ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------------------
# Content-Security-Policy (django-csp): scripts and style sheets only from the portal's own
# static files, never inline, so an injected <script> or onclick="..." does not run. The one
# inline <style> block carries the request's nonce. Style attributes stay allowed
# (style-src-attr): they cannot run code, and a few pages set a width with them. Images may be
# data: URIs (the emblem, QR codes); nothing is framed, fetched or posted elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind HTTPS in production; off automatically in DEBUG.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Audit ------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every render step at INFO; keep their warnings only.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
