"""Equality answers (ethnicity, disability, religion, sexual orientation...) are special-category
data about a named person: encrypted at rest like the family's free text, and the migration
encrypts answers saved before it."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from familyhub.directory.models import Service
from familyhub.families import services
from familyhub.families.models import EqualityMonitoring
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db

migration = importlib.import_module("familyhub.families.migrations.0004_encrypt_equality_answers")
ANSWERS = {
    "ethnicity": "white",
    "disability": "yes",
    "sex": "female",
    "gender_same_as_at_birth": "no",
    "religion": "muslim",
    "sexual_orientation": "bisexual",
    "pregnant_or_new_parent": "yes",
    "low_income": "prefer_not",
}


@pytest.fixture
def member():
    parent = person("parent")
    support_request = make_request(Service.objects.filter(status="active").first(), by=parent)
    return support_request.family.members.get(first_name="Sam")


def _stored(record) -> dict:
    """What the database itself holds for these answers."""
    table = EqualityMonitoring._meta.db_table
    columns = ", ".join(ANSWERS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [record.pk])
        return dict(zip(ANSWERS, cursor.fetchone(), strict=True))


def _store_plain(record, values):
    table = EqualityMonitoring._meta.db_table
    assignments = ", ".join(f"{name} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE id = %s", [*values.values(), record.pk]
        )


def test_answers_are_stored_encrypted_and_read_back_plain(member):
    record = services.update_equality(member, ANSWERS, by=None)
    stored = _stored(record)
    for name, answer in ANSWERS.items():
        assert stored[name] and answer not in stored[name]
        assert stored[name].startswith("gAAAA")  # a Fernet token
    record = EqualityMonitoring.objects.get(pk=record.pk)
    assert {name: getattr(record, name) for name in ANSWERS} == ANSWERS


def test_an_answer_not_given_is_stored_as_nothing(member):
    record = services.update_equality(member, {"ethnicity": "asian"}, by=None)
    stored = _stored(record)
    assert stored["religion"] is None and stored["ethnicity"].startswith("gAAAA")


def test_the_migration_encrypts_answers_saved_in_plain_text_and_can_undo_it(member):
    record = services.update_equality(member, ANSWERS, by=None)
    _store_plain(record, ANSWERS | {"low_income": ""})  # as they were before the migration
    assert _stored(record)["religion"] == "muslim"

    migration.encrypt_answers(apps, None)

    stored = _stored(record)
    assert all(value.startswith("gAAAA") for name, value in stored.items() if name != "low_income")
    assert stored["low_income"] is None
    record = EqualityMonitoring.objects.get(pk=record.pk)
    assert record.religion == "muslim" and record.sexual_orientation == "bisexual"

    class Editor:
        connection = connection

    migration.decrypt_answers(apps, Editor())
    assert _stored(record) == ANSWERS | {"low_income": ""}
