"""factory_boy factories, one per record, with a factory per state where the state matters."""

import factory
from factory.django import DjangoModelFactory

from familyhub.directory import models as m
from familyhub.directory import reference_data as ref
from familyhub.directory.choices import LevelOfNeed

factory.Faker._DEFAULT_LOCALE = "en_GB"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = m.Organisation

    name = factory.Faker("company")
    description = factory.Faker("sentence")
    email = factory.Sequence(lambda n: f"org{n}@example.org")


class ServiceFactory(DjangoModelFactory):
    """A universal drop-in, free, in person, for children 0 to 5."""

    class Meta:
        model = m.Service

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Test service {n}")
    description = "A friendly group for parents and carers."
    phone = factory.Sequence(lambda n: f"01632 960{n % 1000:03d}")
    level_of_need = LevelOfNeed.UNIVERSAL
    access_drop_in = True
    delivered_in_person = True
    minimum_age = 0
    maximum_age = 5


class SpecialistServiceFactory(ServiceFactory):
    level_of_need = LevelOfNeed.SPECIALIST
    access_drop_in = False
    access_professional_referral = True
    needs_diagnosis = True
    typical_wait_weeks = 18


class OnlineServiceFactory(ServiceFactory):
    access_drop_in = False
    access_self_referral = True
    delivered_in_person = False
    delivered_online = True


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = m.Location

    name = factory.Sequence(lambda n: f"Test venue {n}")
    latitude = 51.3800
    longitude = 0.5270
    town = "Chatham"


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = m.Address

    location = factory.SubFactory(LocationFactory)
    address_1 = "1 High Street"
    city = "Chatham"
    postal_code = "ME4 4TR"


class ServiceAtLocationFactory(DjangoModelFactory):
    class Meta:
        model = m.ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ServiceTermFactory(DjangoModelFactory):
    class Meta:
        model = m.ServiceTerm

    service = factory.SubFactory(ServiceFactory)
    taxonomy_term = factory.LazyFunction(
        lambda: m.TaxonomyTerm.objects.get(id=ref.term_id(ref.NEEDS, "sleep"))
    )


def need(code: str) -> m.TaxonomyTerm:
    return m.TaxonomyTerm.objects.get(id=ref.term_id(ref.NEEDS, code))


class CostOptionFactory(DjangoModelFactory):
    class Meta:
        model = m.CostOption

    service = factory.SubFactory(ServiceFactory)
    option = "Per session"
    amount = 3


class ScheduleFactory(DjangoModelFactory):
    class Meta:
        model = m.Schedule

    service = factory.SubFactory(ServiceFactory)
    byday = "TU"


class LanguageFactory(DjangoModelFactory):
    class Meta:
        model = m.Language

    service = factory.SubFactory(ServiceFactory)
    code = "pl"
    name = "Polish"
