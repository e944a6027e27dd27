from django.core.checks import run_checks
from django.test import override_settings

from familyhub.finder.checks import contrast_ratio


def test_contrast_ratio_matches_wcag_examples():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54


def test_the_default_branding_passes():
    assert not [e for e in run_checks() if e.id.startswith("finder.")]


@override_settings(BRAND_COLOUR="#8fbce6")
def test_a_pale_brand_colour_behind_white_text_is_refused():
    errors = [e for e in run_checks() if e.id == "finder.E002"]
    assert errors and "FAMILYHUB_BRAND_COLOUR" in errors[0].msg


@override_settings(LINK_COLOUR="blue")
def test_a_colour_that_is_not_hex_is_refused():
    assert [e for e in run_checks() if e.id == "finder.E001"]


def test_branding_comes_from_settings(client):
    with override_settings(COUNCIL_NAME="Kent County Council", BRAND_COLOUR="#003366"):
        page = client.get("/privacy/").content.decode()
    assert "Kent County Council" in page
    assert "--govuk-brand-colour:#003366" in page
