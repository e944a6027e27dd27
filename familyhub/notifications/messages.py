"""The kinds of message, as data. Bodies use only {reference}, {link} and {code} (and
{alternatives}: services that could help instead, by name and public link), and
{minutes}: how long a tracking code works (a setting, filled in when the message is made), and
{details}: plain lines in a reminder to staff about their own work (a course and its expiry
date, or the pages due for review), never anything about a family.
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
            key="safeguarding_concern",
            subject="Safeguarding check needed today: request {reference}",
            email=(
                "Hello,\n\n"
                "Request for support {reference} may show a safeguarding concern in the "
                "family's own words. Please read it today, speak to your designated "
                "safeguarding lead, and record the step you took on the request:\n{link}\n\n"
                "No decision can be made on the request until the step is recorded.\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Request {reference} may show a safeguarding concern. Read it today: {link}",
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
            key="start_overdue",
            subject="Support has not started for request {reference}",
            email=(
                "Hello,\n\n"
                "Support for request {reference} was expected to start by now, and it has not "
                "been marked as started. The family has been told we asked you to update them.\n\n"
                "Please contact the family to tell them when it will start, and record it "
                "when it does:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Support for request {reference} is late. Please update the family: {link}",
        ),
        Kind(
            key="request_withdrawn",
            subject="Request {reference} has been withdrawn",
            email=(
                "Hello,\n\n"
                "The family (or the practitioner who made it) has withdrawn request for support "
                "{reference}. You do not need to do anything more with it.\n\n"
                "You can see it, and any reason they gave, here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Request {reference} has been withdrawn: {link}",
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
        # Codes for a request asked for more often than the limit (referrals/tracking.py):
        # sent once a period, by the family's safe way.
        Kind(
            key="tracking_codes_asked_for",
            subject="Someone asked for codes to see your request {reference}",
            email=(
                "Hello,\n\n"
                "Someone asked for codes to see your request for support {reference} several "
                "times. We have stopped sending codes for it for a while.\n\n"
                "If this was you, wait a little and try again. If it was not you, your request "
                "is safe: no one can see it without a code, and codes are only sent to you. "
                "If you are worried, phone the service and give your reference.\n\n"
                "You can see your request here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms=(
                "Someone asked for codes for request {reference} several times. Only you get "
                "codes. See: {link}"
            ),
        ),
        # A service closing (familyhub/upkeep/closing.py): what happened to the request and
        # the services that could help instead, by name and link (public directory pages).
        Kind(
            key="service_closing_family",
            subject="The service for your request {reference} is closing",
            email=(
                "Hello,\n\n"
                "The service your request for support {reference} was sent to is closing. "
                "We are sorry.\n\n"
                "{alternatives}\n\n"
                "You can see your request here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms=(
                "The service for your request {reference} is closing. {alternatives} "
                "Your request: {link}"
            ),
        ),
        Kind(
            key="service_closing_referrer",
            subject="The service for request {reference} is closing",
            email=(
                "Hello,\n\n"
                "The service that request {reference}, which you made for a family, was sent "
                "to is closing.\n\n"
                "{alternatives}\n\n"
                "You can see the request here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="The service for request {reference} is closing. {alternatives} See: {link}",
        ),
        # Keeping the directory true (familyhub/upkeep): staff messages, a reference and link.
        Kind(
            key="directory_change_decided",
            subject="Your change {reference} has been decided",
            email=(
                "Hello,\n\n"
                "A data manager has approved or rejected your change {reference} to the "
                "directory.\n\n"
                "You can see the decision here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Your directory change {reference} has been decided: {link}",
        ),
        Kind(
            key="directory_check_due",
            subject="Please check your service's details ({reference})",
            email=(
                "Hello,\n\n"
                "One of your services ({reference}) has not been checked for 6 months. Please "
                "check its details are still right, and change or confirm them here:\n{link}\n\n"
                "After 12 months, families will be told the information may be out of date.\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Please check your service {reference} is still right: {link}",
        ),
        Kind(
            key="directory_suggestion",
            subject="Someone suggested a change to a service ({reference})",
            email=(
                "Hello,\n\n"
                "A member of the public suggested a change ({reference}) to one of the "
                "directory's services.\n\n"
                "You can see it here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Someone suggested a change {reference} to a service: {link}",
        ),
        # A parent's account (familyhub/accounts/signup.py): the page says the same whether
        # the email has an account or not; the email's owner is told which.
        Kind(
            key="account_confirm",
            subject="Confirm your email to finish making your Family Hub account",
            email=(
                "Hello,\n\n"
                "Someone asked to make a Family Hub account with this email address. If it was "
                "you, open this link to finish (it works for 3 days, once):\n{link}\n\n"
                "If it was not you, ignore this email: no account is made until the link is "
                "used.\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Finish making your Family Hub account: {link}",
        ),
        Kind(
            key="account_exists",
            subject="You already have a Family Hub account",
            email=(
                "Hello,\n\n"
                "Someone asked to make a Family Hub account with this email address, but there "
                "is already an account for it. You can sign in here:\n{link}\n\n"
                "If it was not you, you do not need to do anything: your account has not "
                "changed.\n\n"
                f"{SIGN_OFF}"
            ),
            sms="You already have a Family Hub account. Sign in: {link}",
        ),
        # Early help casework (familyhub/casework): the family's plan has ended.
        Kind(
            key="early_help_ended",
            subject="Your family plan {reference} has ended",
            email=(
                "Hello,\n\n"
                "Your family plan {reference} has ended. You can see what happens next, and "
                "who you can go to, here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Your family plan {reference} has ended. See what happens next: {link}",
        ),
        # To the lead practitioner: six months after early help ended, is it sustained?
        Kind(
            key="sustained_check_due",
            subject="Six months on: is the change for {reference} sustained?",
            email=(
                "Hello,\n\n"
                "Early help for {reference} ended six months ago. Please check with the family "
                "whether the change has lasted, and record it here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Six months on: record whether the change for {reference} lasted: {link}",
        ),
        # To the lead practitioner (or the team's managers): the family's comment on its plan
        # may describe harm.
        Kind(
            key="case_safety_concern",
            subject="Safeguarding check needed today: early help case {reference}",
            email=(
                "Hello,\n\n"
                "The family in early help case {reference} has written a comment on their plan "
                "that may describe harm. Please read it today, speak to your designated "
                "safeguarding lead, and record what you did on the case:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Case {reference}: the family's comment may describe harm. Read it today: {link}",
        ),
        # To a data manager: a partner's feed pulled on a schedule (familyhub/interchange/pulls.py).
        Kind(
            key="partner_feed_failing",
            subject="A partner's feed could not be pulled ({reference})",
            email=(
                "Hello,\n\n"
                "The scheduled pull of a partner's feed ({reference}) has failed several times "
                "in a row. You can see why, and change or pause it, here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="The partner feed {reference} keeps failing to pull. See why: {link}",
        ),
        Kind(
            key="partner_feed_held",
            subject="A partner's feed is held for you to check ({reference})",
            email=(
                "Hello,\n\n"
                "The scheduled pull of a partner's feed ({reference}) would archive many "
                "services, so nothing was imported. Check it, and import it anyway if it is "
                "right, here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="The partner feed {reference} is held: it would archive many services. {link}",
        ),
        # To an action's lead in the delivery plan: its review date (or deadline) is near.
        Kind(
            key="plan_review_due",
            subject="Delivery plan action {reference}: review date soon",
            email=(
                "Hello,\n\n"
                "The delivery plan action {reference} you lead is due for review soon. "
                "Please record its progress and evidence here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Delivery plan action {reference} is due for review: record progress {link}",
        ),
        # To a member of staff (and a copy to their team's managers): their training on a course
        # expires soon and nothing later is recorded (familyhub/workforce/reminders.py).
        Kind(
            key="training_expiring",
            subject="Training expires soon: please renew it ({reference})",
            email=(
                "Hello,\n\n"
                "This training expires soon, and no renewal is recorded yet:\n\n"
                "{details}\n\n"
                "Once it is renewed, record the new training (the date trained, and the "
                "certificate reference if there is one) here, so it counts:\n{link}\n\n"
                "This is the only reminder for this training ({reference}).\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Training {reference} expires soon. Once renewed, record it: {link}",
        ),
        # To content editors: information pages whose review-by date is near or past
        # (familyhub/information/reminders.py), one email listing them.
        Kind(
            key="information_reviews_due",
            subject="Information pages due for review ({reference})",
            email=(
                "Hello,\n\n"
                "These information pages for parents are due for review ({reference}):\n\n"
                "{details}\n\n"
                "Check each page is still right, then publish a new version or mark it "
                "reviewed, from the list of pages here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Information pages are due for review ({reference}). See them: {link}",
        ),
        # Family feedback (familyhub/feedback): asked once support ends, reminded once.
        Kind(
            key="feedback_asked",
            subject="How did it go? ({reference})",
            email=(
                "Hello,\n\n"
                "Your support ({reference}) has ended. We would like to know how it went, so we "
                "can make support better for families. It takes about 2 minutes, every question "
                "is optional, and what you say will not change any help you get now or later.\n\n"
                "Tell us here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Your support {reference} has ended. Tell us how it went (2 minutes): {link}",
        ),
        Kind(
            key="feedback_reminder",
            subject="A reminder: how did it go? ({reference})",
            email=(
                "Hello,\n\n"
                "We asked recently how your support ({reference}) went. If you have a moment, "
                "please tell us. Every question is optional. This is the only reminder we will "
                "send.\n\n"
                "Tell us here:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Reminder: tell us how your support {reference} went (2 minutes): {link}",
        ),
        # To the lead practitioner: the family's feedback may describe danger.
        Kind(
            key="feedback_concern",
            subject="Safeguarding check needed today: {reference}",
            email=(
                "Hello,\n\n"
                "The family's feedback about {reference} may show a safeguarding concern in "
                "their own words. Please read it today in the case's history, speak to your "
                "designated safeguarding lead, and act on it:\n{link}\n\n"
                f"{SIGN_OFF}"
            ),
            sms="Feedback about {reference} may show a safeguarding concern. Read it today: {link}",
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
    values = {"reference": "", "link": "", "code": "", "alternatives": "", "details": ""} | dict(
        personalisation
    )
    values["minutes"] = settings.TRACKING_CODE_MINUTES
    if channel == "sms":
        return Rendered(subject="", body=template.sms.format_map(values))
    return Rendered(
        subject=template.subject.format_map(values), body=template.email.format_map(values)
    )
