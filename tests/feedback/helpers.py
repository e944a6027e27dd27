"""Requests and cases closed the real way, and the link the family was sent."""

from django.conf import settings

from familyhub.casework import actions as casework
from familyhub.directory.models import Service
from familyhub.notifications.models import Message
from familyhub.referrals.actions import move_request
from tests.casework.helpers import open_case
from tests.personas import person
from tests.referrals.helpers import make_request


def a_service():
    return Service.objects.exclude(email="").order_by("name").first()


def closed_request(capture, *, outcome="needs_met", **answers):
    """A request made, accepted, started and closed; the ask queued once the close commits."""
    support_request = make_request(a_service(), **answers)
    provider = person("provider")
    for move in ("accept", "start"):
        support_request = move_request(support_request.pk, move, by=provider)
    with capture(execute=True):
        support_request = move_request(support_request.pk, "close", by=provider, outcome=outcome)
    return support_request


def closed_case(capture, *, outcome="needs_met"):
    case = open_case()
    with capture(execute=True):
        return casework.move_case(
            case.pk, "close", by=person("triage"), outcome=outcome, exit_plan="Stay and play."
        )


def sent_link(kind="feedback_asked", reference=None) -> str:
    """The path of the link in the message sent to the family."""
    messages = Message.objects.filter(kind=kind)
    if reference:
        messages = messages.filter(reference=reference)
    link = messages.get().personalisation["link"]
    assert link.startswith(settings.SITE_URL)
    return link.removeprefix(settings.SITE_URL)
