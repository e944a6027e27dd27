"""The results page: spelling corrections shown (only when they found something), and needs
named in the page's language."""

import html
import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.django_db


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def corrected_link(text: str):
    found = re.search(r'id="corrected">[^<]*<a [^>]*href="([^"]+)">([^<]+)</a>', text)
    return (html.unescape(found.group(1)), found.group(2)) if found else None


def need_options(text: str) -> list[str]:
    select = re.search(r'<select [^>]*id="need".*?</select>', text, re.S).group(0)
    return [html.unescape(name) for name in re.findall(r"<option [^>]*>([^<]*)</option>", select)]


def test_a_misspelt_search_finds_services_and_shows_what_it_searched_for(client):
    text = page(client, "/services/", q="slep problems", free="1", age="3")
    href, words = corrected_link(text)
    assert words == "sleep problems"
    query = parse_qs(urlparse(href).query)
    assert query == {"q": ["sleep problems"], "free": ["1"], "age": ["3"]}  # filters kept
    assert "We could not find a match" not in text


def test_a_correction_that_finds_nothing_is_never_suggested(client):
    # No service offers Welsh: "sleep problems" would find nothing with that filter either.
    text = page(client, "/services/", q="slep problems", language="cy")
    assert corrected_link(text) is None
    assert "sleep problems" not in text
    assert "We could not find a match" in text


def test_a_correctly_spelt_search_shows_no_correction(client):
    assert corrected_link(page(client, "/services/", q="sleep problems")) is None


def test_sen_on_the_polish_page_finds_sleep_services_not_send(client):
    text = page(client, "/pl/services/", q="sen")
    # The Polish page's own tip suggests "sen": it finds something, and it is about sleep.
    assert "Nic nie znaleźliśmy" not in text
    assert "Better bedtimes" in text or "sleep service" in text
    assert "SENDIASS" not in text


def test_needs_are_named_in_polish_on_polish_pages(client):
    start = page(client, "/pl/")
    assert "Karmienie dziecka" in start and "Feeding your baby" not in start
    results = page(client, "/pl/services/", q="autyzm")
    options = need_options(results)
    assert "Autyzm, ADHD i inne różnice — z diagnozą lub bez" in options
    assert "– Karmienie piersią" in options
    assert "Autism" not in " ".join(options)
    assert "Autyzm</p>" in results  # what the words were understood as, in Polish


def test_needs_stay_english_on_english_pages(client):
    options = need_options(page(client, "/services/", q="autism"))
    assert "– Breastfeeding" in options
