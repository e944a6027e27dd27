"""Properties of the message texts and the outbox's small rules."""

import re
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from familyhub.notifications.messages import KINDS, render
from familyhub.notifications.models import masked
from familyhub.notifications.services import backoff

references = st.from_regex(r"FH-[A-Z0-9]{4}-[A-Z0-9]{4}", fullmatch=True)
links = st.from_regex(r"https://familyhub\.example\.org/[a-z0-9/]{0,30}", fullmatch=True)
codes = st.from_regex(r"[0-9]{6}", fullmatch=True)


def test_every_kind_uses_only_the_reference_link_and_code():
    assert set(KINDS) == {"request_sent", "request_updated", "referrer_update", "new_request",
                          "request_withdrawn",
                          "tracking_code", "account_added", "directory_change_decided",
                          "directory_check_due", "directory_suggestion",
                          "start_overdue", "safeguarding_concern", "service_closing_family",
                          "service_closing_referrer", "account_confirm",
                          "account_exists", "tracking_codes_asked_for",
                          "early_help_ended", "sustained_check_due",
                          "case_safety_concern",
                          "partner_feed_failing", "partner_feed_held",
                          "plan_review_due",
                          "training_expiring", "information_reviews_due",
                          "feedback_asked", "feedback_reminder", "feedback_concern"}  # fmt: skip
    about_an_account = {"account_confirm", "account_exists"}  # no request, so no reference shown
    for kind in KINDS.values():
        # (and, when a service closes, the services that could help instead)
        # (and, in a reminder to staff about their own work, its details)
        assert kind.fields() <= {"reference", "link", "code", "alternatives", "details"}
        assert "reference" in kind.fields() or kind.key in about_an_account
        # One text message (160 characters) even with a 60-character link.
        link = "https://familyhub.example.org/requests/track/" + "x" * 15
        values = {"reference": "FH-ABCD-2345", "link": link, "code": "482913"}
        assert len(render(kind.key, "sms", values).body) <= 160


@given(kind=st.sampled_from(sorted(KINDS)), channel=st.sampled_from(["email", "sms"]),
       reference=references, link=links, code=codes)  # fmt: skip
def test_a_rendered_message_holds_what_it_was_given_and_nothing_unfilled(
    kind, channel, reference, link, code
):
    rendered = render(kind, channel, {"reference": reference, "link": link, "code": code})
    if "reference" in KINDS[kind].fields():  # all but the messages about an account
        assert reference in rendered.body
    assert ("{" not in rendered.body) and ("{" not in rendered.subject)
    if "link" in KINDS[kind].fields():
        assert link in rendered.body
    if kind == "tracking_code":
        assert code in rendered.body
    assert bool(rendered.subject) == (channel == "email")


@given(st.integers(min_value=1, max_value=10_000))
def test_backoff_grows_and_stops_at_six_hours(attempts):
    assert timedelta(minutes=1) <= backoff(attempts) <= timedelta(hours=6)
    assert backoff(attempts) <= backoff(attempts + 1)


@given(st.from_regex(r"07[0-9]{9}", fullmatch=True))
def test_a_masked_phone_number_shows_five_digits_at_most(number):
    shown = masked(number)
    assert len(re.findall(r"\d", shown)) == 5 and shown.endswith(number[-3:])


@given(st.emails())
def test_a_masked_email_shows_one_letter_and_the_domain(address):
    local, _, domain = address.rpartition("@")
    assert masked(address) == f"{local[0]}•••@{domain}"
