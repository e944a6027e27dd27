"""The equality questions are offered after a request is sent (to the family, or to the
practitioner who referred, recording what the family chose to tell) and on an early help case
(to its lead): optional, explained, kept encrypted, and never in the way of the request."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.casework import actions as casework_actions
from familyhub.directory.models import Service
from familyhub.families.models import EqualityMonitoring
from familyhub.referrals.models import Draft
from tests.casework.helpers import open_case
from tests.personas import person
from tests.referrals.helpers import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return Service.objects.filter(status="active").order_by("name").first()


def _checked(page):
    return sorted(re.findall(r'name="([\w-]+)"[^>]*value="(\w+)"\s*checked', page))


def test_the_sent_page_links_to_the_optional_questions(client, service):
    parent = person("parent")
    sent = make_request(service, by=parent)
    client.force_login(parent)
    page = client.get(reverse("referrals:sent", args=[sent.reference])).content.decode()
    assert reverse("equality:after_request", args=[sent.reference]) in page
    assert "Help us check our services are fair" in page


def test_a_family_answers_for_the_parent_and_child_after_sending(client, service):
    parent = person("parent")
    sent = make_request(service, by=parent)
    client.force_login(parent)
    url = reverse("equality:after_request", args=[sent.reference])
    page = client.get(url).content.decode()
    assert "About Sam Parent (parent or carer)" in page and "About Alex Parent (child)" in page
    assert "make no difference to whether a request is accepted" in page
    assert "White: Irish" in page and "Roma" in page  # the 2021 census categories
    # The parent is asked every question; the child four (no sexual orientation and the like).
    assert page.count('value="prefer_not"') == 9 + 4
    assert page.count('name="p1-sexual_orientation"') == 0

    response = client.post(url, {"p0-ethnicity": "white_irish", "p0-marital_status": "married",
                                 "p0-low_income": "yes", "p1-religion": "none"})  # fmt: skip
    assert response.status_code == 302 and response.url.endswith("?done=1")
    main, child = sent.family.main_contact, sent.children.get()
    answers = EqualityMonitoring.objects.get(member=main)
    assert (answers.ethnicity, answers.marital_status, answers.low_income) == (
        "white_irish", "married", "yes")  # fmt: skip
    assert EqualityMonitoring.objects.get(member=child).religion == "none"
    assert AuditEvent.objects.filter(detail__contains="after the request").count() == 2
    assert "Thank you" in client.get(response.url).content.decode()

    # Asked again with a question left blank: what is held is kept, what is given replaces.
    client.post(url, {"p0-marital_status": "prefer_not"})
    answers = EqualityMonitoring.objects.get(member=main)
    assert (answers.ethnicity, answers.marital_status) == ("white_irish", "prefer_not")
    # Nothing already held is shown on this page (the family sees it on "Your family").
    assert _checked(client.get(url).content.decode()) == []


def test_answers_are_encrypted_at_rest(client, service):
    parent = person("parent")
    sent = make_request(service, by=parent)
    client.force_login(parent)
    client.post(reverse("equality:after_request", args=[sent.reference]),
                {"p0-ethnicity": "white_gypsy_traveller", "p0-marital_status": "divorced",
                 "p0-sexual_orientation": "bisexual"})  # fmt: skip
    table = EqualityMonitoring._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ethnicity, marital_status, sexual_orientation FROM {table}")
        stored = cursor.fetchall()
    assert len(stored) == 1
    raw = " ".join(str(value) for value in stored[0])
    for plain in ("gypsy", "divorced", "bisexual"):
        assert plain not in raw.lower()
    assert EqualityMonitoring.objects.get().ethnicity == "white_gypsy_traveller"


def test_a_wrong_answer_is_a_clear_error_and_keeps_what_was_chosen(client, service):
    parent = person("parent")
    sent = make_request(service, by=parent)
    client.force_login(parent)
    url = reverse("equality:after_request", args=[sent.reference])
    response = client.post(url, {"p0-ethnicity": "martian", "p0-sex": "female",
                                 "p1-disability": "no"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and 'href="#id_p0-ethnicity_1"' in page
    assert _checked(page) == [("p0-sex", "female"), ("p1-disability", "no")]
    assert not EqualityMonitoring.objects.exists()


def test_the_referring_practitioner_records_only_with_the_familys_agreement(client, service):
    practitioner = person("practitioner")
    referral = make_request(service, by=practitioner, who="practitioner")
    client.force_login(practitioner)
    url = reverse("equality:after_request", args=[referral.reference])
    page = client.get(url).content.decode()
    assert "record only what they choose to tell you" in page
    response = client.post(url, {"p0-disability": "yes", "p1-sex": "male"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Confirm that the family chose to give these answers" in page
    assert 'href="#id_agreed"' in page and 'id="id_agreed"' in page  # the summary's link works
    assert _checked(page) == [("p0-disability", "yes"), ("p1-sex", "male")]
    assert not EqualityMonitoring.objects.exists()
    # Nothing given needs no agreement (and keeps nothing).
    assert client.post(url, {}).status_code == 302
    assert not EqualityMonitoring.objects.exists()
    response = client.post(url, {"p0-disability": "yes", "p1-sex": "male", "agreed": "on"})
    assert response.status_code == 302
    assert EqualityMonitoring.objects.get(member=referral.family.main_contact).disability == "yes"
    assert AuditEvent.objects.filter(detail__contains="practitioner referring").exists()


def test_a_request_matched_to_a_record_already_held_is_answered_on_your_family(client, service):
    parent = person("parent")
    sent = make_request(service, by=parent)
    draft = Draft.objects.get(submitted_request=sent)
    draft.answers["family_record"] = "matched"
    draft.save()
    sent.family.account_holders.clear()  # the record is not (yet) this account's
    client.force_login(parent)
    url = reverse("equality:after_request", args=[sent.reference])
    page = client.get(url).content.decode()
    assert 'id="not-here"' in page and "p0-ethnicity" not in page
    client.post(url, {"p0-ethnicity": "white_irish"})
    assert not EqualityMonitoring.objects.exists()


def test_someone_else_cannot_reach_a_request_they_did_not_send(client, service):
    sent = make_request(service, by=person("parent"))
    client.force_login(person("parent"))
    url = reverse("equality:after_request", args=[sent.reference])
    assert client.get(url).status_code == 404
    assert client.post(url, {"p0-ethnicity": "white_irish"}).status_code == 404
    assert client.get(reverse("equality:after_request", args=["nonsense"])).status_code == 404
    assert not EqualityMonitoring.objects.exists()


def test_the_case_lead_records_the_familys_answers(client):
    lead = person("practitioner")
    case = open_case(lead=lead)
    client.force_login(lead)
    case_page = client.get(reverse("casework:case", args=[case.reference])).content.decode()
    url = reverse("equality:case", args=[case.reference])
    assert url in case_page
    page = client.get(url).content.decode()
    assert "The family chose to answer these questions" in page
    response = client.post(url, {"p0-pregnant_or_new_parent": "yes"})
    assert response.status_code == 400
    assert _checked(response.content.decode()) == [("p0-pregnant_or_new_parent", "yes")]
    response = client.post(url, {"p0-pregnant_or_new_parent": "yes", "agreed": "on"})
    assert response.status_code == 302
    main = case.family.main_contact
    assert EqualityMonitoring.objects.get(member=main).pregnant_or_new_parent == "yes"
    assert AuditEvent.objects.filter(detail__contains=f"early help case {case.reference}").exists()


def test_a_team_member_who_does_not_lead_the_case_cannot_record(client):
    case = open_case(lead=person("practitioner"))
    member = person("practitioner")
    casework_actions.add_member(case.pk, by=case.lead, user=member)
    client.force_login(member)
    url = reverse("equality:case", args=[case.reference])
    assert client.get(reverse("casework:case", args=[case.reference])).status_code == 200
    assert client.get(url).status_code == 403
    client.force_login(person("practitioner"))
    assert client.get(url).status_code == 404


def test_the_questions_are_asked_in_polish(client, service):
    parent = person("parent")
    sent = make_request(service, by=parent)
    client.force_login(parent)
    page = client.get("/pl" + reverse("equality:after_request", args=[sent.reference]))
    text = page.content.decode()
    assert "Pomóż nam sprawdzić, czy nasze usługi są sprawiedliwe" in text
    assert "Biała: irlandzka" in text and "Wolę nie odpowiadać" in text
