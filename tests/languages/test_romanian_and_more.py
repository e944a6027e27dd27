"""Romanian beside Polish, and the language machinery ready for others without code: languages
come from settings (FAMILYHUB_LANGUAGES), a right-to-left language sets dir="rtl"."""

import re

import pytest
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from django.utils import translation

from familyhub.directory.models import Service
from familyhub.directory.search.needs import forget_needs_index
from familyhub.directory.search.spelling import forget_vocabulary

pytestmark = pytest.mark.django_db


def _ro(name, *args) -> str:
    """The Romanian address of a page (/ro/...), whatever language the last request left on."""
    with translation.override("ro"):
        return reverse(name, args=args)


ROMANIAN_PAGES = {
    "finder:start": "Găsiți sprijin pentru familia dumneavoastră",
    "finder:checker": "Pentru cine este ajutorul?",
    "finder:shortlist": "Lista dumneavoastră scurtă",
    "referrals:start": "Este un copil în pericol sau în risc să fie rănit chiar acum?",
    "referrals:track": "Scrieți numărul de referință",
    "offline:other_ways": "Alte moduri de a primi ajutor",
    "localoffer:index": "Oferta locală SEND",
}


@pytest.mark.parametrize(("name", "words"), ROMANIAN_PAGES.items())
def test_romanian_pages_render_in_romanian(client, name, words):
    response = client.get(_ro(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ro" dir="ltr"' in page
    assert words in page


def test_the_language_switcher_shows_romana(client):
    page = client.get(reverse("finder:start")).content.decode()
    assert re.search(r'href="/ro/"[^>]*lang="ro"[^>]*>Română</a>', page)
    in_romanian = client.get("/ro/").content.decode()
    assert 'aria-current="true" lang="ro">Română</span>' in in_romanian


def test_a_service_page_and_needs_in_romanian(client):
    service = Service.objects.get(name="SEND advice line (SENDIASS)")
    page = client.get(_ro("finder:service", service.pk)).content.decode()
    assert "Face parte din Oferta locală SEND" in page
    start = client.get("/ro/").content.decode()
    assert "Somn" in start  # the needs by name, in Romanian, with their descriptions
    assert "Ajutor cu ora de culcare, trezitul noaptea" in start


def test_a_romanian_search_finds_the_services_for_its_need(client):
    page = client.get(_ro("finder:results"), {"q": "bebelușul nu doarme"}).content
    text = page.decode()
    assert "Somnul bebelușilor și al copiilor mici" in text or "Somn" in text
    wifi = client.get(_ro("finder:results"), {"q": "wifi gratuit"}).content.decode()
    assert "Free wifi and computers at Medway libraries" in wifi


def test_the_request_journey_asks_in_romanian(client):
    service = Service.objects.filter(access_self_referral=True, status="active").first()
    url = _ro("referrals:start") + f"?service={service.id}"
    response = client.post(url, {"in_danger": "no"})
    assert response.status_code == 302
    consent = client.get(response.url).content.decode()
    assert "Sunt de acord să împărtășesc aceste informații ca să primesc sprijin" in consent


@pytest.fixture
def with_urdu(settings):
    """A council adds a right-to-left language by settings alone (FAMILYHUB_LANGUAGES)."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("ur", "اردو")]
    clear_url_caches()
    translation.trans_real._supported = None
    yield
    clear_url_caches()


def test_a_right_to_left_language_sets_dir_rtl(client, with_urdu):
    page = client.get("/ur/").content.decode()
    assert '<html lang="ur" dir="rtl"' in page
    assert ">اردو<" in page  # in the language switcher
    english = client.get("/").content.decode()
    assert '<html lang="en-gb" dir="ltr"' in english


@override_settings(LANGUAGES_BIDI=["he", "ar", "fa", "ur", "ro"])
def test_right_to_left_follows_the_bidi_setting_not_code(client):
    """FAMILYHUB_RTL_LANGUAGES extends Django's list: the page reads it, nothing is hard-coded."""
    assert '<html lang="ro" dir="rtl"' in client.get("/ro/").content.decode()


def test_languages_are_read_from_the_environment(monkeypatch):
    import importlib

    import familyhub.settings as project_settings

    monkeypatch.setenv("FAMILYHUB_LANGUAGES", "en-gb:English,pl:Polski,ro:Română,pa:ਪੰਜਾਬੀ")
    monkeypatch.setenv("FAMILYHUB_RTL_LANGUAGES", "pnb")
    try:
        reloaded = importlib.reload(project_settings)
        assert ("pa", "ਪੰਜਾਬੀ") in reloaded.LANGUAGES
        assert "pnb" in reloaded.LANGUAGES_BIDI and "ur" in reloaded.LANGUAGES_BIDI
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)
    forget_needs_index()
    forget_vocabulary()
