"""The Local Offer section, the seven questions on a service's page, and who answers them."""

import pytest
from django.urls import reverse

from familyhub.directory.models import Service
from familyhub.localoffer.models import LocalOfferAnswers
from familyhub.localoffer.questions import QUESTIONS
from tests.personas import person

pytestmark = pytest.mark.django_db

SENDIASS = "SEND advice line (SENDIASS)"
ANSWERS = {
    "who_for": "Parents and carers of children with SEND, and young people up to 25.",
    "how_to_access": "Ring us or email: no referral needed.",
    "decisions": "Everyone who contacts us gets advice; casework is offered by need.",
    "involvement": "Parents sit on our steering group with the parent carer forum.",
    "cost": "Free.",
    "funding": "Funded by the council and the NHS; independent of both.",
    "contact": "The SENDIASS team on 01632 960999; complaints to the manager.",
}


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


def test_the_local_offer_page_lists_send_services_and_filters_by_need(client):
    page = client.get(reverse("localoffer:index")).content.decode()
    assert "SEND Local Offer" in page
    assert SENDIASS in page
    assert "Free wifi and computers" not in page
    assert "/api/local-offer/oruk/v3/services" in page
    autism = client.get(reverse("localoffer:index"), {"need": "autism"}).content.decode()
    assert "Autism: support after diagnosis" in autism or "autism" in autism.lower()
    assert autism.count("govuk-heading-s govuk-!-margin-bottom-1") < page.count(
        "govuk-heading-s govuk-!-margin-bottom-1"
    )
    # A need outside the Local Offer shows everything in it, not an error.
    assert client.get(reverse("localoffer:index"), {"need": "sleep"}).status_code == 200


def test_a_provider_answers_the_seven_questions_and_they_show_on_the_page(client):
    service = Service.objects.get(name=SENDIASS)
    provider = person("provider", organisation=service.organisation)
    client.force_login(provider)
    listing = client.get(reverse("localoffer:staff_list")).content.decode()
    assert SENDIASS in listing and "Not answered" in listing
    form = client.get(reverse("localoffer:edit_answers", args=[service.pk])).content.decode()
    for question in QUESTIONS:
        assert str(question.question).replace("'", "&#x27;") in form
    response = client.post(reverse("localoffer:edit_answers", args=[service.pk]), ANSWERS)
    assert response.status_code == 302
    saved = LocalOfferAnswers.objects.get(service=service)
    assert saved.saved_by == provider and saved.cost == "Free."
    client.logout()
    page = client.get(reverse("finder:service", args=[service.pk])).content.decode()
    assert "Part of the SEND Local Offer" in page
    for question in QUESTIONS:
        assert str(question.question).replace("'", "&#x27;") in page
    assert "Parents sit on our steering group" in page


def test_saving_again_keeps_the_earlier_answers_as_history(client):
    service = Service.objects.get(name=SENDIASS)
    client.force_login(person("data_manager"))
    url = reverse("localoffer:edit_answers", args=[service.pk])
    client.post(url, ANSWERS)
    client.post(url, {**ANSWERS, "cost": "Free. Travel costs can be paid."})
    versions = list(LocalOfferAnswers.objects.filter(service=service))
    assert [v.cost for v in versions] == ["Free. Travel costs can be paid.", "Free."]
    page = client.get(reverse("finder:service", args=[service.pk])).content.decode()
    assert "Travel costs can be paid" in page


def test_an_answer_too_long_is_a_400_keeping_what_was_typed(client):
    service = Service.objects.get(name=SENDIASS)
    client.force_login(person("data_manager"))
    response = client.post(
        reverse("localoffer:edit_answers", args=[service.pk]),
        {**ANSWERS, "cost": "x" * 2001},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Answer in 2,000 characters or fewer" in page
    assert "Parents sit on our steering group" in page
    assert not LocalOfferAnswers.objects.filter(service=service).exists()


def test_a_provider_cannot_answer_for_another_organisation_or_a_service_outside_it(client):
    service = Service.objects.get(name=SENDIASS)
    other_org_service = (
        Service.objects.exclude(organisation=service.organisation)
        .filter(name="Autism: support after diagnosis")
        .first()
        or Service.objects.exclude(organisation=service.organisation).first()
    )
    client.force_login(person("provider", organisation=other_org_service.organisation))
    assert client.get(reverse("localoffer:edit_answers", args=[service.pk])).status_code == 404
    not_send = Service.objects.get(name="Free wifi and computers at Medway libraries")
    client.force_login(person("data_manager"))
    assert client.get(reverse("localoffer:edit_answers", args=[not_send.pk])).status_code == 404


def test_a_service_outside_the_local_offer_shows_no_questions(client):
    service = Service.objects.get(name="Free wifi and computers at Medway libraries")
    page = client.get(reverse("finder:service", args=[service.pk])).content.decode()
    assert "Part of the SEND Local Offer" not in page


def test_an_unanswered_local_offer_service_says_so(client):
    service = Service.objects.get(name=SENDIASS)
    page = client.get(reverse("finder:service", args=[service.pk])).content.decode()
    assert "has not yet answered the Local Offer questions" in page


def test_the_demo_answers_load_once_through_the_one_writer(client):
    from familyhub.localoffer.demo import load_demo_localoffer

    assert load_demo_localoffer() == 3
    assert load_demo_localoffer() == 0
    service = Service.objects.get(name="Portage home visiting")
    page = client.get(reverse("finder:service", args=[service.pk])).content.decode()
    assert "The early years SEND panel meets monthly" in page
