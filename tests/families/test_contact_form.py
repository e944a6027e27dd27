"""The contact questions (families/forms.py: ContactForm), asked on a request's contact step and
on "Your family": a family that ticks no safe way to contact them is asked how they will hear,
and what they answer is kept on their record. (The rest of that journey — told plainly what will
happen, sent nothing, shown to staff — is in tests/referrals/test_no_safe_channel.py.)"""

import pytest
from django.urls import reverse

from familyhub.families.forms import ContactForm
from familyhub.families.models import Family, OtherWay
from tests.factories import OrganisationFactory, ServiceFactory
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return ServiceFactory(
        organisation=OrganisationFactory(),
        name="Sleep clinic (test)",
        access_self_referral=True,
        status="active",
    )


def _form(**data):
    form = ContactForm(data)
    form.is_valid()
    return form


def test_ticking_nothing_safe_asks_how_we_can_reach_them():
    form = _form(contact_phone="07700 900123", preferred_contact="phone")
    assert form.errors["other_way"] == [
        "You have not ticked a safe way to contact you. Choose how we can reach you"
    ]


def test_a_safe_way_ticked_without_its_details_is_not_a_safe_way():
    form = _form(contact_phone="07700 900123", preferred_contact="phone", safe=["email"])
    assert form.errors["contact_email"] == ["Enter an email address, or untick email"]


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"other_way": "safe_number"}, "other_way_phone", "Enter the phone number that is safe"),
        ({"other_way": "safe_number", "other_way_phone": "07700 900456"}, "safe_times",
         "Enter the times it is safe to phone you"),
        ({"other_way": "in_person"}, "other_way_details",
         "Tell us where and when someone can talk to you"),
        ({"other_way": "safe_number", "other_way_phone": "12", "safe_times": "Noon"},
         "other_way_phone", "Enter a UK phone number, like 07700 900 982"),
    ],
)  # fmt: skip
def test_each_other_way_asks_for_what_it_needs(data, field, message):
    assert _form(**data).errors[field] == [message]


def test_i_will_phone_you_needs_no_number_at_all():
    form = _form(other_way="family_will_call")
    assert form.is_valid(), form.errors
    answers = ContactForm.answers_from(form.cleaned_data)
    assert answers["other_way"] == "family_will_call"
    assert not (answers["safe_to_phone"] or answers["safe_to_text"] or answers["safe_to_email"])


def test_another_way_is_forgotten_when_a_way_is_safe_after_all():
    form = _form(contact_email="sam@example.org", preferred_contact="email", safe=["email"],
                 other_way="in_person", other_way_details="At school")  # fmt: skip
    assert form.is_valid(), form.errors
    answers = ContactForm.answers_from(form.cleaned_data)
    assert answers["other_way"] == "" and answers["other_way_details"] == ""


def test_a_family_changing_their_own_record_is_asked_the_same(client, service):
    parent = person("parent")
    support_request = make_request(service, by=parent)
    client.force_login(parent)
    url = reverse("referrals:family_contact")
    response = client.post(url, {"contact_phone": "07700 900123"})
    assert response.status_code == 400
    assert "Choose how we can reach you" in response.content.decode()
    data = {"contact_phone": "07700 900123", "other_way": "in_person",
            "other_way_details": "At Cara's nursery on Fridays"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    family = Family.objects.get(pk=support_request.family_id)
    assert family.other_way == OtherWay.IN_PERSON and not family.safe_to_email
    page = client.get(reverse("referrals:my_family")).content.decode()
    assert "In person: At Cara&#x27;s nursery on Fridays" in page
