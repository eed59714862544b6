"""Settings for Innov'insertion: one module, every value read from the environment.

Each variable is documented in ``.env.example``. The defaults suit a laptop (SQLite,
console email, local-memory cache); production is any run with ``DEBUG`` off, and it
refuses to start without a ``SECRET_KEY``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file (never committed) may hold the variables; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -----------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG off) refuses to start without one: "
            "set SECRET_KEY in the environment, or DEBUG=true on a development machine."
        )
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Applications ---------------------------------------------------------------------
INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Third party
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "axes",
    "django_tasks_db",
    # Local, from the ground floor up (imports only run downwards)
    "events",
    "exhibitors",
    "workshops",
    "recruitment",  # interview sessions: above the forum, below the bookings
    "participants",
    "messaging",  # beside participants: the emails and texts people receive
    "onsite",  # top floor: the day itself; nothing imports it
]
# The demo programme and the benchmark's data (load_demo, bench_fill): development only.
DEMO_ENABLED = env.bool("DEMO_ENABLED", default=DEBUG)
if DEMO_ENABLED:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innov_insertion.urls"
WSGI_APPLICATION = "innov_insertion.wsgi.application"

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
                "events.context_processors.current_event",
                "innov_insertion.context_processors.site_links",
                "innov_insertion.context_processors.staff_navigation",
            ],
            # {% load web %}: the error summary's filter (innov_insertion/web.py).
            "libraries": {"web": "innov_insertion.web"},
        },
    },
]

# --- Data -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://innov-insertion"),
    # The public pages, whole, in each worker's own memory (events/cache.py): a hit costs
    # no round trip; the shared content version in "default" says when they are stale.
    "public-pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-pages",
        "OPTIONS": {"MAX_ENTRIES": env.int("PUBLIC_PAGES_CACHE_ENTRIES", default=300)},
    },
}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # An unreachable Redis answers within a second, not the system's TCP timeout: the page
    # cache and the rate limit then do without it (events/cache.py, innov_insertion/web.py).
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1}
    )

# --- Email ----------------------------------------------------------------------------
# EMAIL_URL (smtp://user:password@host:587/?tls=True, consolemail://, filemail:///path…)
# becomes Django 6.1's MAILERS setting.
_email = env.email("EMAIL_URL", default="consolemail://")
_email_options = {
    "django.core.mail.backends.smtp.EmailBackend": {
        "host": _email.get("EMAIL_HOST"),
        "port": _email.get("EMAIL_PORT"),
        "username": _email.get("EMAIL_HOST_USER") or None,
        "password": _email.get("EMAIL_HOST_PASSWORD") or None,
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        "timeout": env.int("EMAIL_TIMEOUT", default=10),
    },
    "django.core.mail.backends.filebased.EmailBackend": {
        "file_path": _email.get("EMAIL_FILE_PATH"),
    },
}.get(_email["EMAIL_BACKEND"], {})
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Innov'insertion <ne-pas-repondre@innov-insertion.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Text messages (SMS: innov_insertion/sms.py) ---------------------------------------
# SMS_URL: console:// (default: printed), locmem:// (tests), file:///absolute/folder (one
# file per message), brevo://API_KEY@?sender=CUCM (Brevo's HTTPS API, production).
# SMS_WEBHOOK_SECRET: the secret in the address the provider calls when someone replies STOP
# (/inscription/sms/stop/<secret>/); unset, that address answers 404.
SMS_URL = env.str("SMS_URL", default="console://")
SMS_WEBHOOK_SECRET = env.str("SMS_WEBHOOK_SECRET", default="")

# --- Background tasks (Django's tasks framework: messaging/tasks.py) --------------------
# TASKS_BACKEND=immediate (default): a task runs as soon as it is enqueued, inside the
# request that enqueued it: nothing else to run (development, tests).
# TASKS_BACKEND=database (production): tasks wait in the database (django-tasks-db) and
# the `manage.py db_worker` service runs them; registering answers without waiting for the
# confirmation email to be built and sent.
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = env.str("TASKS_BACKEND", default="immediate")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={_task_backend!r}: expected one of {', '.join(_TASK_BACKENDS)}."
    )
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[_task_backend],
        # The database backend keeps its tasks beside the data: a task is written in the
        # transaction of the change it announces (messaging/tasks.py).
        "OPTIONS": {"ENQUEUE_IN_TRANSACTION": _task_backend == "database"},
    }
}

# --- Accounts (CUCM staff in the admin, exhibitors in their portal) ----------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a login from a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# One sign-in page for staff and exhibitors (/connexion/, also /exposants/connexion/); then
# each person's landing (innov_insertion/accounts.py) unless a safe ?next= says otherwise.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"
# A form sent without its valid token gets a page that explains and offers it again.
CSRF_FAILURE_VIEW = "innov_insertion.error_pages.csrf_failure"
LOGOUT_REDIRECT_URL = "home"
# Invitation and password-reset links stay valid three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Failed logins (portal and admin alike): locked after AXES_FAILURE_LIMIT tries for one
# username from one address, for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The name typed, cut to the 255 characters django-axes stores (a longer one was a 500).
AXES_USERNAME_CALLABLE = "innov_insertion.logins.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "exhibitors/lockout.html"
# Behind a proxy: how many proxies put their address in X-Forwarded-For (nginx alone: 1).
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# --- Passwords ------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time ---------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and times as each language writes them ("17h00" in French, "17:00" in English).
FORMAT_MODULE_PATH = ["innov_insertion.formats"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# CVs: outside MEDIA_ROOT, never served by nginx; only the portal's login-checked view
# streams them.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "exhibitors.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    # Hashed, compressed files in production (run collectstatic); plain files in
    # development and in the test suite (STATIC_MANIFEST=false).
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Forms ----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------
# Django's own Content-Security-Policy: nothing inline, nothing from another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Behind a TLS-terminating proxy (nginx), trust its X-Forwarded-Proto header.
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Exports escape formulas themselves, every text cell of every export (=, +, -, @, tab,
# CR, " =": innov_insertion/exports.py). django-import-export's own escaping only removes a
# leading "=" (changing the data) and only in the admin: off.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# --- Registration ---------------------------------------------------------------------
# How late seats left may be on the public pages (seconds): the page cache renders a page
# again for new seat counts at most once in that time (events/cache.py); 0 renders it again
# at every seat taken. Registering always checks the seat itself.
PUBLIC_SEATS_SECONDS = env.float("PUBLIC_SEATS_SECONDS", default=5)
# Registration form posts allowed per client address (django-ratelimit over CACHES).
# Every post counts, valid or not; an advisors' office behind one address registers many.
REGISTRATION_RATE = env.str("REGISTRATION_RATE", default="30/h")
# Behind a proxy, the header that carries the client's address (e.g. HTTP_X_REAL_IP, set
# by nginx). Empty: the connection's address (REMOTE_ADDR).
RATELIMIT_IP_META_KEY = env.str("CLIENT_IP_HEADER", default="") or None
# purge_personal_data anonymises participants this many days after their edition.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=90)
# purge_personal_data deletes the CVs left at the stands this many days after the edition.
CV_RETENTION_DAYS = env.int("CV_RETENTION_DAYS", default=60)
# django-ratelimit: local memory (E003) is only for one process (development, tests), and
# the participants app's deploy check warns when production runs on it; W001 (a cache it
# does not list) would only concern a CACHE_URL other than Redis (django-redis) or local.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
