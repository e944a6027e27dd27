"""Personas for provider self-service: the provider, another organisation's provider, the
data manager, and people with no business on these pages."""

import pytest

from familyhub.accounts.models import Role
from tests.factories import (
    AddressFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from tests.personas import person  # noqa: F401  (the shared personas)


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    # Two-factor sign-in has its own test (test_views.py); elsewhere staff are verified.
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Medway Sleep Partnership")


@pytest.fixture
def service(organisation):
    service = ServiceFactory(
        organisation=organisation, name="Sleep clinic (test)", last_checked_on=None
    )
    ScheduleFactory(service=service, byday="TU", opens_at="09:30", closes_at="11:30")
    link = ServiceAtLocationFactory(service=service)
    AddressFactory(location=link.location)
    return service


@pytest.fixture
def other_service():
    return ServiceFactory(
        organisation=OrganisationFactory(name="Another Charity"), name="Parenting course (test)"
    )


@pytest.fixture
def provider(organisation):
    return person(Role.PROVIDER, organisation=organisation, first_name="Priya", last_name="Tester")


@pytest.fixture
def other_provider(other_service):
    return person(
        Role.PROVIDER, organisation=other_service.organisation, first_name="Olu", last_name="Tester"
    )


@pytest.fixture
def data_manager():
    return person(Role.DATA_MANAGER, first_name="Dan", last_name="Tester")
