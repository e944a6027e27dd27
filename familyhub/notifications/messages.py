"""The kinds of message, as data. Bodies use only {reference}, {link} and {code}, and
{minutes}: how long a tracking code works (a setting, filled in when the message is made).
"""

from dataclasses import dataclass
from string import Formatter

from django.conf import settings

SIGN_OFF = "Family Hub"
FROM_SETTINGS = {"minutes"}  # filled in from settings, never given by the caller


@dataclass(frozen=True)
class Kind:
    key: str
    subject: str
    email: str
    sms: str

    def fields(self) -> set[str]:
        """The personalisation this kind needs, read from its templates."""
        return {
            name
            for template in (self.subject, self.email, self.sms)
            for _, name, _, _ in Formatter().parse(template)
            if name and name not in FROM_SETTINGS
        }


KINDS = {
    kind.key: kind
    for kind in [
        Kind(
            key="request_sent",
            subject="Your request for support has been sent",
            email=(
                "Hello,\n\n"
                "Thank you. Your request for support has been sent. "
                "Your reference is {reference}.\n\n"
                "You can see where your request is up to at any time:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Your request for support {reference} has been sent. See where it is up to: {link}",
        ),
        Kind(
            key="request_updated",
            subject="There is news about your request {reference}",
            email=(
                "Hello,\n\n"
                "There is news about your request for support {reference}.\n\n"
                "You can see it here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="There is news about your request {reference}. See it here: {link}",
        ),
        Kind(
            key="account_added",
            subject="An account was added to your request {reference}",
            email=(
                "Hello,\n\n"
                "Someone signed in to a Family Hub account and added your request for support "
                "{reference} to it, using the one-time code we sent you.\n\n"
                "If this was you, you do not need to do anything. If it was not you, please "
                "tell the service straight away:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms=(
                "An account was added to your request {reference}. "
                "If this was not you, tell us: {link}"
            ),
        ),
        Kind(
            key="referrer_update",
            subject="News about request {reference}",
            email=(
                "Hello,\n\n"
                "There is news about request {reference}, which you made for a family.\n\n"
                "You can see it here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="News about request {reference}: {link}",
        ),
        Kind(
            key="new_request",
            subject="New request for support {reference}",
            email=(
                "Hello,\n\n"
                "A new request for support, {reference}, is waiting for you.\n\n"
                "You can see it here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="A new request for support {reference} is waiting: {link}",
        ),
        Kind(
            key="tracking_code",
            subject="Your code to see request {reference}",
            email=(
                "Hello,\n\n"
                "Your code to see your request {reference} is:\n\n{code}\n\n"
                "It works for {minutes} minutes.\n\n"
                "If you did not ask for this code, you can ignore this message.\n\n"
                f"{SIGN_OFF}"
            ),
            sms=(
                "Your code to see request {reference} is {code}. It works for {minutes} minutes. "
                "If you did not ask for it, ignore this message."
            ),
        ),
    ]
}


@dataclass(frozen=True)
class Rendered:
    subject: str  # empty for text messages
    body: str


def render(kind: str, channel: str, personalisation: dict) -> Rendered:
    """The subject and body of a message, filled in."""
    template = KINDS[kind]
    values = {"reference": "", "link": "", "code": ""} | dict(personalisation)
    values["minutes"] = settings.TRACKING_CODE_MINUTES
    if channel == "sms":
        return Rendered(subject="", body=template.sms.format_map(values))
    return Rendered(
        subject=template.subject.format_map(values), body=template.email.format_map(values)
    )
