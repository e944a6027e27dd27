"""What a search engine and a slow phone get from the first page: a description, the page
compressed, and static files as production serves them (hashed names, compressed copies, the
script's import hashed too)."""

import gzip
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "words"),
    [("/", "Find support for your family"), ("/pl/", "Znajdź wsparcie dla swojej rodziny")],
)
def test_every_page_has_a_description_in_its_language(client, path, words):
    html = client.get(path).content.decode()
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description and words in description.group(1)


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    answer = client.get("/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert answer["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in answer["Vary"]
    assert b"<!DOCTYPE html>" in gzip.decompress(answer.content)
    plain = client.get("/")
    assert not plain.has_header("Content-Encoding")


def test_collected_static_files_are_hashed_compressed_and_the_import_is_hashed(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "familyhub.finder.static_storage.StaticFiles"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    folder = tmp_path / "familyhub"
    [script] = folder.glob("finder.*.mjs")
    imported = re.search(r'from "\./(govuk-frontend\.min\.[0-9a-f]{12}\.js)"', script.read_text())
    assert imported and (folder / imported.group(1)).exists()
    assert (folder / (script.name + ".br")).exists() and (folder / (script.name + ".gz")).exists()
    assert list(folder.glob("application.*.css.br"))


def test_the_icon_is_written_into_the_page_as_the_council_s_svg():
    from urllib.parse import unquote

    from familyhub.finder.templatetags.first_load import FAVICON, favicon_data_uri

    uri = favicon_data_uri()
    assert uri.startswith("data:image/svg+xml,")
    assert not set('"<>&') & set(uri)  # safe inside the page's double-quoted attribute
    svg = unquote(uri.removeprefix("data:image/svg+xml,"))
    assert svg == " ".join(FAVICON.read_text().split()).replace('"', "'")


def test_the_page_asks_for_no_icon_or_script_before_it_is_painted(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="data:image/svg+xml,' in html
    # The enhancements' script is named for the loader, never a <script src> the parser fetches.
    assert '<script type="module"' not in html
    assert re.search(r'id="fh-enhancements" data-src="/static/familyhub/finder\.[^"]*mjs"', html)
