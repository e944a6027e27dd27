"""Training records: entered by the person or their manager, imported by CSV all or nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from familyhub.directory.models import Organisation
from familyhub.workforce import queries, records
from familyhub.workforce.models import Course, TrainingRecord
from tests.personas import person, team_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return Course.objects.create(code="triple-p-level-4", name="Triple P", level="Level 4",
                                 valid_for_months=36)  # fmt: skip


def _add(client, person_id, course, **extra):
    return client.post(reverse("workforce:training_add"), {
        "person": person_id, "course": course.pk, "completed_on": "2025-05-01",
        "works_in": "Chatham", **extra})  # fmt: skip


def test_a_practitioner_records_their_own_and_not_anyone_elses(client, course):
    organisation = Organisation.objects.first()
    me = person("practitioner", team=team_in(organisation))
    someone = person("practitioner", team=team_in(organisation, "Other"))
    client.force_login(me)
    assert _add(client, me.pk, course).status_code == 302
    record = TrainingRecord.objects.get(person=me)
    assert record.expires_on == record.completed_on.replace(year=2028)  # 36 months
    refused = _add(client, someone.pk, course)
    assert refused.status_code == 400 and not TrainingRecord.objects.filter(person=someone)
    again = _add(client, me.pk, course)
    assert again.status_code == 400 and "already recorded" in again.text


def test_a_team_manager_records_their_teams_training(client, course):
    team = team_in(Organisation.objects.first())
    manager, member = person("team_manager", team=team), person("practitioner", team=team)
    client.force_login(manager)
    assert _add(client, member.pk, course).status_code == 302
    page = client.get(reverse("workforce:training"))
    assert "Triple P" in page.text


def test_provider_staff_record_their_organisations_staff(client, course):
    organisation = Organisation.objects.first()
    provider = person("provider", organisation=organisation)
    colleague = person("practitioner", team=team_in(organisation))
    outsider = person("practitioner", team=team_in(Organisation.objects.last()))
    client.force_login(provider)
    assert _add(client, colleague.pk, course).status_code == 302
    assert _add(client, outsider.pk, course).status_code == 400


def test_expiring_and_expired_training_is_flagged(client, course):
    me = person("practitioner", team=team_in(Organisation.objects.first()))
    today = timezone.localdate()
    soon = records.add_training(
        person=me,
        course=course,
        completed_on=today - timedelta(days=9),
        expires_on=today + timedelta(days=30),
        works_in="Strood",
        by=me,
    )
    gone = records.add_training(
        person=me,
        course=course,
        completed_on=today - timedelta(days=99),
        expires_on=today - timedelta(days=1),
        works_in="Strood",
        by=me,
    )
    assert (records.currency(soon), records.currency(gone)) == ("expiring", "expired")
    client.force_login(me)
    page = client.get(reverse("workforce:training"))
    assert "2 records have expired or expire within 90 days." in page.text


def _upload(client, text, name="training.csv"):
    return client.post(reverse("workforce:training_import"),
                       {"file": SimpleUploadedFile(name, text.encode() if isinstance(text, str)
                                                   else text, "text/csv")})  # fmt: skip


def test_the_csv_import_reports_each_wrong_row_and_saves_nothing(client, course):
    staff = person("practitioner", team=team_in(Organisation.objects.first()),
                   email="ann@example.org")  # fmt: skip
    client.force_login(person("data_manager"))
    text = (
        "email,course,date_trained,expires,certificate_reference,works_in\n"
        "ann@example.org,triple-p-level-4,2025-01-10,,TP-1,Chatham\n"
        "nobody@example.org,triple-p-level-4,2025-01-10,,,\n"
        "ann@example.org,no-such-course,10/01/2025,,,Chatham\n"
        "ann@example.org,Triple P (Level 4),2025-13-40,2024-01-01,,Dover\n"
    )
    response = _upload(client, text)
    assert response.status_code == 400
    assert "No rows were saved" in response.text
    assert "no member of staff has the email" in response.text  # row 3
    assert "no course" in response.text  # row 4
    assert "the date trained is not a date" in response.text  # row 5
    assert "is not a Medway town" in response.text
    assert not TrainingRecord.objects.exists()
    good = _upload(client, text.splitlines()[0] + "\n" + text.splitlines()[1] + "\n"
                   "ANN@example.org,Triple P (Level 4),2023-06-01,,,\n")  # fmt: skip
    assert good.status_code == 302
    assert TrainingRecord.objects.filter(person=staff, imported=True).count() == 2
    assert TrainingRecord.objects.get(completed_on="2023-06-01").works_in == "Medway-wide"
    duplicate = _upload(client, text.splitlines()[0] + "\n" + text.splitlines()[1] + "\n")
    assert duplicate.status_code == 400 and "already recorded" in duplicate.text


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xff\xfe\x00junk", "UTF-8"),
        (b"name,when\nAnn,today\n", "missing: email, course, date_trained"),
        (b"email,course,date_trained\n", "no rows"),
        (b"email,course,date_trained\n" + b"a@example.org,x,2025-01-01\n" * 2001, "2000 rows"),
        (b"x" * 1_000_001, "larger than 1 MB"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_clear_400(client, content, message):
    client.force_login(person("data_manager"))
    response = _upload(client, content)
    assert response.status_code == 400
    assert message in response.text


def test_the_import_is_for_data_managers_only(client):
    client.force_login(person("provider", organisation=Organisation.objects.first()))
    assert client.get(reverse("workforce:training_import")).status_code == 403


def test_overview_counts_trained_people_by_town_and_agency_against_need(client, course):
    organisation = Organisation.objects.first()
    today = timezone.localdate()
    for n in range(3):
        someone = person("practitioner", team=team_in(organisation, f"T{n}"))
        records.add_training(person=someone, course=course, works_in="Gillingham", by=None,
                             completed_on=today - timedelta(days=10 + n))  # fmt: skip
    lapsed = person("practitioner", team=team_in(organisation, "Old"))
    records.add_training(person=lapsed, course=course, works_in="Gillingham", by=None,
                         completed_on=today - timedelta(days=2000))  # fmt: skip
    client.force_login(person("board_member"))
    page = client.get(reverse("workforce:overview"))
    assert page.status_code == 200
    gillingham = next(row for row in queries.by_town() if row["place"] == "Gillingham")
    assert gillingham["trained"] == 3  # the lapsed one is not counted
    assert queries.by_agency()[0] == {"agency": organisation.name, "trained": 3}


def test_a_persons_own_page_says_in_words_what_has_expired_or_expires_soon(client, course):
    me = person("practitioner", team=team_in(Organisation.objects.first()))
    today = timezone.localdate()
    for code, expires in (("a", today - timedelta(days=1)), ("b", today + timedelta(days=30)),
                          ("c", today + timedelta(days=400))):  # fmt: skip
        TrainingRecord.objects.create(
            person=me, course=Course.objects.create(code=code, name=f"Course {code}"),
            completed_on=today - timedelta(days=700), expires_on=expires, works_in="Chatham",
            entered_at=timezone.now(),
        )  # fmt: skip
    client.force_login(me)
    page = client.get(reverse("workforce:training")).text
    assert page.count('<strong class="govuk-tag govuk-tag--red">Expired</strong>') == 1
    assert page.count('<strong class="govuk-tag govuk-tag--yellow">Expiring soon</strong>') == 1
    assert "2 records have expired or expire within 90 days." in page
