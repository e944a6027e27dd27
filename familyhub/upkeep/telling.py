"""Who is told about directory changes, through the outbox (inside the caller's transaction).

Staff messages go by email only and carry a reference and a link, never the details.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.notifications.services import InvalidMessage, queue_message

logger = logging.getLogger(__name__)


def _link(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _email(to: str, kind: str, reference: str, link: str) -> bool:
    try:
        queue_message(channel="email", to=to, kind=kind, reference=reference, link=link)
    except InvalidMessage as problem:
        logger.warning("Message %s about %s not queued: %s", kind, reference, problem)
        return False
    return True


def provider_addresses(organisation) -> list[str]:
    """The organisation's provider staff; its own mailbox if it has no staff accounts yet."""
    staff = (
        get_user_model()
        .objects.filter(
            profile__role=Role.PROVIDER, profile__organisation=organisation, is_active=True
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys(staff)) or ([organisation.email] if organisation.email else [])


def data_manager_addresses() -> list[str]:
    people = (
        get_user_model()
        .objects.filter(profile__role=Role.DATA_MANAGER, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    return list(dict.fromkeys(people))


def change_decided(change) -> None:
    """The person who proposed a change hears it was approved or rejected."""
    person = change.proposed_by
    if person is not None and change.decided_by_id == person.pk:
        return  # a data manager's own direct change: nothing to tell them
    if person is not None and person.email:
        link = _link("upkeep:change", change_id=change.pk)
        _email(person.email, "directory_change_decided", change.reference, link)


def check_due(service) -> int:
    """The provider is asked to check a service (the 6-month reminder). How many were queued."""
    link = _link("upkeep:service", service_id=service.pk)
    return sum(
        _email(address, "directory_check_due", str(service.pk), link)
        for address in provider_addresses(service.organisation)
    )


def suggestion_made(suggestion) -> int:
    """A public suggestion reaches the owning organisation and the data managers."""
    link = _link("upkeep:suggestion", suggestion_id=suggestion.pk)
    addresses = provider_addresses(suggestion.service.organisation) + data_manager_addresses()
    return sum(
        _email(address, "directory_suggestion", str(suggestion.pk), link)
        for address in dict.fromkeys(addresses)
    )
