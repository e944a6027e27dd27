"""The families' information pages: index by age, a page linking to matching searches and the
checker, Polish, and the front door's links."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from familyhub.information import actions
from tests.information.helpers import WORDS, published_page
from tests.personas import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return person("content_editor")


def test_a_page_links_to_the_matching_search_at_its_age_and_the_checker(client, editor):
    published_page(editor, stage="2-5", topic="behaviour", search_words="toddler tantrums")
    response = client.get(reverse("information:page", args=["2-5", "behaviour"]))
    assert response.status_code == 200
    link = response.text.split('id="matching-services" href="')[1].split('"')[0]
    parsed = urlparse(link.replace("&amp;", "&"))
    assert parsed.path == reverse("finder:results")
    assert parse_qs(parsed.query) == {"q": ["toddler tantrums"], "age": ["2"]}
    assert reverse("finder:checker") in response.text
    results = client.get(link.replace("&amp;", "&"))
    assert results.status_code == 200


def test_the_index_lists_pages_under_their_age(client, editor):
    published_page(editor, stage="1-2", topic="sleep", title="Toddler sleep")
    published_page(editor, stage="11-18", topic="feelings", title="Teenage moods")
    text = client.get(reverse("information:index")).text
    toddlers = text.split('id="stage-1-2"')[1].split('id="stage-2-5"')[0]
    teenagers = text.split('id="stage-11-18"')[1]
    assert "Toddler sleep" in toddlers and "Teenage moods" not in toddlers
    assert "Teenage moods" in teenagers


def test_polish_readers_get_the_polish_version_or_english_saying_so(client, editor):
    page = published_page(editor)
    english_only = published_page(editor, stage="2-5", topic="talking", title="Talking at 2")
    actions.save_draft(page.pk, language="pl", words={**WORDS, "title": "Sen malucha"}, by=editor)
    actions.publish(page.pk, language="pl", by=editor)

    polish = client.get("/pl/information/1-2/sleep/")
    assert "Sen malucha" in polish.text and 'lang="pl"' in polish.text
    fallback = client.get("/pl/information/2-5/talking/")
    assert "Talking at 2" in fallback.text and 'lang="en"' in fallback.text
    assert "nie jest jeszcze dostępna w Twoim języku" in fallback.text
    assert "Co jest typowe" in polish.text
    assert english_only.versions.count() == 1
    assert "Sen malucha" not in client.get("/information/1-2/sleep/").text


def test_the_front_door_links_information_pathways_and_places(client):
    text = client.get(reverse("finder:start")).text
    for name in ("information:index", "information:pathways", "places:list"):
        assert reverse(name) in text
