"""Settings for Family Hub.

Every setting that differs between a laptop demo and production comes from an environment
variable, with a default that is safe for the demo (SQLite, DEBUG on, local postcode table).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY", "demo-only-not-secret" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "familyhub.postcodes",
    "familyhub.directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "familyhub.urls"
WSGI_APPLICATION = "familyhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "familyhub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default (the demo); PostgreSQL when DATABASE_URL says so,
# e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A larger page cache and memory-mapped reads keep search fast on a big directory;
    # WAL lets readers carry on while someone saves.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
            "PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short queries on SSDs: no JIT compile step, and index lookups priced as on SSD.
    DATABASES["default"]["OPTIONS"] = {
        "options": env("DATABASE_PG_OPTIONS", "-c jit=off -c random_page_cost=1.1")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# In the demo, serve static files straight from the apps (no collectstatic step).
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,  # ORUK's own `format` parameter is handled by the views
    "EXCEPTION_HANDLER": "familyhub.directory.oruk.errors.exception_handler",
}

# --- Family Hub settings -------------------------------------------------------------------
# Public base URL of this deployment, used for absolute links in the ORUK feed.
SITE_URL = env("FAMILYHUB_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where the ORUK 3.0 API is served.
ORUK_API_BASE_PATH = "api/oruk/v3/"
ORUK_PROFILE_URL = env(
    "ORUK_PROFILE_URL", "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
)
# Folder holding the ORUK schemas (beside the repo; tests only). Never shipped in the repo.
ORUK_SPEC_DIR = env("ORUK_SPEC_DIR", str(BASE_DIR.parent / "shared" / "oruk"))

# Postcode lookups: empty means the local table (import_postcodes, plus the shipped
# district centroids); a URL means a postcodes.io-compatible HTTP service.
POSTCODE_LOOKUP_URL = env("POSTCODE_LOOKUP_URL", "")
POSTCODE_LOOKUP_TIMEOUT_SECONDS = float(env("POSTCODE_LOOKUP_TIMEOUT_SECONDS", "3"))

# Search
SEARCH_DEFAULT_PER_PAGE = 10
SEARCH_MAX_PER_PAGE = 100
SEARCH_MAX_QUERY_LENGTH = 200
SEARCH_MAX_RADIUS_MILES = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
