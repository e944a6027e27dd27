"""Production settings (DEBUG off, from environment variables): `manage.py check --deploy` has
nothing to say, plain HTTP is redirected to HTTPS, HSTS is sent, the proxy's HTTPS header is
trusted only when configured, and the demo (DEBUG on, http://127.0.0.1:8000) still works."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

ROOT = django_settings.BASE_DIR


def production_env(**extra) -> dict:
    """The environment of a production process (an extra None leaves a variable unset)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "FAMILYHUB_", "DATABASE_URL"))
    }
    env |= {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "familyhub.example.gov.uk",
        "FAMILYHUB_ENCRYPTION_SALTS": secrets.token_urlsafe(16),
        "FAMILYHUB_SITE_URL": "https://familyhub.example.gov.uk",
        "DATABASE_URL": "postgres://familyhub@db.internal:5432/familyhub",
        **extra,
    }
    return {name: value for name, value in env.items() if value is not None}


def test_check_deploy_is_clean_in_production_settings():
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    # One check is silenced, on purpose: django-ratelimit's warning that the database cache is
    # not atomic; ours is (limits/database_cache.py, decision 0017).
    assert "System check identified no issues (1 silenced)." in done.stdout
    assert django_settings.SILENCED_SYSTEM_CHECKS == ["django_ratelimit.W001"]


# Asks the production settings for a page no database is needed for (a redirect, a 404).
ASK = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="familyhub.example.gov.uk")
answers = {}
for name, kwargs in [("http", {}), ("https", {"secure": True}),
                     ("proxied", {"HTTP_X_FORWARDED_PROTO": "https"})]:
    response = client.get("/no-such-page/", **kwargs)
    answers[name] = {"status": response.status_code, "location": response.get("Location", ""),
                     "hsts": response.get("Strict-Transport-Security", ""),
                     "csp": response.get("Content-Security-Policy", "")}
print(json.dumps(answers))
"""


def _ask(**extra) -> dict:
    env = production_env(DJANGO_SETTINGS_MODULE="familyhub.settings", **extra)
    done = subprocess.run(
        [sys.executable, "-c", ASK], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_plain_http_is_sent_to_https_and_https_answers_with_hsts():
    answers = _ask()
    assert answers["http"]["status"] == 301
    assert answers["http"]["location"] == "https://familyhub.example.gov.uk/no-such-page/"
    assert answers["https"]["status"] == 404
    assert answers["https"]["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in answers["https"]["csp"]
    # Without the proxy setting, a client's X-Forwarded-Proto is not believed.
    assert answers["proxied"]["status"] == 301


def test_behind_a_proxy_its_https_header_is_believed_only_when_configured():
    answers = _ask(FAMILYHUB_PROXY_HTTPS_HEADER="X-Forwarded-Proto")
    assert answers["proxied"]["status"] == 404
    assert answers["proxied"]["hsts"].startswith("max-age=31536000")
    assert answers["http"]["status"] == 301


def test_hsts_and_the_redirect_can_be_set_from_the_environment():
    answers = _ask(DJANGO_SECURE_HSTS_SECONDS="300", DJANGO_SECURE_SSL_REDIRECT="false")
    assert answers["http"]["status"] == 404
    assert answers["https"]["hsts"] == "max-age=300; includeSubDomains; preload"


def test_the_demo_keeps_plain_http():
    demo = {"DJANGO_DEBUG": None, "DJANGO_SECRET_KEY": None, "FAMILYHUB_ENCRYPTION_SALTS": None}
    answers = _ask(**demo)
    assert answers["http"]["status"] == 404
    assert answers["https"]["hsts"] == ""


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_trusted_proxy_count_comes_from_the_environment(count):
    env = production_env(FAMILYHUB_TRUSTED_PROXY_COUNT=str(count))
    done = subprocess.run(
        [sys.executable, "-c", "import familyhub.settings as s; "
         "print(s.AXES_IPWARE_META_PRECEDENCE_ORDER, s.AXES_IPWARE_PROXY_COUNT)"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    expected = "('REMOTE_ADDR',) None" if count == 0 else f"('HTTP_X_FORWARDED_FOR',) {count - 1}"
    assert done.stdout.strip() == expected
