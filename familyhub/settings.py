"""Settings for Family Hub.

Every setting that differs between a laptop demo and production comes from an environment
variable, with a default that is safe for the demo (SQLite, DEBUG on, local postcode table).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.conf import global_settings

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
    "crispy_forms",
    "crispy_forms_gds",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "axes",
    "django_ratelimit",
    "familyhub.limits",
    "django_tasks",
    "django_tasks_db",
    "familyhub.postcodes",
    "familyhub.directory",
    "familyhub.finder",
    "familyhub.accounts",
    "familyhub.audit",
    "familyhub.families",
    "familyhub.referrals",
    "familyhub.notifications",
    "familyhub.gaps",
    "familyhub.upkeep",
    "familyhub.interchange",
    "familyhub.safety",
    "familyhub.subject_access",
    "familyhub.jobs",
    "familyhub.retention",
    "familyhub.casework",
    "familyhub.outcomes",
    "familyhub.offline",
    "familyhub.localoffer",
    "familyhub.planning",
    "familyhub.information",
    "familyhub.places",
    "familyhub.programmes",
    "familyhub.workforce",
    "familyhub.feedback",
    "familyhub.equality",
]

MIDDLEWARE = [
    # First: on the ORUK API's own host (ORUK_API_HOST) every URL is the API's.
    "familyhub.directory.oruk.hosts.ApiHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for browsers that accept it (static files come compressed already).
    # Django adds random padding to each compressed page against BREACH ("Heal the Breach").
    "django.middleware.gzip.GZipMiddleware",
    # The Content-Security-Policy header, with a fresh nonce for each page (django-csp).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Pages with personal data are never stored by browsers or proxies.
    "familyhub.accounts.middleware.NoStoreForPersonalPagesMiddleware",
    # Signed-in sessions end after a while unused, and after a longest time.
    "familyhub.accounts.middleware.SessionLimitsMiddleware",
    "familyhub.accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The public's directory pages may read from a read replica (DATABASE_REPLICA_URLS).
    "familyhub.replicas.PublicReadsMiddleware",
    # Last, as django-axes asks: it answers locked-out sign-ins.
    "axes.middleware.AxesMiddleware",
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
                "familyhub.finder.context_processors.council",
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
# Read replicas (decision 0048): DATABASE_REPLICA_URLS, comma-separated, names PostgreSQL
# streaming replicas of the primary; the public's directory reads go to them
# (familyhub/replicas.py), everything else to the primary. None by default.
DATABASE_REPLICAS = []
for _number, _url in enumerate(
    (u.strip() for u in env("DATABASE_REPLICA_URLS", "").split(",") if u.strip()), start=1
):
    _alias = f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASES[_alias]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    # In the test suite a replica is the primary itself (its tests start a real one).
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["familyhub.replicas.PublicReadsRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Forms in GOV.UK Design System markup (crispy-forms-gds).
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Signing in ------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-ins after too many failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "finder:start"
# Lock an account (or an address) out after this many failed sign-ins, for this many minutes.
AXES_FAILURE_LIMIT = int(env("FAMILYHUB_SIGN_IN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("FAMILYHUB_SIGN_IN_LOCKOUT_MINUTES", "15")))
# Lock the pair (this username from this address): a shared computer in a family hub, or a
# council network behind one address, is not locked out for everyone by one person's typos.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The address a sign-in comes from (django-axes reads it with django-ipware). With no proxy in
# front (the default), it is the connection's own address and an X-Forwarded-For header is
# ignored, so nobody can pretend to be somewhere else. Behind proxies (a load balancer, a CDN),
# set FAMILYHUB_TRUSTED_PROXY_COUNT to how many there are: each adds the address it saw to the
# end of X-Forwarded-For, so the client is that many places from the end, and anything a client
# wrote in front of it is ignored. The app must then be reachable only through the proxies.


def client_address_settings(trusted_proxies: int) -> dict:
    """django-axes's (django-ipware's) settings for this many trusted proxies in front."""
    if trusted_proxies <= 0:
        return {
            "AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",),
            "AXES_IPWARE_PROXY_COUNT": None,
        }
    return {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR",),
        # ipware counts the proxies named in the header after the client: the last proxy is
        # the connection itself, not in the header.
        "AXES_IPWARE_PROXY_COUNT": trusted_proxies - 1,
    }


TRUSTED_PROXY_COUNT = int(env("FAMILYHUB_TRUSTED_PROXY_COUNT", "0"))
_client_address = client_address_settings(TRUSTED_PROXY_COUNT)
AXES_IPWARE_META_PRECEDENCE_ORDER = _client_address["AXES_IPWARE_META_PRECEDENCE_ORDER"]
AXES_IPWARE_PROXY_COUNT = _client_address["AXES_IPWARE_PROXY_COUNT"]
AXES_IPWARE_PROXY_ORDER = "left-most"
# A chain longer than the proxies configured (a client's own X-Forwarded-For in front) still
# answers with the address the first trusted proxy saw, rather than giving up.
IPWARE_STRICT = False
# Staff must confirm a code from an authenticator app (TOTP) to see family records.
# Always on in production (DEBUG off); can be switched on in the demo.
STAFF_TWO_FACTOR_REQUIRED = env_bool("FAMILYHUB_STAFF_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = env("FAMILYHUB_TOTP_ISSUER", "Family Hub")
# Setting up an authenticator app shows its secret only within this many minutes of the person
# typing their password (at sign-in, or again when asked).
TWO_FACTOR_PASSWORD_FRESH_MINUTES = int(env("FAMILYHUB_TWO_FACTOR_PASSWORD_MINUTES", "5"))
# Recovery codes made when staff set up their app: each signs in once without the app.
TWO_FACTOR_RECOVERY_CODES = 10

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The families' pages can be read in these languages (/pl/... for Polish, /ro/... for Romanian);
# English is the default. Another language is added without code: its code and its own name in
# FAMILYHUB_LANGUAGES ("en-gb:English,pl:Polski,ro:Română,pa:ਪੰਜਾਬੀ"), its catalogue in
# familyhub/locale/<code>/LC_MESSAGES/django.po (decision 0044). A right-to-left language
# (Django's LANGUAGES_BIDI: Arabic, Urdu, Persian, Hebrew...; more in FAMILYHUB_RTL_LANGUAGES)
# sets dir="rtl" on every page.
LANGUAGES = [
    (code.strip(), name.strip())
    for code, _sep, name in (
        item.partition(":")
        for item in env_list("FAMILYHUB_LANGUAGES", "en-gb:English,pl:Polski,ro:Română")
    )
]
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, *env_list("FAMILYHUB_RTL_LANGUAGES")]
LOCALE_PATHS = [BASE_DIR / "familyhub" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# The front end built by scripts/build-assets from the npm registry's govuk-frontend.
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
# As production serves them: hashed names (cached for a year) and gzip/Brotli copies, served by
# WhiteNoise from STATIC_ROOT after collectstatic. Always when DEBUG is off; the demo
# (scripts/demo) asks for it too, so the README's first command serves what production does.
STATIC_AS_PRODUCTION = env_bool("FAMILYHUB_STATIC_AS_PRODUCTION", not DEBUG)
if STATIC_AS_PRODUCTION:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "familyhub.finder.static_storage.StaticFiles"},
    }
# Otherwise (development, the tests) static files come straight from the apps. (With DEBUG on,
# Django links the plain names; WhiteNoise still serves their compressed copies.)
WHITENOISE_AUTOREFRESH = DEBUG and not STATIC_AS_PRODUCTION
WHITENOISE_USE_FINDERS = DEBUG and not STATIC_AS_PRODUCTION

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
# Where the ORUK 3.0 API is served: at this path on the site, and, when ORUK_API_HOST names a
# host (e.g. oruk.example.org, pointed at this deployment), at the root of that host, for
# consumers that ask for /services there (DfE's family hub ingest does).
ORUK_API_BASE_PATH = "api/oruk/v3/"
ORUK_API_HOST = env("ORUK_API_HOST", "").strip().lower()
if ORUK_API_HOST and ORUK_API_HOST not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(ORUK_API_HOST)
# A page of an ORUK list holds this many records when the consumer gives no per_page (the
# standard sets no default; consumers that read one page, as DfE's ingest does, expect a whole
# council's feed: up to a thousand or so services), and at most the second (a larger per_page
# is given this many, and the page's `size` says so). A page of fully nested records
# (?full=true) holds at most the third: each is some twenty times bigger (about 21 KB of JSON
# against 1 KB in the demo directory, a tenth of that gzipped).
ORUK_DEFAULT_PER_PAGE = int(env("ORUK_DEFAULT_PER_PAGE", "1000"))
ORUK_MAX_PER_PAGE = int(env("ORUK_MAX_PER_PAGE", "1000"))
ORUK_MAX_FULL_PER_PAGE = int(env("ORUK_MAX_FULL_PER_PAGE", "200"))
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

# The partnership's area: its local authority as the postcode districts name it. An imported
# record with no place in it (and not delivered online or by phone) waits for review.
PARTNERSHIP_LOCAL_AUTHORITY = env("FAMILYHUB_LOCAL_AUTHORITY", "Medway")

# The council's branding on the families' pages (no crown, no GDS Transport font).
COUNCIL_NAME = env("FAMILYHUB_COUNCIL_NAME", "Medway Council")
SERVICE_NAME = env("FAMILYHUB_SERVICE_NAME", "Find support for your family")
# Header background and text; link colour. A system check refuses pairs below WCAG AA contrast.
BRAND_COLOUR = env("FAMILYHUB_BRAND_COLOUR", "#0a4a7a")
BRAND_TEXT_COLOUR = env("FAMILYHUB_BRAND_TEXT_COLOUR", "#ffffff")
LINK_COLOUR = env("FAMILYHUB_LINK_COLOUR", "#1a65a6")
# Shown on the families' pages: what to do if a child is in danger. Check before go-live.
SAFEGUARDING_CONTACT = {
    "name": env("FAMILYHUB_SAFEGUARDING_NAME", "Medway Council's First Response Team"),
    "phone": env("FAMILYHUB_SAFEGUARDING_PHONE", "01634 334 466"),
    "hours": env("FAMILYHUB_SAFEGUARDING_HOURS", "Monday to Friday, 9am to 5pm"),
    "out_of_hours_phone": env("FAMILYHUB_SAFEGUARDING_OUT_OF_HOURS_PHONE", "03000 419 191"),
}
# Where "Exit this page" goes: an ordinary, harmless page.
QUICK_EXIT_URL = env("FAMILYHUB_QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
# A search with fewer results than this is recorded (anonymously) as possible unmet need.
FEW_RESULTS = int(env("FAMILYHUB_FEW_RESULTS", "3"))

# --- Family records and requests for support ------------------------------------------------
# Free text and contact details about families are encrypted at rest (django-fernet-encrypted-
# fields: Fernet keys derived from SECRET_KEY and these salts; the first encrypts, all decrypt,
# so a new salt can be put first to rotate). Required when DEBUG is off.
SALT_KEY = env_list("FAMILYHUB_ENCRYPTION_SALTS", "demo-only-salt" if DEBUG else "")
if not SALT_KEY:
    raise RuntimeError("Set FAMILYHUB_ENCRYPTION_SALTS when DJANGO_DEBUG is off.")
# Time limits for a request for support, in working days (England and Wales bank holidays).
REQUEST_RECEIVE_WITHIN_WORKING_DAYS = int(env("FAMILYHUB_RECEIVE_WITHIN_WORKING_DAYS", "2"))
REQUEST_DECIDE_WITHIN_WORKING_DAYS = int(env("FAMILYHUB_DECIDE_WITHIN_WORKING_DAYS", "5"))
# Requests with no service ("not sure which service?") go to the early help triage mailbox.
TRIAGE_EMAIL = env("FAMILYHUB_TRIAGE_EMAIL", "earlyhelp.triage@example.org")
# Which version of the consent wording families see (recorded with consent). The privacy
# notice's version is not a setting: it is the text itself (familyhub/referrals/privacy.py).
CONSENT_WORDING_VERSION = env("FAMILYHUB_CONSENT_WORDING_VERSION", "2026-11")
# The council's data protection officer, named in the privacy notice. Check before go-live.
DATA_PROTECTION_CONTACT = {
    "name": env("FAMILYHUB_DPO_NAME", "Data Protection Officer, Medway Council"),
    "email": env("FAMILYHUB_DPO_EMAIL", "dataprotection@example.org"),
    "address": env("FAMILYHUB_DPO_ADDRESS", "Gun Wharf, Dock Road, Chatham, Kent ME4 4TR"),
}
# How long personal data is kept and what happens then, per kind of record: a JSON file,
# checked at startup (familyhub/retention/policy.py). The shipped defaults are for the council's
# Data Protection Officer to confirm.
RETENTION_POLICY_FILE = env(
    "FAMILYHUB_RETENTION_POLICY_FILE",
    str(BASE_DIR / "familyhub" / "retention" / "data" / "policy.json"),
)
# Families who will phone about a request with no service chosen call the early help team.
TRIAGE_PHONE = env("FAMILYHUB_TRIAGE_PHONE", "01632 960000")
# "Other ways to get help" (familyhub/offline/): the phone line anyone can ring to be helped
# to find support or to ask for it (staff can make the request on the family's behalf), and its
# hours. The family hubs listed beside it are the directory's places named "Family Hub".
OFFLINE_HELP = {
    "line_name": env("FAMILYHUB_HELP_LINE_NAME", "Medway Family Hubs information line"),
    "phone": env("FAMILYHUB_HELP_LINE_PHONE", TRIAGE_PHONE),
    "hours": env("FAMILYHUB_HELP_LINE_HOURS", "Monday to Friday, 9am to 5pm"),
    "places_named": env("FAMILYHUB_HELP_PLACES_NAMED", "Family Hub"),
}
# A request by the same family for the same service or need within this many days is a repeat.
REPEAT_REQUEST_WINDOW_DAYS = int(env("FAMILYHUB_REPEAT_REQUEST_WINDOW_DAYS", "365"))
# One-time codes that let a family see a request with its reference (no account).
TRACKING_CODE_MINUTES = int(env("FAMILYHUB_TRACKING_CODE_MINUTES", "30"))
TRACKING_CODE_ATTEMPTS = int(env("FAMILYHUB_TRACKING_CODE_ATTEMPTS", "5"))

# --- Rate limits (django-ratelimit; decision 0017) -----------------------------------------
# "N/h" is N an hour ("N/m" a minute, "N/d" a day). A client is an address (see
# familyhub/limits/services.py); a reference counts whoever asks. Over a limit, the page says
# so and when to try again (429). The family is told, once a period, when its reference is
# asked for codes more often than TRACKING_CODES_PER_REFERENCE.
TRACKING_CODES_PER_REFERENCE = env("FAMILYHUB_TRACKING_CODES_PER_REFERENCE", "3/h")
TRACKING_CODES_PER_CLIENT = env("FAMILYHUB_TRACKING_CODES_PER_CLIENT", "10/h")
TRACKING_GUESSES_PER_REFERENCE = env("FAMILYHUB_TRACKING_GUESSES_PER_REFERENCE", "5/h")
TRACKING_GUESSES_PER_CLIENT = env("FAMILYHUB_TRACKING_GUESSES_PER_CLIENT", "20/h")
# New requests for support started (drafts made) by one address, or one signed-in person.
NEW_REQUESTS_PER_CLIENT = env("FAMILYHUB_NEW_REQUESTS_PER_CLIENT", "20/h")
# Anonymous "the Parent's Charter was not met" notes sent from one address.
CHARTER_FEEDBACK_PER_CLIENT = env("FAMILYHUB_CHARTER_FEEDBACK_PER_CLIENT", "10/h")
# The counters live in a database table (no new server), shared by every web worker: Django's
# database cache with an atomic increment. Its table is made by migration limits/0001.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "rate_limits": {
        "BACKEND": "familyhub.limits.database_cache.AtomicDatabaseCache",
        "LOCATION": "familyhub_rate_limits",
        # Counters are never culled early (that would reset them); expired ones are deleted
        # once there are this many rows.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
# A shared Redis (decision 0048), when FAMILYHUB_REDIS_URL names one: every web worker and every
# app server then shares the one cache and the rate limits' counters (Redis counts atomically).
REDIS_URL = env("FAMILYHUB_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "familyhub",
        },
        "rate_limits": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "familyhub-limits",
        },
    }
RATELIMIT_USE_CACHE = "rate_limits"
RATELIMIT_IP_META_KEY = "familyhub.limits.services.client_address"
# django-ratelimit warns about any cache it does not know; this one increments atomically.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
# A form post larger than this is refused (400/413 page) before anything is read or stored.
# A request's longest page (three 4,000-character boxes, each character up to 12 bytes sent)
# fits well inside it. File uploads are not counted here.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("FAMILYHUB_MAX_FORM_BYTES", str(256 * 1024)))
# --- Early help casework -------------------------------------------------------------------
# Which version of the early help consent wording families are shown (recorded with consent).
CASE_CONSENT_WORDING_VERSION = env("FAMILYHUB_CASE_CONSENT_WORDING_VERSION", "eh-2026-12")
# How often a family plan is reviewed, in weeks (6 to 12).
CASE_REVIEW_EVERY_WEEKS = int(env("FAMILYHUB_CASE_REVIEW_EVERY_WEEKS", "8"))
if not 6 <= CASE_REVIEW_EVERY_WEEKS <= 12:
    raise RuntimeError("FAMILYHUB_CASE_REVIEW_EVERY_WEEKS must be between 6 and 12.")
# How long a manager's break-glass look at a case outside their team lasts, in minutes.
CASE_BREAK_GLASS_MINUTES = int(env("FAMILYHUB_CASE_BREAK_GLASS_MINUTES", "60"))

# --- Family feedback (decision 0027) --------------------------------------------------------
# How long a feedback link works, and after how many days one reminder goes if no one answered.
FEEDBACK_LINK_DAYS = int(env("FAMILYHUB_FEEDBACK_LINK_DAYS", "60"))
FEEDBACK_REMINDER_DAYS = int(env("FAMILYHUB_FEEDBACK_REMINDER_DAYS", "7"))
if not 1 <= FEEDBACK_REMINDER_DAYS < FEEDBACK_LINK_DAYS:
    raise RuntimeError(
        "FAMILYHUB_FEEDBACK_REMINDER_DAYS must be 1 or more, and less than the link's days."
    )

# --- Reminders to staff about their own work (jobs remind_expiring_training and
# remind_information_reviews) ------------------------------------------------------------------
# Days before a training record expires that the person (and their team's managers) are told.
WORKFORCE_EXPIRY_NOTICE_DAYS = int(env("FAMILYHUB_WORKFORCE_EXPIRY_NOTICE_DAYS", "60"))
# Days before an information page's review-by date that content editors are told.
INFORMATION_REVIEW_NOTICE_DAYS = int(env("FAMILYHUB_INFORMATION_REVIEW_NOTICE_DAYS", "14"))
if WORKFORCE_EXPIRY_NOTICE_DAYS < 0 or INFORMATION_REVIEW_NOTICE_DAYS < 0:
    raise RuntimeError(
        "FAMILYHUB_WORKFORCE_EXPIRY_NOTICE_DAYS and FAMILYHUB_INFORMATION_REVIEW_NOTICE_DAYS "
        "must be 0 or more."
    )

# --- Notifications (email and SMS through a durable outbox) --------------------------------
# "file" writes each message to NOTIFICATIONS_FILE_DIR (the demo), "console" prints it,
# "notify" sends through GOV.UK Notify (needs NOTIFY_API_KEY and the template ids).
NOTIFICATIONS_BACKEND = env("FAMILYHUB_NOTIFICATIONS_BACKEND", "file")
NOTIFICATIONS_FILE_DIR = Path(env("FAMILYHUB_NOTIFICATIONS_DIR", str(BASE_DIR / "var" / "outbox")))
NOTIFICATIONS_MAX_ATTEMPTS = int(env("FAMILYHUB_NOTIFICATIONS_MAX_ATTEMPTS", "8"))
NOTIFY_API_KEY = env("NOTIFY_API_KEY", "")
NOTIFY_EMAIL_TEMPLATE_ID = env("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID", "")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_TIMEOUT_SECONDS = float(env("NOTIFY_TIMEOUT_SECONDS", "10"))

# --- Background work (decision 0013) ---------------------------------------------------------
# Django's tasks framework (the django-tasks backport) with its database backend: tasks are rows
# in this database, run by `manage.py db_worker`; `manage.py run_schedule` queues the scheduled
# jobs (familyhub/jobs/schedule.py). "immediate" runs each task at once in the process that
# queued it: for tests only, never production (a hung provider would hold a web worker).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = env("FAMILYHUB_TASKS_BACKEND", "database")
if _tasks_backend not in TASK_BACKENDS:
    raise RuntimeError(
        f"FAMILYHUB_TASKS_BACKEND is {_tasks_backend!r}; use one of {', '.join(TASK_BACKENDS)}."
    )
# Queues: "default" (messages, scheduled jobs) and "imports" (long runs, their own worker).
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend], "QUEUES": ["default", "imports"]}}
# An import run that has made no progress for this long was interrupted (its worker stopped):
# it is queued again, up to INTERCHANGE_RUN_ATTEMPTS attempts in all, then marked failed.
INTERCHANGE_RUN_STALE_MINUTES = int(env("FAMILYHUB_IMPORT_STALE_MINUTES", "30"))
INTERCHANGE_RUN_ATTEMPTS = int(env("FAMILYHUB_IMPORT_ATTEMPTS", "2"))
# Scheduled pulls of partners' feeds (interchange/pulls.py): a pull that would archive this many
# services or more is held for a data manager; they are told after this many failures in a row.
INTERCHANGE_PULL_ARCHIVE_LIMIT = int(env("FAMILYHUB_PULL_ARCHIVE_LIMIT", "10"))
INTERCHANGE_PULL_FAILURES_TO_TELL = int(env("FAMILYHUB_PULL_FAILURES_TO_TELL", "3"))
# Finished background work is kept this many days for the administrators' page (failed longer).
JOBS_KEEP_FINISHED_DAYS = int(env("FAMILYHUB_JOBS_KEEP_FINISHED_DAYS", "14"))
JOBS_KEEP_FAILED_DAYS = int(env("FAMILYHUB_JOBS_KEEP_FAILED_DAYS", "90"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# --- Sessions (decision 0018) ---------------------------------------------------------------
# Visitors who are not signed in get a session only when something needs one (a shortlist, a
# request being written); it lasts 30 days.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SESSION_COOKIE_SAMESITE = "Lax"
# Signed-in sessions end after this many minutes unused, or this many hours after signing in,
# whichever is first; the person signs in again and goes back to the page they asked for.
SESSION_LIMITS = {
    "staff": {
        "idle_minutes": int(env("FAMILYHUB_STAFF_IDLE_MINUTES", "30")),
        "longest_hours": int(env("FAMILYHUB_STAFF_SESSION_HOURS", "12")),
    },
    "parent": {
        "idle_minutes": int(env("FAMILYHUB_PARENT_IDLE_MINUTES", "60")),
        "longest_hours": int(env("FAMILYHUB_PARENT_SESSION_HOURS", "12")),
    },
}

# --- HTTPS and security headers (decision 0018) -------------------------------------------
if env_bool("DJANGO_SECURE_COOKIES", not DEBUG):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# With DEBUG off, plain HTTP is redirected to HTTPS and browsers are told to use only HTTPS
# (HSTS) for a year, subdomains too. Lower the seconds for a first release, or set them to 0 to
# take HSTS back (browsers keep a year they were already told).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
# Behind a proxy that ends HTTPS, the header it sets to say the visitor used HTTPS, e.g.
# X-Forwarded-Proto. Set it only when the proxy always sets (or overwrites) that header.
_proxy_https_header = env("FAMILYHUB_PROXY_HTTPS_HEADER", "").strip()
if _proxy_https_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_https_header.upper().replace("-", "_"), "https")
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles only from this site or with the
# page's nonce (never 'unsafe-inline'); no plugins, no <base>, forms post only here, and no
# other site may frame a page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if env("FAMILYHUB_CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [env("FAMILYHUB_CSP_REPORT_URI")]
