"""Two families with similar names (the same parent's name, a child of the same name born a
day apart, at other postcodes, with other contact details), made the real way; an
administrator to look them up."""

from dataclasses import dataclass

import pytest

from familyhub.accounts.models import Role
from familyhub.referrals.models import SupportRequest
from tests.factories import OrganisationFactory, ServiceFactory
from tests.referrals.helpers import make_request, person


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@dataclass
class Families:
    service: object
    first: SupportRequest  # Sam Parent's request for Alex Parent, born 4 May 2021, ME4 4TR
    second: SupportRequest  # another Sam Parent's request for Alex Parent, born 5 May 2021


@pytest.fixture
def service(db):
    return ServiceFactory(
        organisation=OrganisationFactory(name="Medway Family Support", email="fs@example.org"),
        name="Family support (test)",
        email="service@example.org",
    )


@pytest.fixture
def families(service):
    first = make_request(service)
    second = make_request(
        service,
        postcode="ME7 1XY",
        consent={"given_by_name": "Sam Parent", "agreed": True},
        children=[{"first_name": "Alex", "last_name": "Parent", "date_of_birth": "2021-05-05"}],
        worries="The other family's worry: school mornings.",
        contact={
            "contact_email": "sam.other@example.org",
            "contact_phone": "07700 900999",
            "preferred_contact": "email",
            "safe_to_email": True,
            "safe_to_text": True,
        },
    )
    assert first.family_id != second.family_id
    return Families(service, first, second)


@pytest.fixture
def administrator(db):
    return person(Role.ADMINISTRATOR, email="admin@example.org")
