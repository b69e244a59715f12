"""PropDesk settings, driven by the environment.

Variables (all optional for local use, see README):
  PROPDESK_PRODUCTION=1   HTTPS-only cookies, HSTS, SSL redirect; requires SECRET_KEY
  SECRET_KEY, DEBUG, ALLOWED_HOSTS (comma separated), DATABASE_URL, PROPDESK_VAR_DIR,
  SESSION_IDLE_MINUTES (30), SESSION_ABSOLUTE_HOURS (12), AXES_FAILURE_LIMIT (5)
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PROPDESK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


PRODUCTION = env_bool("PROPDESK_PRODUCTION")
DEBUG = env_bool("DEBUG")
if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]  # no fallback: production must set a real key
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "propdesk.core",
    "propdesk.orgs",
    "propdesk.people",
    "propdesk.notify",
    "propdesk.search",
    "propdesk.tickets",
    "propdesk.frontdesk",
    "propdesk.service",
    "propdesk.passes",
    "propdesk.meetings",
    "propdesk.records",
    "propdesk.portal",
    "propdesk.archives",
    "propdesk.surveys",
    "propdesk.performance",
    "propdesk.quality",
    "propdesk.staff",
    "propdesk.triage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "propdesk.core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "propdesk.core.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "propdesk.core.middleware.SessionTimeoutMiddleware",
    "propdesk.people.gate.ConfigRoleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "propdesk.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
    "propdesk.core.middleware.QueryTextMiddleware",  # after CSP and no-store: its 400 gets them
]

ROOT_URLCONF = "propdesk.config.urls"
WSGI_APPLICATION = "propdesk.config.wsgi.application"

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
                "propdesk.core.context_processors.shell",
                "propdesk.notify.context_processors.unread",
            ],
            "builtins": ["propdesk.core.templatetags.propdesk_tags"],
        },
    },
]
# Widgets render through Jinja2 (Django ships its widget templates for it): a select with 40
# options costs ~80 nested Django-template includes, the slowest part of list pages with filters.
# The admin's own widgets exist only as Django templates: ProductRenderer renders those with Django.
FORM_RENDERER = "propdesk.core.renderers.ProductRenderer"

# --- database -------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
_default_db = f"sqlite:///{VAR_DIR / 'propdesk.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers and one writer work at once; IMMEDIATE transactions and a busy
    # timeout make concurrent writers wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

# --- authentication and sessions -------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Desk PCs are shared between shifts: sessions end after an idle period and an
# absolute lifetime (SessionTimeoutMiddleware), and on browser close.
# Sessions carry their user's id, so deactivating a user ends its sessions by an index.
SESSION_ENGINE = "propdesk.people.sessions"
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# A resident's session (the portal, on their own phone) lasts this long; signing out ends it.
RESIDENT_SESSION_DAYS = int(os.environ.get("RESIDENT_SESSION_DAYS", "30"))
# The gateway that sends a resident's sign-in code (`propdesk.portal.signin`): the console one by
# default (development and the demo), a webhook to an SMS provider in production.
PORTAL_SMS_GATEWAY = os.environ.get("PORTAL_SMS_GATEWAY", "propdesk.portal.signin.ConsoleGateway")
SESSION_SAVE_EVERY_REQUEST = False  # renewed once a minute by SessionTimeoutMiddleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- security headers -------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
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
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- i18n -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor", BASE_DIR / "node_modules")]
# Uploads, prints and exports go through Django's storage API only: a directory under VAR_DIR on
# one machine; with PROPDESK_S3_BUCKET, an S3-compatible bucket (AWS S3, Aliyun OSS, Tencent COS,
# MinIO) that every web and worker machine shares. Either way files are read back through the app
# and sent as attachments to users allowed to see them: the bucket stays private and no page
# links to it (no public or signed URLs).


def file_storage(env) -> dict:
    """The storage of uploads, prints and exports, chosen by the environment at start-up."""
    if not env.get("PROPDESK_S3_BUCKET"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env["PROPDESK_S3_BUCKET"],
            "location": env.get("PROPDESK_S3_PREFIX", ""),
            # Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (boto3 reads them).
            "endpoint_url": env.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env.get("AWS_S3_REGION_NAME") or None,
            "addressing_style": env.get("AWS_S3_ADDRESSING_STYLE") or None,  # MinIO: "path"
            "signature_version": "s3v4",
            "default_acl": None,  # the bucket's own (private) policy; no per-object ACL header
            "querystring_auth": True,
            "file_overwrite": True,  # names are server-generated random ones, never reused
            "max_memory_size": 2 * 1024 * 1024,  # a download above 2 MB spools to disk, not RAM
        },
    }


STORAGES = {
    "default": file_storage(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # the form fields of a multipart body (files apart)

# --- logging ------------------------------------------------------------------
ADMINS = [("ops", a) for a in os.environ.get("ADMIN_EMAILS", "").split(",") if a]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A request failing on an unreachable database logs one line, not a traceback (core.unavailable).
    "filters": {"db_unavailable": {"()": "propdesk.core.unavailable.DatabaseUnavailableFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["db_unavailable"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"propdesk.security": {"level": "INFO"}},
}

# --- background tasks (notifications, exports, sweeps) ---------------------------
# The embedded set-up keeps the queue in the database (`propdesk db_worker`); see README
# for the Redis-backed configuration (django-tasks-rq) used with several machines.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- notifications: e-mail and outgoing webhooks (docs/notifications.md) ----------
# E-mail goes to the console unless EMAIL_HOST is set (then SMTP).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "PropDesk <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Hosts webhooks may call (comma separated). An internal address is allowed only when it is
# listed literally (e.g. 127.0.0.1), never through a DNS name.
PROPDESK_WEBHOOK_ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("PROPDESK_WEBHOOK_ALLOWED_HOSTS", "").split(",") if h.strip()
]
# A background task running longer than this is taken as abandoned and re-queued.
PROPDESK_TASK_LEASE_SECONDS = int(os.environ.get("PROPDESK_TASK_LEASE_SECONDS", "300"))

if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    # Several machines: the queue lives in Redis (`pip install django-tasks-rq`, `propdesk rqworker`).
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}

PROPDESK = {
    "PAGE_SIZE": 25,
    "MAX_PAGE_SIZE": 100,
    # The daily backup (README "Operations"): folder, local hour, how many archives are kept.
    "BACKUP_DIR": os.environ.get("PROPDESK_BACKUP_DIR", str(VAR_DIR / "backups")),
    "BACKUP_SCHEDULE": env_bool("PROPDESK_BACKUP_SCHEDULE", True),
    "BACKUP_HOUR": int(os.environ.get("PROPDESK_BACKUP_HOUR", "2")),
    "BACKUP_KEEP_DAILY": int(os.environ.get("PROPDESK_BACKUP_KEEP_DAILY", "7")),
    "BACKUP_KEEP_WEEKLY": int(os.environ.get("PROPDESK_BACKUP_KEEP_WEEKLY", "4")),
    # A request body above this is refused with 413 before it is read (one file: 10 MB).
    "MAX_REQUEST_BYTES": int(os.environ.get("PROPDESK_MAX_REQUEST_MB", "20")) * 1024 * 1024,
    # A body without files (JSON, a form) above this is refused with 413 unread (issue 19).
    "MAX_TEXT_REQUEST_BYTES": 1024 * 1024,
}
