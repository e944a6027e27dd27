"""The staff side of requests for support: the inbox, a request's page, the moves, the early
help triage queue and merging duplicate family records — through the pages, as each role."""

import copy
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.families.models import Family
from familyhub.referrals.actions import move_request, submit_draft
from familyhub.referrals.models import Draft, StatusChange, SupportRequest
from familyhub.referrals.states import Status
from tests.factories import OrganisationFactory, ServiceFactory, need
from tests.personas import person, team_in

pytestmark = pytest.mark.django_db


# --- requests (the people are tests/personas.py's) -------------------------------------------

ANSWERS = {
    "who": "family",
    "safety": "no",
    "consent": {"given_by_name": "Sam Parent", "agreed": True},
    "parent": {"first_name": "Sam", "last_name": "Parent", "relationship": "mother"},
    "postcode": "ME4 4TR",
    "children": [{"first_name": "Alex", "last_name": "Parent", "date_of_birth": "2021-05-04"}],
    "worries": "Bedtimes are a battle every night.",
    "tried": "A reward chart.",
    "would_help": "Ideas for a routine.",
    "contact": {
        "contact_email": "sam@example.org",
        "contact_phone": "07700 900123",
        "preferred_contact": "email",
        "safe_to_email": True,
        "safe_to_text": True,
        "safe_to_phone": False,
        "voicemail_ok": False,
        "safe_times": "After 10am on weekdays",
    },
}


def answers(**overrides):
    result = copy.deepcopy(ANSWERS)
    contact = overrides.pop("contact", None)
    result.update(overrides)
    if contact:
        result["contact"].update(contact)
    return result


def make_request(service, *, by=None, need_term=None, **overrides):
    """A request made the real way: a draft, then submit_draft."""
    draft = Draft.objects.create(
        service=service, need=need_term, user=by, answers=answers(**overrides)
    )
    return submit_draft(draft.id, by=by)


def signed_in(client, user):
    client.force_login(user)
    return client


def page_of(reference):
    return reverse("referrals:staff_request", kwargs={"reference": reference})


def move_url(reference, name):
    return reverse("referrals:move", kwargs={"reference": reference, "move": name})


def text(response):
    return response.content.decode()


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    # Two-factor sign-in has its own tests; here a signed-in staff member is verified.
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Medway Sleep Partnership")


@pytest.fixture
def service(organisation):
    return ServiceFactory(organisation=organisation, name="Sleep clinic (test)")


@pytest.fixture
def other_service():
    return ServiceFactory(
        organisation=OrganisationFactory(name="Another Charity"), name="Parenting course (test)"
    )


@pytest.fixture
def provider(organisation):
    return person(Role.PROVIDER, organisation=organisation, first_name="Pat")


@pytest.fixture
def triage():
    return person(Role.TRIAGE, organisation=OrganisationFactory(name="Medway Council"))


# --- signing in and roles -------------------------------------------------------------------


def test_signed_out_people_are_sent_to_sign_in(client, service):
    support_request = make_request(service)
    for url in [
        reverse("referrals:inbox"),
        page_of(support_request.reference),
        move_url(support_request.reference, "accept"),
        reverse("referrals:triage"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))


@pytest.mark.parametrize("role", [Role.PARENT, Role.DATA_MANAGER, Role.ANALYST])
def test_people_without_a_staff_role_get_403(client, service, role):
    support_request = make_request(service)
    signed_in(client, person(role))
    assert client.get(reverse("referrals:inbox")).status_code == 403
    assert client.get(page_of(support_request.reference)).status_code == 403
    assert (
        client.post(move_url(support_request.reference, "accept"), {"version": 1}).status_code
        == 403
    )
    assert client.get(reverse("referrals:triage")).status_code == 403
    assert SupportRequest.objects.get(pk=support_request.pk).status == Status.SUBMITTED


def test_a_family_account_holder_cannot_use_the_staff_page_of_their_own_request(client, service):
    parent = person(Role.PARENT)
    support_request = make_request(service, by=parent)
    assert support_request.family.account_holders.filter(pk=parent.pk).exists()
    signed_in(client, parent)
    assert client.get(page_of(support_request.reference)).status_code == 403


# --- 1. the inbox ---------------------------------------------------------------------------


def test_the_inbox_shows_only_the_organisations_own_requests(
    client, service, other_service, provider
):
    ours = make_request(service)
    theirs = make_request(other_service)
    signed_in(client, provider)
    response = client.get(reverse("referrals:inbox"))
    assert response.status_code == 200
    assert ours.reference in text(response)
    assert theirs.reference not in text(response)
    assert '<meta name="robots" content="noindex">' in text(response)

    elsewhere = person(Role.PROVIDER, organisation=other_service.organisation)
    signed_in(client, elsewhere)
    response = client.get(reverse("referrals:inbox"))
    assert theirs.reference in text(response)
    assert ours.reference not in text(response)
    # Not theirs and missing are answered alike.
    assert client.get(page_of(ours.reference)).status_code == 404
    assert client.get(page_of("FH-ZZZZ-ZZZZ")).status_code == 404
    assert client.get(move_url(ours.reference, "accept")).status_code == 404
    assert client.post(move_url(ours.reference, "accept"), {"version": 1}).status_code == 404
    assert SupportRequest.objects.get(pk=ours.pk).status == Status.SUBMITTED

    nobody = person(Role.PROVIDER, organisation=OrganisationFactory())
    signed_in(client, nobody)
    response = client.get(reverse("referrals:inbox"))
    assert ours.reference not in text(response) and theirs.reference not in text(response)
    assert "There are no open requests for you." in text(response)


def test_the_inbox_shows_open_requests_unless_asked_for_finished_ones(client, service, provider):
    open_one, finished = make_request(service), make_request(service)
    move_request(finished.pk, "withdraw", by=None, expected_version=1)
    signed_in(client, provider)
    page = text(client.get(reverse("referrals:inbox")))
    assert open_one.reference in page and finished.reference not in page
    page = text(client.get(reverse("referrals:inbox"), {"status": "all"}))
    assert open_one.reference in page and finished.reference in page


def test_the_inbox_shows_the_columns_staff_need(client, service, provider):
    support_request = make_request(
        service,
        children=[
            {"first_name": "Alex", "last_name": "Parent", "date_of_birth": "2021-05-04"},
            {"first_name": "Bea", "last_name": "Parent", "date_of_birth": "2023-01-10"},
        ],
    )
    signed_in(client, provider)
    page = text(client.get(reverse("referrals:inbox")))
    assert f'href="{page_of(support_request.reference)}"' in page
    assert "Sleep clinic (test)" in page
    assert "Alex, " in page and "Bea, " in page
    assert 'govuk-tag govuk-tag--blue">New<' in page
    assert f"Decide by {support_request.decide_by:%-d %b %Y}" in page
    assert '<th scope="col" class="govuk-table__header">Reference</th>' in page
    assert "<caption" in page


def _set_dates(support_request, **fields):
    SupportRequest.objects.filter(pk=support_request.pk).update(**fields)


def test_overdue_requests_come_first_then_the_oldest(client, service, provider):
    today = timezone.localdate()
    now = timezone.now()
    on_time_oldest = make_request(service)
    late_decision = make_request(service)
    late_receipt = make_request(service)
    move_request(late_decision.id, "receive", by=provider)
    _set_dates(on_time_oldest, submitted_at=now - timedelta(days=3))
    _set_dates(late_decision, submitted_at=now - timedelta(days=2),
               decide_by=today - timedelta(days=1))  # fmt: skip
    _set_dates(late_receipt, submitted_at=now - timedelta(days=1),
               receive_by=today - timedelta(days=1))  # fmt: skip

    signed_in(client, provider)
    page = text(client.get(reverse("referrals:inbox")))
    positions = [page.index(r.reference) for r in (late_decision, late_receipt, on_time_oldest)]
    assert positions == sorted(positions)
    assert page.count('govuk-tag govuk-tag--red">Overdue<') == 2
    assert "No decision in time" in page and "Not received in time" in page

    overdue_only = text(client.get(reverse("referrals:inbox") + "?overdue=on"))
    assert late_decision.reference in overdue_only and late_receipt.reference in overdue_only
    assert on_time_oldest.reference not in overdue_only


def test_the_inbox_filters_by_service_and_status(client, service, provider, organisation):
    second = ServiceFactory(organisation=organisation, name="Family support (test)")
    first_request = make_request(service)
    second_request = make_request(second)
    move_request(second_request.id, "accept", by=provider)
    signed_in(client, provider)
    url = reverse("referrals:inbox")

    page = text(client.get(url, {"service": str(second.pk)}))
    assert second_request.reference in page and first_request.reference not in page
    page = text(client.get(url, {"status": "accepted"}))
    assert second_request.reference in page and first_request.reference not in page
    page = text(client.get(url, {"status": "open"}))
    assert second_request.reference in page and first_request.reference in page
    # A provider's choice of services is its own organisation's, whether used or not.
    page = text(client.get(url))
    assert f'value="{second.pk}"' in page
    assert "Early help triage (no service chosen)" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nonsense"},
        {"service": "not-a-uuid"},
        {"service": "00000000-0000-0000-0000-000000000000"},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
    ],
)
def test_bad_filters_never_break_the_inbox(client, service, provider, params):
    support_request = make_request(service)
    signed_in(client, provider)
    response = client.get(reverse("referrals:inbox"), params)
    assert response.status_code in (200, 400)
    assert support_request.reference in text(response)  # the bad filter is left out
    if response.status_code == 400:
        assert "There is a problem" in text(response)
        assert 'href="#' in text(response)


def test_the_inbox_query_count_does_not_grow_with_the_rows(
    client, service, provider, django_assert_max_num_queries
):
    two_children = [
        {"first_name": "Alex", "last_name": "Parent", "date_of_birth": "2021-05-04"},
        {"first_name": "Bea", "last_name": "Parent", "date_of_birth": "2023-01-10"},
    ]
    make_request(service, children=two_children)
    signed_in(client, provider)
    url = reverse("referrals:inbox")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url).status_code == 200

    for _ in range(29):
        make_request(service, children=two_children)
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    assert text(response).count("govuk-table__row") == 26  # a header and 25 rows
    assert 'aria-label="Page 2"' in text(response)
    with CaptureQueriesContext(connection) as full_page:
        client.get(url)
    assert len(full_page) == len(one_row)
    assert client.get(url, {"page": 2}).status_code == 200


# --- 2. a request's page --------------------------------------------------------------------


def test_the_request_page_shows_what_staff_need_to_act(client, service, provider):
    support_request = make_request(service, home_languages="Polish", interpreter_needed=True,
                                   interpreter_language="Polish")  # fmt: skip
    signed_in(client, provider)
    response = client.get(page_of(support_request.reference))
    page = text(response)
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in page
    assert "Do not leave voicemail" in page
    assert "Not safe to phone" in page
    assert "After 10am on weekdays" in page
    assert "Sam Parent" in page and "ME4 4TR" in page
    assert "Needed: Polish" in page
    assert "Alex Parent" in page and "4 May 2021" in page
    assert "Bedtimes are a battle every night." in page
    assert "A reward chart." in page and "Ideas for a routine." in page
    assert "The family" in page  # who made it
    assert "Consent wording version" in page
    assert "Level of need:" in page
    assert "Expected wait" in page
    assert '<caption class="govuk-table__caption govuk-table__caption--m">History' in page
    # The moves the provider may make now, each carrying the version the page showed.
    for label in ["Mark as received", "Accept", "Decline", "Add to the waiting list",
                  "Pass to another service"]:  # fmt: skip
        assert label in page
    assert "Support has started" not in page
    assert page.count('name="version" value="1"') == 2  # receive and accept, one click each
    assert f"{move_url(support_request.reference, 'decline')}?version=1" in page


def test_voicemail_warning_only_when_the_family_said_so(client, service, provider):
    support_request = make_request(service, contact={"voicemail_ok": True, "safe_to_phone": True})
    signed_in(client, provider)
    page = text(client.get(page_of(support_request.reference)))
    assert "Do not leave voicemail" not in page
    assert "Not safe to phone" not in page


def test_every_view_of_a_request_page_is_audited(client, service, provider):
    support_request = make_request(service)
    signed_in(client, provider)
    views = AuditEvent.objects.filter(
        action="view", object_id=str(support_request.pk), user=provider
    )
    assert views.count() == 0
    client.get(page_of(support_request.reference))
    client.get(page_of(support_request.reference.lower()))
    assert views.count() == 2
    assert views.first().family_id == support_request.family_id


def test_repeat_requests_are_flagged_on_the_request_page(client, service, provider):
    first = make_request(service)
    second = make_request(service)  # the same child, name, date of birth and postcode
    signed_in(client, provider)
    page = text(client.get(page_of(second.reference)))
    assert "This may be a repeat request" in page
    assert first.reference in page


def test_a_practitioners_request_shows_who_made_it(client, service, organisation):
    team = team_in(OrganisationFactory(name="Riverside School"), name="Riverside pastoral team")
    practitioner = person(Role.PRACTITIONER, team=team, first_name="Jo")
    support_request = make_request(service, by=practitioner, who="practitioner")
    provider = person(Role.PROVIDER, organisation=organisation)
    signed_in(client, provider)
    page = text(client.get(page_of(support_request.reference)))
    assert "A practitioner" in page
    assert "Riverside pastoral team" in page
    assert "A practitioner, recording the family&#x27;s consent" in page


# --- 3. the moves ---------------------------------------------------------------------------


def _post_move(client, support_request, name, data=None, version=None):
    support_request.refresh_from_db()
    payload = {"version": version if version is not None else support_request.version}
    payload.update(data or {})
    return client.post(move_url(support_request.reference, name), payload)


def _history(support_request):
    return list(
        StatusChange.objects.filter(request=support_request).values_list(
            "from_status", "to_status", "reason_code"
        )
    )


def test_receive_accept_start_and_close_through_the_pages(client, service, provider):
    support_request = make_request(service)
    signed_in(client, provider)
    steps = [
        ("receive", {}, Status.RECEIVED),
        ("accept", {"note": "Phoned on Tuesday"}, Status.ACCEPTED),
        ("start", {}, Status.IN_PROGRESS),
        ("close", {"outcome": "stepped_down", "note": "Universal groups now"}, Status.CLOSED),
    ]
    for name, data, status in steps:
        assert client.get(move_url(support_request.reference, name)).status_code == 200
        response = _post_move(client, support_request, name, data)
        assert response.status_code == 302, text(response)
        assert response.url == page_of(support_request.reference)
        support_request.refresh_from_db()
        assert support_request.status == status
        change = StatusChange.objects.filter(request=support_request).last()
        assert change.to_status == status and change.by == provider
    assert support_request.outcome == "stepped_down"
    assert [row[1] for row in _history(support_request)] == [
        Status.SUBMITTED, Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS, Status.CLOSED,
    ]  # fmt: skip
    page = text(client.get(page_of(support_request.reference)))
    assert "Stepped down to less intensive support" in page
    assert "Universal groups now" in page and "Phoned on Tuesday" in page
    assert "There is nothing for you to do on this request now." in page


def test_a_success_message_is_shown_after_a_move(client, service, provider):
    support_request = make_request(service)
    signed_in(client, provider)
    response = client.post(
        move_url(support_request.reference, "accept"), {"version": 1}, follow=True
    )
    assert f"{support_request.reference} accepted" in text(response)


def test_decline_with_a_reason_and_a_suggested_service(client, service, other_service, provider):
    support_request = make_request(service)
    signed_in(client, provider)
    form = text(client.get(move_url(support_request.reference, "decline")))
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">' in form
    assert f'value="{other_service.pk}"' in form
    assert f'value="{service.pk}"' not in form  # not the service it was sent to
    response = _post_move(client, support_request, "decline", {
        "reason": "out_of_area", "suggested_service": str(other_service.pk), "note": "Kent",
    })  # fmt: skip
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert support_request.status == Status.DECLINED
    assert support_request.decline_reason == "out_of_area"
    assert support_request.suggested_service == other_service
    assert _history(support_request)[-1] == (Status.SUBMITTED, Status.DECLINED, "out_of_area")


def test_decline_without_a_reason_shows_an_error_and_keeps_the_note(client, service, provider):
    support_request = make_request(service)
    signed_in(client, provider)
    response = _post_move(client, support_request, "decline", {"note": "Spoke to mum on Monday"})
    page = text(response)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert '<a href="#reason">Choose why the request is being declined</a>' in page
    assert 'id="reason"' in page  # the link goes to the first radio
    assert "Spoke to mum on Monday</textarea>" in page
    assert "<title>Error:" in page
    support_request.refresh_from_db()
    assert support_request.status == Status.SUBMITTED
    assert len(_history(support_request)) == 1


@pytest.mark.parametrize(
    "date_parts, message, anchor",
    [
        ({}, "Enter the date support is expected to start", "expected_start_day"),
        ({"day": "1", "year": "2030"}, "must include a month", "expected_start_month"),
        ({"day": "31", "month": "2", "year": "2030"}, "must be a real date", "expected_start_day"),
        ({"day": "x", "month": "3", "year": "2030"}, "must be a real date", "expected_start_day"),
        ({"day": "1", "month": "13", "year": "2030"}, "must be a real date", "expected_start_day"),
        ({"day": "1", "month": "3", "year": "30"}, "Year must include 4 numbers",
         "expected_start_year"),
        ({"day": "1", "month": "3", "year": "99999"}, "must be a real date",
         "expected_start_year"),
        ("yesterday", "must be today or in the future", "expected_start_day"),
    ],
)  # fmt: skip
def test_waitlist_with_a_bad_date_shows_a_clear_error(
    client, service, provider, date_parts, message, anchor
):
    support_request = make_request(service)
    signed_in(client, provider)
    if date_parts == "yesterday":
        yesterday = timezone.localdate() - timedelta(days=1)
        date_parts = {"day": yesterday.day, "month": yesterday.month, "year": yesterday.year}
    data = {f"expected_start_{part}": value for part, value in date_parts.items()}
    data["note"] = "Next group starts soon"
    response = _post_move(client, support_request, "waitlist", data)
    page = text(response)
    assert response.status_code == 400
    assert message in page
    assert f'<a href="#{anchor}">' in page
    assert f'id="{anchor}"' in page
    assert "Next group starts soon</textarea>" in page
    support_request.refresh_from_db()
    assert support_request.status == Status.SUBMITTED
    assert support_request.expected_start is None


def test_waitlist_with_a_good_date(client, service, provider):
    support_request = make_request(service)
    signed_in(client, provider)
    start = timezone.localdate() + timedelta(days=40)
    response = _post_move(client, support_request, "waitlist", {
        "expected_start_day": start.day, "expected_start_month": start.month,
        "expected_start_year": start.year,
    })  # fmt: skip
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert support_request.status == Status.WAITLISTED
    assert support_request.expected_start == start
    today = timezone.localdate()
    response = _post_move(client, make_request(service), "waitlist", {
        "expected_start_day": today.day, "expected_start_month": today.month,
        "expected_start_year": today.year,
    })  # fmt: skip
    assert response.status_code == 302  # today is allowed


def test_redirect_creates_a_linked_request_at_the_new_service(
    client, service, other_service, provider
):
    support_request = make_request(service)
    signed_in(client, provider)
    form = text(client.get(move_url(support_request.reference, "redirect")))
    assert "<optgroup" in form
    assert f'value="{service.pk}"' not in form
    response = _post_move(client, support_request, "redirect",
                          {"service": str(other_service.pk), "note": "Better fit"})  # fmt: skip
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert support_request.status == Status.REDIRECTED
    new = support_request.redirected_to
    assert new is not None and new.service == other_service
    assert new.status == Status.SUBMITTED and new.family_id == support_request.family_id
    assert list(new.children.all()) == list(support_request.children.all())

    followed = text(client.get(page_of(support_request.reference)))
    assert new.reference in followed
    receiving = person(Role.PROVIDER, organisation=other_service.organisation)
    signed_in(client, receiving)
    assert new.reference in text(client.get(reverse("referrals:inbox")))
    page = text(client.get(page_of(new.reference)))
    assert support_request.reference in page  # redirected from
    assert "Passed on from another request" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose the service to pass the request to"),
        ({"service": "not-a-uuid"}, "Choose a service from the list"),
        ({"service": "00000000-0000-0000-0000-000000000000"}, "Choose a service from the list"),
    ],
)
def test_redirect_without_a_good_service_shows_an_error(client, service, provider, data, message):
    support_request = make_request(service)
    signed_in(client, provider)
    response = _post_move(client, support_request, "redirect", data)
    assert response.status_code == 400
    assert message in text(response)
    assert '<a href="#service">' in text(response)
    support_request.refresh_from_db()
    assert support_request.status == Status.SUBMITTED


def test_close_needs_an_outcome(client, service, provider):
    support_request = make_request(service)
    move_request(support_request.id, "accept", by=provider)
    signed_in(client, provider)
    response = _post_move(client, support_request, "close", {"outcome": "made_up"})
    assert response.status_code == 400
    assert '<a href="#outcome">Choose the outcome</a>' in text(response)
    support_request.refresh_from_db()
    assert support_request.status == Status.ACCEPTED


def test_a_stale_page_is_refused_and_nothing_changes(client, service, provider, organisation):
    support_request = make_request(service)
    signed_in(client, provider)
    assert 'name="version" value="1"' in text(client.get(page_of(support_request.reference)))
    colleague = person(Role.PROVIDER, organisation=organisation)
    move_request(support_request.id, "receive", by=colleague)  # version 2, still decidable

    response = _post_move(client, support_request, "decline",
                          {"reason": "not_eligible", "note": "Too old"}, version=1)  # fmt: skip
    page = text(response)
    assert response.status_code == 400
    assert "Someone else changed this request while you were looking at it" in page
    assert '<a href="#current-status">' in page
    assert "Too old</textarea>" in page  # what was typed is kept
    assert 'name="version" value="2"' in page  # a retry acts on what is shown now
    assert 'govuk-tag--light-blue">Received<' in page
    support_request.refresh_from_db()
    assert support_request.status == Status.RECEIVED
    assert support_request.version == 2
    assert len(_history(support_request)) == 2

    # Having seen it, they try again from the page shown: it goes through.
    response = _post_move(client, support_request, "decline",
                          {"reason": "not_eligible", "note": "Too old"}, version=2)  # fmt: skip
    assert response.status_code == 302


def test_a_move_not_open_from_the_current_status_is_refused(client, service, provider):
    support_request = make_request(service)
    signed_in(client, provider)
    response = client.get(move_url(support_request.reference, "start"))
    assert response.status_code == 200
    assert "so it cannot be started now" in text(response)
    assert '<form method="post" action="/staff' not in text(response)
    response = _post_move(client, support_request, "start")
    assert response.status_code == 400
    assert "so it cannot be started now" in text(response)
    support_request.refresh_from_db()
    assert support_request.status == Status.SUBMITTED


@pytest.mark.parametrize("version", ["", "abc", "0", "-3", "99999999999999"])
def test_a_missing_or_broken_version_is_refused(client, service, provider, version):
    support_request = make_request(service)
    signed_in(client, provider)
    response = client.post(move_url(support_request.reference, "accept"), {"version": version})
    assert response.status_code == 400
    assert "This page is out of date" in text(response)
    support_request.refresh_from_db()
    assert support_request.status == Status.SUBMITTED


def test_unknown_moves_and_references_are_404(client, service, provider):
    support_request = make_request(service)
    signed_in(client, provider)
    assert client.get(move_url(support_request.reference, "explode")).status_code == 404
    assert client.post(move_url(support_request.reference, "explode")).status_code == 404
    assert client.get(move_url("FH-NOPE-NOPE", "accept")).status_code == 404
    assert client.get("/staff/requests/%00%27/").status_code == 404


def test_a_provider_may_not_withdraw_for_the_family(client, service, provider):
    support_request = make_request(service)
    signed_in(client, provider)
    assert client.get(move_url(support_request.reference, "withdraw")).status_code == 403
    assert _post_move(client, support_request, "withdraw").status_code == 403


# --- practitioners --------------------------------------------------------------------------


def test_a_practitioner_sees_their_own_and_their_teams_requests_only(client, service):
    school = OrganisationFactory(name="Riverside School")
    team = team_in(school)
    me = person(Role.PRACTITIONER, team=team)
    colleague = person(Role.PRACTITIONER, team=team)
    elsewhere = person(Role.PRACTITIONER, team=team_in(school, name="Another team"))
    mine = make_request(service, by=me, who="practitioner")
    my_teams = make_request(service, by=colleague, who="practitioner")
    not_mine = make_request(service, by=elsewhere, who="practitioner")
    families_own = make_request(service)

    signed_in(client, me)
    response = client.get(reverse("referrals:inbox"))
    page = text(response)
    assert "My requests for support" in page
    assert mine.reference in page and my_teams.reference in page
    assert not_mine.reference not in page and families_own.reference not in page
    assert client.get(page_of(my_teams.reference)).status_code == 200
    assert client.get(page_of(not_mine.reference)).status_code == 404
    assert client.get(page_of(families_own.reference)).status_code == 404
    # They follow a request; the provider decides it.
    assert _post_move(client, mine, "accept").status_code == 403
    assert client.get(reverse("referrals:triage")).status_code == 403


def test_a_practitioner_can_withdraw_a_request_they_made(client, service):
    me = person(Role.PRACTITIONER, team=team_in(OrganisationFactory()))
    mine = make_request(service, by=me, who="practitioner")
    signed_in(client, me)
    page = text(client.get(page_of(mine.reference)))
    assert "Withdraw the request" in page
    assert "Accept" not in page.split("What you can do")[1].split("The family")[0]
    response = _post_move(client, mine, "withdraw", {"note": "Family moved away"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.WITHDRAWN


# --- 4. the triage queue --------------------------------------------------------------------


def test_the_triage_queue_lists_open_requests_with_no_service(client, service, triage):
    sleep = need("sleep")
    first = make_request(None, need_term=sleep)
    # The same child with another phone number: a second record, shown as a likely duplicate.
    second = make_request(None, need_term=sleep, contact={"contact_phone": "07700 900999"})
    other_child = [{"first_name": "Kim", "last_name": "Other", "date_of_birth": "2019-02-01"}]
    other_contact = {"contact_email": "kim@example.org", "contact_phone": "07700 900321"}
    with_service = make_request(service, children=other_child, contact=other_contact)
    finished = make_request(
        None, children=[{**other_child[0], "first_name": "Lou"}], contact=other_contact
    )
    move_request(finished.id, "decline", by=triage, reason="duplicate")
    _set_dates(second, receive_by=timezone.localdate() - timedelta(days=1))

    signed_in(client, triage)
    response = client.get(reverse("referrals:triage"))
    page = text(response)
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in page
    assert first.reference in page and second.reference in page
    assert with_service.reference not in page.split("<h1")[1]
    assert finished.reference not in page.split("<h1")[1]
    assert page.index(second.reference) < page.index(first.reference)  # overdue first
    assert "1 likely duplicate" in page
    merge = reverse("referrals:merge_families", kwargs={"family_id": second.family_id})
    assert f"{merge}?into={first.family_id}" in page
    assert "1 other request" in page


def test_triage_sees_other_open_requests_when_there_is_no_need(client, triage):
    first = make_request(None)
    second = make_request(None)
    signed_in(client, triage)
    page = text(client.get(reverse("referrals:triage")))
    assert page.count("1 other request") == 2
    assert first.reference in page and second.reference in page


def test_the_triage_queue_is_for_triage_only(client, service, provider):
    signed_in(client, provider)
    assert client.get(reverse("referrals:triage")).status_code == 403


def test_triage_passes_a_request_to_a_service(client, service, triage):
    support_request = make_request(None)
    signed_in(client, triage)
    page = text(client.get(page_of(support_request.reference)))
    assert "Pass to another service" in page and "Accept" in page and "Decline" in page
    assert "Early help triage" in page
    response = _post_move(client, support_request, "redirect", {"service": str(service.pk)})
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert support_request.status == Status.REDIRECTED
    assert support_request.redirected_to.service == service
    assert "passed to Sleep clinic (test)" in text(client.get(response.url))  # the message
    assert support_request.reference not in text(client.get(reverse("referrals:triage")))


def test_a_provider_cannot_act_on_a_triage_request(client, service, provider, triage):
    support_request = make_request(None)
    signed_in(client, provider)
    assert client.get(page_of(support_request.reference)).status_code == 404


def test_triage_sees_every_request_in_the_inbox(client, service, other_service, triage):
    a, b, c = make_request(service), make_request(other_service), make_request(None)
    signed_in(client, triage)
    page = text(client.get(reverse("referrals:inbox")))
    assert all(r.reference in page for r in (a, b, c))
    assert "Early help triage (no service chosen)" in page
    filtered = text(client.get(reverse("referrals:inbox"), {"service": "triage"}))
    assert c.reference in filtered and a.reference not in filtered


# --- 5. merging duplicate family records ----------------------------------------------------


def _two_records():
    first = make_request(None)
    second = make_request(None, contact={"contact_phone": "07700 900999"})
    assert first.family_id != second.family_id
    return first, second


def test_merge_shows_both_records_then_merges(client, triage):
    first, second = _two_records()
    keep, duplicate = first.family, second.family
    url = reverse("referrals:merge_families", kwargs={"family_id": duplicate.pk})
    signed_in(client, triage)
    response = client.get(url, {"into": str(keep.pk)})
    page = text(response)
    assert response.status_code == 200
    assert "Record to keep" in page and "Duplicate record (to be merged)" in page
    assert page.count("Alex Parent") == 2 and page.count("ME4 4TR") >= 2
    assert '<meta name="robots" content="noindex">' in page
    assert AuditEvent.objects.filter(action="view", family_id=duplicate.pk).exists()

    response = client.post(url, {"into": str(keep.pk)})
    assert response.status_code == 302
    assert response.url == reverse("referrals:triage")
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == keep.pk
    second.refresh_from_db()
    assert second.family_id == keep.pk
    assert keep.members.filter(first_name="Alex").count() == 1  # one child, not two
    assert list(second.children.values_list("family_id", flat=True)) == [keep.pk]
    assert AuditEvent.objects.filter(action="merge", family_id=keep.pk).exists()
    followed = text(client.get(response.url))
    assert "The family records were merged" in followed
    assert "likely duplicate" not in followed


def test_merge_refuses_bad_targets_without_breaking(client, triage):
    first, second = _two_records()
    url = reverse("referrals:merge_families", kwargs={"family_id": second.family_id})
    signed_in(client, triage)
    assert client.get(url).status_code == 404
    assert client.get(url, {"into": "not-a-uuid"}).status_code == 404
    assert client.get(url, {"into": "00000000-0000-0000-0000-000000000000"}).status_code == 404
    missing = reverse(
        "referrals:merge_families", kwargs={"family_id": "00000000-0000-0000-0000-000000000000"}
    )
    assert client.get(missing, {"into": str(first.family_id)}).status_code == 404

    response = client.post(url, {"into": str(second.family_id)})
    assert response.status_code == 400
    assert "cannot be merged into itself" in text(response)

    assert client.post(url, {"into": str(first.family_id)}).status_code == 302
    response = client.post(url, {"into": str(first.family_id)})
    assert response.status_code == 400
    assert "already been merged" in text(response)
    assert Family.objects.get(pk=second.family_id).merged_into_id == first.family_id


def test_merge_is_for_triage_only(client, service, provider):
    first, second = _two_records()
    url = reverse("referrals:merge_families", kwargs={"family_id": second.family_id})
    signed_in(client, provider)
    assert client.get(url, {"into": str(first.family_id)}).status_code == 403
    assert client.post(url, {"into": str(first.family_id)}).status_code == 403
    assert Family.objects.get(pk=second.family_id).merged_into_id is None


# --- accessibility basics, checked on the rendered pages -------------------------------------


def test_every_form_input_has_a_label(client, service, other_service, provider):
    support_request = make_request(service)
    signed_in(client, provider)
    pages = [reverse("referrals:inbox")] + [
        move_url(support_request.reference, name)
        for name in ["receive", "accept", "decline", "waitlist", "redirect"]
    ]
    for url in pages:
        page = text(client.get(url))
        ids = re.findall(
            r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page
        )
        assert ids, url
        for input_id in ids:
            assert f'for="{input_id}"' in page, (url, input_id)
