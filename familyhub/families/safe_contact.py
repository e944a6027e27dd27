"""The rules for reaching a family safely, written once.

A family says which of phone, text and email are safe. A way is usable only if it is ticked
*and* its number or address was given. Messages (updates, tracking codes) go by a usable email,
else a usable text — never both. A family with no usable way at all has "no safe way to
contact": staff must arrange contact the way the family asked (`Family.other_way`), and nothing
may promise them messages. How they asked to hear instead is said once here, in the family's
words and in staff's (`other_way_for_family`, `other_way_for_staff`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from familyhub.families.models import OtherWay

WAYS = ("phone", "text", "email")


def usable_ways(*, email: str, phone: str, safe: set[str]) -> set[str]:
    """Which of phone, text and email are both safe and possible with the details given."""
    usable = set()
    if phone and "phone" in safe:
        usable.add("phone")
    if phone and "text" in safe:
        usable.add("text")
    if email and "email" in safe:
        usable.add("email")
    return usable


def family_ways(family) -> set[str]:
    safe = {
        way
        for way, on in (
            ("phone", family.safe_to_phone),
            ("text", family.safe_to_text),
            ("email", family.safe_to_email),
        )
        if on
    }
    return usable_ways(email=family.contact_email or "", phone=family.contact_phone or "",
                       safe=safe)  # fmt: skip


@dataclass(frozen=True)
class MessageRoute:
    channel: str  # "email" or "sms" (the outbox's channels)
    to: str


def message_route(family) -> MessageRoute | None:
    """Where messages to this family may go, or None: nothing may be sent."""
    ways = family_ways(family)
    if "email" in ways:
        return MessageRoute("email", family.contact_email)
    if "text" in ways:
        return MessageRoute("sms", family.contact_phone)
    return None


def no_safe_way(family) -> bool:
    """No safe phone call, text or email: staff must arrange contact."""
    return not family_ways(family)


@dataclass(frozen=True)
class HowWeReach:
    """What a family is told will happen, and what staff are told to do — the same facts."""

    messages: str  # "email", "sms" or "" (no messages at all)
    phone: bool  # the service may phone the family's number
    other_way: str  # an OtherWay value when there is no safe way, else ""

    @property
    def no_safe_way(self) -> bool:
        return not self.messages and not self.phone


def how_we_reach(family) -> HowWeReach:
    route = message_route(family)
    ways = family_ways(family)
    return HowWeReach(
        messages=route.channel if route else "",
        phone="phone" in ways,
        other_way=(family.other_way or "") if not ways else "",
    )


def other_way_for_family(family) -> str:
    """How a family with no safe phone, text or email asked to hear, in their words."""
    if family.other_way == OtherWay.SAFE_NUMBER:
        return _("Phone only on %(phone)s, at the times you gave") % {
            "phone": family.other_way_phone
        }
    if family.other_way == OtherWay.FAMILY_WILL_CALL:
        return _("You will phone the service yourself")
    if family.other_way == OtherWay.IN_PERSON:
        return _("In person: %(where)s") % {"where": family.other_way_details}
    return _("Not said")


def other_way_for_staff(family) -> str:
    """The same, for the staff who must arrange contact."""
    if family.other_way == OtherWay.SAFE_NUMBER:
        return _("Phone only on %(phone)s, and only at the safe times below.") % {
            "phone": family.other_way_phone
        }
    if family.other_way == OtherWay.FAMILY_WILL_CALL:
        return _("The family will phone you. They have their reference.")
    if family.other_way == OtherWay.IN_PERSON:
        return _("Talk to them in person: %(where)s") % {"where": family.other_way_details}
    return _("The family did not say how. Ask the person who made the request, or early help.")


__all__ = [
    "OtherWay",
    "WAYS",
    "how_we_reach",
    "message_route",
    "no_safe_way",
    "other_way_for_family",
    "other_way_for_staff",
    "usable_ways",
]
