"""The public pages: the plan with no personal names, "You said, we did", the Parent's Charter
in English and Polish, telling us where it was not met (through the one safety layer), and
"Signed up to the Parent's Charter" on a service's page."""

from datetime import date

import pytest
from django.urls import reverse

from familyhub.directory.models import Service
from familyhub.planning import actions
from familyhub.planning.demo import CHARTER
from familyhub.planning.models import CharterFeedback
from tests.personas import person
from tests.planning.helpers import action

pytestmark = pytest.mark.django_db


def test_the_public_plan_names_roles_and_organisations_never_people(client):
    lead = person("provider", first_name="Sarah", last_name="Ahmedova")
    action(lead=lead, lead_role="Family Hubs Manager", title="Offer programmes in every hub")
    page = client.get(reverse("planning:public_plan"))
    assert page.status_code == 200
    assert "Offer programmes in every hub" in page.text and "Family Hubs Manager" in page.text
    assert "Ahmedova" not in page.text and lead.email not in page.text
    assert "Green" in page.text
    assert "no-store" not in page.get("Cache-Control", "")


def test_you_said_we_did_appears_on_the_public_page_in_english_and_polish(client):
    changed = action(title="Evening programmes at the Family Hubs")
    actions.add_you_said_we_did(
        you_said="You wanted support in the evenings.",
        we_did="Hubs now run evening programmes.",
        on=date(2026, 5, 1),
        actions=[changed],
    )
    page = client.get(reverse("planning:you_said_we_did"))
    assert "You wanted support in the evenings." in page.text
    assert "Evening programmes at the Family Hubs" in page.text
    polish = client.get("/pl/you-said-we-did/")
    assert polish.status_code == 200
    assert "Powiedzieliście, zrobiliśmy" in polish.text
    # Linked from the front door.
    assert reverse("planning:you_said_we_did") in client.get(reverse("finder:start")).text


def test_the_charter_in_english_and_polish_with_its_version(client):
    actions.publish_charter_version(
        approved_on=date(2026, 4, 1), approved_by="Early Help Partnership Board", **CHARTER
    )
    page = client.get(reverse("planning:charter"))
    assert "We will not judge you." in page.text
    assert "Version 1, approved on 1 April 2026 by Early Help Partnership Board" in page.text
    polish = client.get("/pl/parents-charter/")
    assert "Nie będziemy cię oceniać." in polish.text
    assert "Karta Rodzica" in polish.text
    actions.publish_charter_version(
        approved_on=date(2026, 9, 1),
        approved_by="The board",
        **CHARTER | {"we_ask": ["Tell us if you cannot come."]},
    )
    page = client.get("/parents-charter/")
    assert "Version 2" in page.text and "Tell us if you cannot come." in page.text


def test_telling_us_the_charter_was_not_met(client):
    url = reverse("planning:charter_not_met")
    response = client.post(url, {"where": "Baby clinic", "what_happened": ""})
    assert response.status_code == 400
    assert "Tell us what happened" in response.text and "Baby clinic" in response.text
    response = client.post(
        url, {"where": "Baby clinic", "what_happened": "Nobody explained what would happen."}
    )
    assert response.status_code == 302
    feedback = CharterFeedback.objects.get()
    assert (feedback.where, feedback.what_happened) == (
        "Baby clinic",
        "Nobody explained what would happen.",
    )
    # Data managers see it.
    client.force_login(person("data_manager"))
    assert (
        "Nobody explained what would happen." in client.get(reverse("planning:charter_staff")).text
    )


def test_words_that_describe_danger_get_what_to_do_now_and_are_not_sent(client):
    url = reverse("planning:charter_not_met")
    words = "my partner hits me and I want to kill myself"
    response = client.post(url, {"where": "", "what_happened": words})
    assert response.status_code == 200
    assert "Exit this page" in response.text and "999" in response.text
    assert words in response.text  # kept in the box
    assert not CharterFeedback.objects.exists()
    client.post(url, {"where": "", "what_happened": words, "send_anyway": "1"})
    assert CharterFeedback.objects.count() == 1


def test_a_signed_up_organisations_services_say_so(client):
    service = Service.objects.filter(status="active").first()
    other = (
        Service.objects.filter(status="active").exclude(organisation=service.organisation).first()
    )
    actions.publish_charter_version(
        approved_on=date(2026, 4, 1), approved_by="The board", **CHARTER
    )
    actions.sign_up(service.organisation, signed_on=date(2026, 5, 1))
    page = client.get(reverse("finder:service", args=[service.pk]))
    assert "Signed up to the Parent's Charter" in page.text
    assert (
        "Signed up to the Parent" not in client.get(reverse("finder:service", args=[other.pk])).text
    )
    assert service.organisation.name in client.get(reverse("planning:charter")).text


def test_one_address_sending_many_notes_is_asked_to_wait(client, settings):
    settings.CHARTER_FEEDBACK_PER_CLIENT = "2/h"
    url = reverse("planning:charter_not_met")
    for _ in range(2):
        assert client.post(url, {"where": "", "what_happened": "Kept waiting"}).status_code == 302
    response = client.post(url, {"where": "", "what_happened": "A third note"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Please try again in" in response.text and "A third note" in response.text
    assert CharterFeedback.objects.count() == 2
