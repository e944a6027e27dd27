"""On PostgreSQL: a backup made as docs/deployment.md says (pg_dump, custom format) restores into
an empty database, and the family data in it can be read again with the keys kept apart from it
(DJANGO_SECRET_KEY and FAMILYHUB_ENCRYPTION_SALTS), and only with them."""

import shutil
import subprocess
import uuid

import psycopg
import pytest
from cryptography.fernet import InvalidToken
from django.db import connection
from django.test import override_settings
from encrypted_fields.fields import EncryptedCharField

from familyhub.directory.models import Service
from familyhub.families.keys import contact_key
from tests.referrals.helpers import make_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Backups are PostgreSQL dumps: this runs in the PostgreSQL pass")
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is needed to prove a backup restores (Debian: postgresql-client)")


def _conninfo(name):
    settings = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=name,
        host=settings["HOST"] or "127.0.0.1",
        port=str(settings["PORT"] or 5432),
        user=settings["USER"] or "postgres",
        **({"password": settings["PASSWORD"]} if settings["PASSWORD"] else {}),
    )


@pytest.fixture
def empty_database():
    name = f"familyhub_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _one(database, sql, *params):
    with psycopg.connect(_conninfo(database)) as restored:
        return restored.execute(sql, params).fetchone()


def test_a_dump_restores_into_an_empty_database_with_family_data_readable(tmp_path, empty_database):
    service = Service.objects.filter(access_self_referral=True, status="active").first()
    support_request = make_request(service)
    family = support_request.family
    dump = tmp_path / "familyhub.dump"
    live = connection.settings_dict["NAME"]

    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", _conninfo(live)],
        check=True,
    )
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={_conninfo(empty_database)}",
            str(dump),
        ],
        check=True,
    )

    # Everything came back: the directory, the request, its history.
    for table in ("directory_service", "referrals_supportrequest", "referrals_statuschange"):
        live_count = _one(live, f"SELECT count(*) FROM {table}")
        assert _one(empty_database, f"SELECT count(*) FROM {table}") == live_count
        assert live_count[0] > 0
    reference = _one(
        empty_database,
        "SELECT reference FROM referrals_supportrequest WHERE id = %s",
        support_request.pk,
    )
    assert reference == (support_request.reference,)

    # The family's contact details are ciphertext in the dump, read again with the kept keys
    # (a field made afresh derives its keys from the settings, as a new machine would).
    stored_email, stored_key = _one(
        empty_database,
        "SELECT contact_email, email_key FROM families_family WHERE id = %s",
        family.pk,
    )
    assert "sam@example.org" not in stored_email
    assert EncryptedCharField(max_length=254).f.decrypt(stored_email.encode()) == (
        b"sam@example.org"
    )
    # The keyed hash that finds the family again is the same (it is keyed by the secret key).
    assert stored_key == contact_key("email", "sam@example.org")

    # Without the kept salts the same dump is unreadable: back the keys up apart from it.
    with override_settings(SALT_KEY=["a-different-salt"]), pytest.raises(InvalidToken):
        EncryptedCharField(max_length=254).f.decrypt(stored_email.encode())
