"""Settings of Maillage, read from the environment.

With no variable set, the site runs on the embedded default: SQLite, the in-memory channel
layer, a local-memory cache, the Whoosh index and every file under ``var/``, tasks run
immediately and e-mail printed to the console. Setting ``DATABASE_URL``, ``REDIS_URL`` and the
production variables switches the very same code to its scaled configuration: nothing exists
only in production.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


VAR_DIR = Path(env("MAILLAGE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", True)
# `make run` serves the demo as its users will see it (DEBUG off: French error pages, hashed
# static files) but on plain HTTP on this machine: the secret key kept in var/, the local host
# names, no HTTPS redirect nor HTTPS-only cookies. Never set it in production.
LOCAL_SERVER = env_bool("MAILLAGE_LOCAL_SERVER", False)


def _secret_key():
    """In production the key must come from the environment; locally it is made once."""
    key = env("SECRET_KEY")
    if key:
        return key
    if not DEBUG and not LOCAL_SERVER:
        return None
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG or LOCAL_SERVER else []
)

if not DEBUG:
    missing = [name for name, value in (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS)) if not value]
    if missing:
        raise ImproperlyConfigured("DEBUG=0 (production) needs these environment variables: " + ", ".join(missing))

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications -------------------------------------------------------------------------

INSTALLED_APPS = [
    "daphne",
    # ours
    "core",
    "portal",
    "workspace.people",
    "workspace.contacts",
    "workspace.chat",
    "directory",
    "home",
    "search",
    # haystack before wagtail.search: its update_index/rebuild_index are the ones we run
    # (Wagtail's own is still available as wagtail_update_index).
    "haystack",
    # wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "wagtailgeowidget",
    # third parties
    "channels",
    "guardian",
    "axes",
    "django_htmx",
    "django_tasks",
    # django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # answers cached public pages before CSRF, authentication and Wagtail's routing run
    "home.cache.PageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # last, so that it sees the outcome of authentication
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------

DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(env("CONN_MAX_AGE", 0)))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", True):
        # Under ASGI every request runs in a thread of its own: a persistent connection
        # (CONN_MAX_AGE > 0) is opened per thread and never reused, so one Daphne at 16 clients held
        # 40 idle connections and two reached PostgreSQL's max_connections. A pool per process
        # (psycopg 3's, through Django) lends a connection for a request and takes it back: a
        # process never holds more than DB_POOL_MAX connections, whatever its threads.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(env("DB_POOL_MIN", 1)),
            "max_size": int(env("DB_POOL_MAX", 8)),
            "timeout": float(env("DB_POOL_TIMEOUT", 10)),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # Kept open by the thread that opened it: the sockets' database threads and Channels'
            # one thread no longer open the file (and checkpoint the WAL when closing it) per call.
            "CONN_MAX_AGE": int(env("CONN_MAX_AGE", 600)),
            "OPTIONS": {
                # WAL lets readers and one writer work at once: several Daphne requests
                # share the file without "database is locked" on ordinary loads.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
# How many events a socket's channel may hold before the layer drops new ones (Channels' default
# is 100): a burst in a busy room must not be lost. A client also notices a gap in a room (each
# message names the previous one) and asks for what it missed.
CHANNEL_CAPACITY = int(env("CHANNEL_CAPACITY", "1000"))

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "maillage"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s timeout by default, the same as the 5 s a socket's
                # channel waits on Redis (BZPOPMIN): under load the read lost the race and the
                # consumer died (1011). The read now waits longer than the wait.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "prefix": env("CHANNEL_PREFIX", "maillage"),
                "capacity": CHANNEL_CAPACITY,
            },
        }
    }
else:
    # Rendition URLs and public pages share this cache: far more than the default 300 entries.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "maillage",
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "core.channel_layer.InMemoryChannelLayer", "CONFIG": {"capacity": CHANNEL_CAPACITY}}
    }

TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
# search/signals.py: one thread of the process writes the index when tasks run inline
SEARCH_INDEX_WRITER_THREAD = env_bool(
    "SEARCH_INDEX_WRITER_THREAD", TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
)

HAYSTACK_URL = env("SEARCH_URL")
if HAYSTACK_URL:
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "haystack.backends.elasticsearch7_backend.Elasticsearch7SearchEngine",
            "URL": HAYSTACK_URL,
            "INDEX_NAME": env("SEARCH_INDEX_NAME", "maillage"),
        }
    }
else:
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "search.backends.FrenchWhooshEngine",  # Whoosh, with French analysis
            "PATH": str(Path(env("WHOOSH_PATH", VAR_DIR / "whoosh_index"))),
        }
    }
# Saves and deletes queue an index refresh, written by one task (search/signals.py).
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.QueuedSignalProcessor"

# --- Users --------------------------------------------------------------------------------

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace-home"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Five failures lock the pair (account, address) for fifteen minutes. Locking an address alone
# would lock out every learner of a public digital space behind the same connection.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row
GUARDIAN_MONKEY_PATCH_USER = False

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]  # the templates of portal/templates

# --- Files --------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", VAR_DIR / "private"))
# Set behind nginx (e.g. "/_private/", an internal location on PRIVATE_ROOT): Django checks the
# rights and answers X-Accel-Redirect, nginx streams the bytes (core/serving.py).
PRIVATE_ACCEL_PREFIX = env("PRIVATE_ACCEL_PREFIX", "")
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.staticfiles.ManifestStaticFilesStorage"  # hashed, compressed; see there
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PROFILE_PHOTO_MAX_BYTES = 5 * 1024 * 1024

# --- E-mail -------------------------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if env("EMAIL_URL") or env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(env("EMAIL_PORT", 25))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@maillage.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail ------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Maillage"
WAGTAILADMIN_BASE_URL = env("BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Map tiles are a setting: pages still work, with their list, when tiles do not load.
MAP_TILES_URL = env("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)

DEMO_PASSWORD = env("DEMO_PASSWORD", "maillage-demo")

# --- Security -----------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and not LOCAL_SERVER:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

_tile_origin = "/".join(MAP_TILES_URL.split("/")[:3]).replace("{s}.", "")
CONTENT_SECURITY_POLICY = {
    # The Wagtail admin still relies on inline scripts; it is excluded from the strict policy
    # and protected by its own authentication.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", _tile_origin],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", "ws:", "wss:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"django.channels.server": {"level": "INFO"}, "daphne": {"level": "WARNING"}},
}

# --- home (public site) -------------------------------------------------------------------

INSTALLED_APPS += [
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtailcharts",  # after home: home overrides its block template (CSP: no inline script)
]

# --- workspace (spaces, desk and modules) ------------------------------------------------------

INSTALLED_APPS += [
    "workspace.spaces",
    "workspace.dashboard",
    "workspace.notes",
    "workspace.forum",
    "workspace.files",
    "workspace.notifications",
    "workspace.agenda",
    "workspace.tickets",
    "workspace.espap",
    "workspace.publishing",
    "workspace.placecard",
]
# esp@p: the ICE servers of the video calls, as the JSON list a browser's RTCPeerConnection takes
# (e.g. '[{"urls": "stun:turn.example.org:3478"}, {"urls": "turn:turn.example.org:3478",
# "username": "maillage", "credential": "…"}]'); empty by default: calls then work on a local
# network and between browsers that reach each other (README: coturn).
ESPAP_ICE_SERVERS = env("ESPAP_ICE_SERVERS", "[]")
# how long a document sent during a call is kept, and an inhabitant's personal data after the
# appointment (the appointment itself stays for the figures)
ESPAP_DOCUMENT_DAYS = int(env("ESPAP_DOCUMENT_DAYS", 7))
ESPAP_PERSONAL_DATA_DAYS = int(env("ESPAP_PERSONAL_DATA_DAYS", 90))
# A working group's files: how much each space may hold, and the largest single upload.
WORKSPACE_SPACE_QUOTA_BYTES = int(env("WORKSPACE_SPACE_QUOTA_BYTES", 500 * 1024 * 1024))
WORKSPACE_UPLOAD_MAX_BYTES = int(env("WORKSPACE_UPLOAD_MAX_BYTES", 50 * 1024 * 1024))

# --- directory ----------------------------------------------------------------------------

import xstatic.pkg.leaflet  # noqa: E402
import xstatic.pkg.leaflet_markercluster  # noqa: E402

# Leaflet and its clustering plugin are served from our static files (xstatic wheels), no CDN.
STATICFILES_DIRS += [
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("vendor/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
# Public pages are cached this many seconds for anonymous visitors, purged on publish (0: off).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", 300))
