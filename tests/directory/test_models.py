import pytest
from django.core.exceptions import ValidationError

from familyhub.directory.models import Address, Schedule
from tests import factories as f

pytestmark = pytest.mark.django_db


def errors_of(record):
    with pytest.raises(ValidationError) as raised:
        record.full_clean(exclude=["search_text"])
    return raised.value.message_dict


def test_a_sound_service_passes():
    f.ServiceFactory().full_clean(exclude=["search_text"])


def test_age_range_must_run_upwards():
    service = f.ServiceFactory.build(
        organisation=f.OrganisationFactory(), minimum_age=10, maximum_age=4
    )
    assert "oldest age" in errors_of(service)["maximum_age"][0]


def test_ages_above_25_are_refused():
    service = f.ServiceFactory.build(organisation=f.OrganisationFactory(), maximum_age=99)
    assert "maximum_age" in errors_of(service)


def test_a_service_needs_an_access_route_and_a_delivery_mode():
    service = f.ServiceFactory.build(
        organisation=f.OrganisationFactory(), access_drop_in=False, delivered_in_person=False
    )
    errors = errors_of(service)
    assert "at least one way to get this service" in errors["access_drop_in"][0]
    assert (
        "How it is delivered" in errors["delivered_in_person"][0] or errors["delivered_in_person"]
    )


def test_a_service_needs_a_level_of_need():
    service = f.ServiceFactory.build(organisation=f.OrganisationFactory(), level_of_need="")
    assert "level_of_need" in errors_of(service)


def test_an_eif_rating_needs_its_programme():
    service = f.ServiceFactory.build(organisation=f.OrganisationFactory(), eif_rating="4+")
    assert "evidence_programme" in errors_of(service)


def test_search_text_is_rebuilt_on_save():
    service = f.ServiceFactory(name="Bumps and babies", description="Weekly group.")
    assert "bumps and babies" in service.search_text  # folded to lower case
    service.description = "Now with baby massage."
    service.save(update_fields=["description"])
    service.refresh_from_db()
    assert "baby massage" in service.search_text


def test_address_postcodes_are_checked_and_tidied():
    location = f.LocationFactory()
    address = Address(
        location=location, address_1="1 High St", city="Chatham", postal_code="me44tr"
    )
    address.full_clean()
    assert address.postal_code == "ME4 4TR"
    address.postal_code = "ME4"
    with pytest.raises(ValidationError, match="full postcode"):
        address.full_clean()
    address.postal_code = "banana"
    with pytest.raises(ValidationError, match="not a UK postcode"):
        address.full_clean()


def test_schedules_use_rrule_days_and_sane_times():
    from datetime import time

    schedule = Schedule(
        service=f.ServiceFactory(), byday="MO,XX", opens_at=time(12), closes_at=time(10)
    )
    with pytest.raises(ValidationError) as raised:
        schedule.full_clean()
    assert set(raised.value.message_dict) == {"byday", "closes_at"}
