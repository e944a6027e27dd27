"""Other ways to get help: linked from every public page; the phone line and the family hubs
from settings and the directory; getting online from the directory's services."""

import pytest
from django.urls import reverse

from familyhub.directory.models import Service

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("finder:start", []),
    ("finder:checker", []),
    ("finder:shortlist", []),
    ("finder:privacy", []),
    ("finder:accessibility", []),
    ("referrals:start", []),
    ("referrals:track", []),
    ("localoffer:index", []),
    ("offline:getting_online", []),
    ("accounts:sign_in", []),
]


@pytest.mark.parametrize(("name", "args"), PUBLIC_PAGES)
@pytest.mark.parametrize("language", ["", "/pl", "/ro"])
def test_every_public_page_links_to_other_ways_to_get_help(client, name, args, language):
    url = language + reverse(name, args=args)
    page = client.get(url).content.decode()
    assert f'href="{language}/other-ways-to-get-help/" id="other-ways-to-get-help"' in page


def test_a_service_page_links_to_it_too(client):
    service = Service.objects.filter(status="active").first()
    page = client.get(reverse("finder:service", args=[service.pk])).content.decode()
    assert 'id="other-ways-to-get-help"' in page


def test_the_page_gives_the_phone_line_the_family_hubs_and_asking_anyone(client, settings):
    settings.OFFLINE_HELP = {**settings.OFFLINE_HELP, "phone": "01632 960777",
                             "hours": "Monday to Saturday, 8am to 8pm"}  # fmt: skip
    page = client.get(reverse("offline:other_ways")).content.decode()
    assert "01632 960777" in page and 'href="tel:01632960777"' in page
    assert "Monday to Saturday, 8am to 8pm" in page
    assert "Chatham Family Hub" in page and "Hoo Family Hub" in page
    assert "Chatham Library" not in page  # places, not every venue
    assert "health visitor" in page
    assert reverse("offline:getting_online") in page
    for word in ("intervention", "deficit", "troubled"):
        assert word not in page.lower()


def test_the_page_is_in_polish_too(client):
    page = client.get("/pl" + reverse("offline:other_ways")).content.decode()
    assert "Inne sposoby uzyskania pomocy" in page


def test_getting_online_lists_the_directory_services_for_it(client):
    page = client.get(reverse("offline:getting_online")).content.decode()
    assert "Free wifi and computers at Medway libraries" in page
    assert "Family device bank" in page
    assert "Free mobile data and SIM cards" in page
    assert "Health visiting" not in page


def test_a_search_for_wifi_finds_them(client):
    page = client.get(reverse("finder:results"), {"q": "free wifi"}).content.decode()
    assert "Free wifi and computers at Medway libraries" in page
