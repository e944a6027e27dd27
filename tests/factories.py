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


# --- Requests for support and families, made the real way -----------------------------------

# The moves that bring a new request to each status, in order, with the details each needs.
_WAY_TO = {
    "submitted": [],
    "received": [("receive", {})],
    "accepted": [("accept", {})],
    "declined": [("decline", {"reason": "not_eligible", "reason_for_family": "Not eligible."})],
    "waitlisted": [("waitlist", {"expected_start": "in_six_weeks"})],
    "redirected": [("redirect", {"service": "another"})],
    "in_progress": [("accept", {}), ("start", {})],
    "closed": [("accept", {}), ("start", {}), ("close", {"outcome": "needs_met"})],
    "withdrawn": [("withdraw", {})],
}


class SupportRequestFactory(factory.Factory):
    """A request for support in any status, made as a family or referrer would make it (a draft,
    then submit_draft) and moved there by the state machine's own moves, history and all:
    `SupportRequestFactory(status="waitlisted")`. The family record is made (or matched) from
    the answers, as on the request pages."""

    class Meta:
        model = dict  # made by _create, never by the model's constructor

    service = None  # default: a demo service that takes self-referrals
    by = None
    status = "submitted"
    answers = factory.Dict({})

    @classmethod
    def _create(cls, model_class, *, service, by, status, answers):
        from datetime import timedelta

        from django.utils import timezone

        from familyhub.directory.models import Service
        from familyhub.referrals.actions import move_request
        from familyhub.referrals.states import Status
        from tests.referrals.helpers import make_request

        if status not in _WAY_TO:
            raise ValueError(f"No way to a {status!r} request: use one of {', '.join(Status)}")
        if service is None:
            service = Service.objects.filter(access_self_referral=True, status="active").first()
        support_request = make_request(service, by=by, **answers)
        for move, details in _WAY_TO[status]:
            details = dict(details)
            if details.get("expected_start") == "in_six_weeks":
                details["expected_start"] = timezone.localdate() + timedelta(weeks=6)
            if details.get("service") == "another":
                details["service"] = (
                    Service.objects.filter(status="active").exclude(pk=service.pk).first()
                )
            support_request = move_request(support_request.pk, move, **details)
        return support_request


class FamilyFactory(factory.Factory):
    """A family record as the request route makes it (Sam and Alex Parent, unless `answers`
    say otherwise), optionally with a parent's account (`account_holder`)."""

    class Meta:
        model = dict

    answers = factory.Dict({})
    account_holder = None

    @classmethod
    def _create(cls, model_class, *, answers, account_holder):
        family = SupportRequestFactory(answers=answers).family
        if account_holder is not None:
            family.account_holders.add(account_holder)
        return family
