"""Scale-out made real: the product served with a real PostgreSQL streaming replica beside its
primary (both started here). The public's directory pages read the replica; every other page
reads the primary, so what someone has just written is what they read.

The proof pauses the replica's replay: a service added on the primary is then missing from the
public pages (they read the replica) but found by the request form (it reads the primary); once
replay resumes, the public pages show it too.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.deployment.servers import free_port, postgres_pair

ROOT = Path(__file__).resolve().parents[2]
# It starts its own primary and replica; it runs once, in the PostgreSQL pass of the suite.
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="read replicas are PostgreSQL's: the PostgreSQL pass"
)


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def pair():
    folder = Path(tempfile.mkdtemp(prefix="familyhub-replica-"))
    try:
        with postgres_pair(folder) as pair:
            with pair.connect(pair.primary_port) as primary:
                primary.execute("CREATE DATABASE familyhub")
            yield pair
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def served(pair):
    folder = Path(tempfile.mkdtemp(prefix="familyhub-replica-site-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": pair.url(pair.primary_port, "familyhub"),
        "DATABASE_REPLICA_URLS": pair.url(pair.replica_port, "familyhub"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "replica-tests-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "FAMILYHUB_ENCRYPTION_SALTS": "replica-tests-only-salt",
        "FAMILYHUB_TASKS_BACKEND": "immediate",
    }

    def manage(*command):
        done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                              capture_output=True, text=True)  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"manage.py {command[0]} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout.strip()

    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "familyhub.wsgi:application", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/privacy/", timeout=1).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError((folder / "gunicorn.log").read_text()) from None
                time.sleep(0.1)
        yield base, manage
    finally:
        server.terminate()
        server.wait(10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _add_service(manage, name):
    """A new service, written on the primary by another process (as a provider's change is)."""
    return manage(
        "shell", "--no-imports", "-c",
        "from tests.factories import ServiceFactory; "
        f"print(ServiceFactory(name={name!r}, access_self_referral=True).id)",
    )  # fmt: skip


def test_public_pages_read_the_replica_and_the_rest_read_the_primary(pair, served):
    base, manage = served
    harbour = _add_service(manage, "Harbour stay and play")
    pair.wait_for_replica()
    assert _status(f"{base}/services/{harbour}/") == 200
    assert _status(f"{base}/api/oruk/v3/services/{harbour}") == 200

    pair.pause_replica()
    try:
        lighthouse = _add_service(manage, "Lighthouse stay and play")
        # The public's pages read the replica, which has not replayed the new service yet.
        assert _status(f"{base}/services/{lighthouse}/") == 404
        assert _status(f"{base}/api/oruk/v3/services/{lighthouse}") == 404
        # Asking for support reads the primary: the new service is there to ask.
        with urllib.request.urlopen(f"{base}/request/?service={lighthouse}", timeout=10) as page:
            assert page.status == 200
            assert re.search(r"Lighthouse stay and play", page.read().decode())
    finally:
        pair.resume_replica()
    pair.wait_for_replica()
    assert _status(f"{base}/services/{lighthouse}/") == 200
    assert _status(f"{base}/api/oruk/v3/services/{lighthouse}") == 200


def test_the_replica_takes_no_writes(pair):
    """A replica is read-only: nothing the product does can write to it by mistake."""
    with (
        pair.connect(pair.replica_port, "familyhub") as replica,
        pytest.raises(psycopg.errors.ReadOnlySqlTransaction),
    ):
        replica.execute("CREATE TABLE nothing_here (id int)")
