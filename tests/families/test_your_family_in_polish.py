"""A Polish reader of "Your family" sees its phone number labelled as a phone number ("Telefon"),
not as the way a service is delivered ("Telefonicznie")."""

import pytest
from django.urls import reverse
from django.utils import translation

from familyhub.directory.models import Service
from tests.referrals.helpers import make_request, person


@pytest.fixture
def parent(db):
    """A parent signed in, with a request made from their account."""
    parent = person("parent")
    service = Service.objects.filter(access_self_referral=True, status="active").first()
    parent.support_request = make_request(service, by=parent)
    return parent


def test_a_family_reading_in_polish_sees_its_phone_number_labelled_as_one(client, parent):
    client.force_login(parent)
    with translation.override("pl"):
        page = client.get(reverse("referrals:my_family")).content.decode()
    assert '<dt class="govuk-summary-list__key">Telefon</dt>' in page
    assert "Telefonicznie" not in page
    assert 'Zmień<span class="govuk-visually-hidden"> numer telefonu</span>' in page
