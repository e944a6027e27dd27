"""Danger described in a family's own words, at the front door: search and the checker lead
with "Exit this page", what to do now, then the services for that danger."""

import re

import pytest
from django.utils.html import escape

from familyhub.directory.models import Service

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    return response.content.decode()


def result_ids(page: str) -> list[str]:
    return re.findall(r'href="/services/([0-9a-f-]{36})/', page)


def tagged(service_id: str, needs: set[str]) -> bool:
    service = Service.objects.get(pk=service_id)
    codes = {term.code for term in service.taxonomy_terms.all()}
    parents = {term.parent.code for term in service.taxonomy_terms.all() if term.parent_id}
    return bool((codes | parents) & needs)


@pytest.mark.parametrize(
    ("words", "needs"),
    [
        ("his dad hits me", {"domestic-abuse"}),
        ("my partner hurts me", {"domestic-abuse"}),
        ("I want to hurt my baby", {"perinatal-mental-health", "parent-mental-health"}),
        ("my daughter is cutting herself", {"low-mood-self-harm", "parent-mental-health"}),
        ("mąż mnie bije", {"domestic-abuse"}),
    ],
)
def test_danger_in_search_leads_with_exit_help_now_and_services_for_that_danger(
    client, words, needs
):
    response = client.get("/services/", {"q": words, "postcode": "ME4 4TR", "age": "1"})
    page = page_of(response)
    assert response.status_code == 200
    assert "govuk-exit-this-page" in page
    assert "Your safety comes first" in page
    assert 'href="tel:999"' in page
    assert page.index("Your safety comes first") < page.index('id="results"')
    ids = result_ids(page)
    assert len(ids) >= 3, "at least three services for that danger"
    assert all(tagged(service_id, needs) for service_id in ids[:3])
    assert f'value="{escape(words)}"' in page  # what they typed is kept


def test_domestic_abuse_search_shows_the_national_helpline_and_the_childrens_front_door(client):
    page = page_of(
        client.get("/services/", {"q": "my boyfriend checks my phone and takes my money"})
    )
    assert "0808 2000 247" in page
    assert "01634 334 466" in page


def test_ordinary_worries_get_ordinary_results_and_no_alarm(client):
    for words in ("tantrums", "won't sleep", "dad groups"):
        page = page_of(client.get("/services/", {"q": words, "postcode": "ME4 4TR"}))
        assert "Your safety comes first" not in page
        assert "govuk-exit-this-page" not in page


def test_a_polish_disclosure_gets_polish_help(client):
    page = page_of(client.get("/pl/services/", {"q": "boję się wrócić do domu"}))
    assert "Krajowa infolinia ds. przemocy domowej" in page


def test_the_checker_recognises_danger_written_in_something_else(client):
    worry = "my partner won't let me see my friends and takes my money"
    answers = {"who": "me", "age": "2", "worries": "not-sure", "step": "worries",
               "other_worry": worry}  # fmt: skip
    page = page_of(client.post("/check/", answers))
    assert "If you or a child are in danger now, call 999." in page
    assert "govuk-exit-this-page" in page


def test_the_checker_lets_an_ordinary_other_worry_through(client):
    answers = {"who": "me", "age": "2", "worries": "not-sure", "step": "worries",
               "other_worry": "he won't eat vegetables"}  # fmt: skip
    page = page_of(client.post("/check/", answers))
    assert "If you or a child are in danger now, call 999." not in page


def test_a_disclosure_in_suggest_a_change_is_answered_with_help_and_not_sent(client):
    from familyhub.upkeep.models import SuggestedChange

    service = Service.objects.filter(status="active").order_by("name").first()
    url = f"/services/{service.id}/suggest-a-change/"
    words = "my husband hits me and I cannot leave"
    response = client.post(url, {"kind": "something_else", "details": words})
    page = page_of(response)
    assert "Your safety comes first" in page and "govuk-exit-this-page" in page
    assert words in page  # kept in the box
    assert not SuggestedChange.objects.filter(service=service).exists()
    sent = client.post(url, {"kind": "something_else", "details": words, "send_anyway": "1"})
    assert sent.status_code == 302
    assert SuggestedChange.objects.filter(service=service).count() == 1
