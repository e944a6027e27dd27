"""Asking for support through the pages, as a family and as a practitioner."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.directory.models import Service
from familyhub.families.models import Family
from familyhub.notifications.models import Message
from familyhub.referrals.models import Draft, SupportRequest
from familyhub.referrals.states import Status
from tests.referrals.helpers import person, team_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return Service.objects.filter(access_self_referral=True, status="active").first()


def _step(client, draft, step, data, follow=False):
    url = reverse("referrals:step", kwargs={"draft_id": draft.id, "step": step})
    return client.post(url, data, follow=follow)


FAMILY = {
    "first_name": "Sam", "last_name": "Parent", "relationship": "mother", "postcode": "me4 4tr",
    "home_languages": "English, Polish", "interpreter_needed": "no",
}  # fmt: skip
CHILDREN = {
    "child_1_first_name": "Alex", "child_1_last_name": "Parent",
    "child_1_date_of_birth_0": "4", "child_1_date_of_birth_1": "5",
    "child_1_date_of_birth_2": "2021",
}  # fmt: skip
WORRIES = {"worries": "Bedtime is a battle.", "tried": "Stories", "would_help": "A routine"}
CONTACT = {
    "contact_email": "sam@example.org", "preferred_contact": "email",
    "safe": ["email"], "safe_times": "After 10am",
}  # fmt: skip


def _start(client, service):
    """The first question is on the start page; answering it makes the draft."""
    url = reverse("referrals:start") + f"?service={service.id}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"in_danger": "no"})
    draft = Draft.objects.latest("created_at")
    assert response.url == reverse("referrals:step", args=[draft.id, "consent"])
    return draft


def _fill_in(client, draft):
    assert _step(client, draft, "safety", {"in_danger": "no"}).status_code == 302
    consent = {"agree": "on", "given_by_name": "Sam Parent"}
    assert _step(client, draft, "consent", consent).status_code == 302
    assert _step(client, draft, "family", FAMILY).status_code == 302
    assert _step(client, draft, "children", CHILDREN).status_code == 302
    assert _step(client, draft, "worries", WORRIES).status_code == 302
    assert _step(client, draft, "contact", CONTACT).status_code == 302


def test_a_family_cannot_start_a_request_to_a_service_that_takes_no_self_referrals(client):
    professional_only = Service.objects.filter(
        access_self_referral=False, access_professional_referral=True, status="active"
    ).first()
    url = reverse("referrals:start") + f"?service={professional_only.id}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"in_danger": "no"}).status_code == 404
    assert not Draft.objects.exists()
    client.force_login(person(Role.PRACTITIONER))
    assert client.get(url).status_code == 200  # a practitioner may refer the family
    response = client.post(url, {"in_danger": "no"})
    draft = Draft.objects.get()
    assert response.url == reverse("referrals:step", args=[draft.id, "consent"])
    assert draft.service == professional_only


def test_every_question_page_shows_and_a_missing_answer_is_explained(client, service):
    draft = _start(client, service)
    for step in ("safety", "consent", "family", "children", "worries", "contact"):
        url = reverse("referrals:step", kwargs={"draft_id": draft.id, "step": step})
        assert client.get(url).status_code == 200, step
    response = _step(client, draft, "worries", {"worries": "", "tried": "Stories"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tell us what you would like help with" in page
    assert "Stories</textarea>" in page
    assert 'data-module="govuk-character-count"' in page


def test_a_family_asks_for_support_and_sees_where_it_is(client, service):
    draft = _start(client, service)
    _fill_in(client, draft)
    check = client.get(reverse("referrals:step", kwargs={"draft_id": draft.id, "step": "check"}))
    assert check.status_code == 200
    assert "Bedtime is a battle." in check.content.decode()
    response = client.post(reverse("referrals:submit", args=[draft.id]))
    support_request = SupportRequest.objects.get(idempotency_key=draft.id)
    assert response.url == reverse("referrals:sent", args=[support_request.reference])
    sent = client.get(response.url).content.decode()
    assert support_request.reference in sent
    # The family record: told once, with the safe-contact choices.
    family = support_request.family
    assert family.postcode == "ME4 4TR"
    assert family.safe_to_email and not family.safe_to_phone and not family.safe_to_text
    assert [c.first_name for c in support_request.children.all()] == ["Alex"]
    assert support_request.consent.given_by_name == "Sam Parent"
    assert support_request.consent.wording_version
    # This browser can see the request straight away.
    page = client.get(reverse("referrals:family_request", args=[support_request.reference]))
    assert page.status_code == 200
    assert "has your request" in page.content.decode()
    # Messages carry the reference and a link, never names or worries.
    sent_to_family = Message.objects.get(reference=support_request.reference, kind="request_sent")
    assert "Alex" not in str(sent_to_family.personalisation)
    assert "Bedtime" not in str(sent_to_family.personalisation)


def test_a_double_submit_makes_one_request(client, service):
    draft = _start(client, service)
    _fill_in(client, draft)
    first = client.post(reverse("referrals:submit", args=[draft.id]))
    second = client.post(reverse("referrals:submit", args=[draft.id]))
    assert first.url == second.url
    assert SupportRequest.objects.filter(idempotency_key=draft.id).count() == 1


def test_a_mistake_loses_nothing_typed(client, service):
    draft = _start(client, service)
    bad = dict(FAMILY, postcode="not a postcode")
    response = _step(client, draft, "family", bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a UK postcode" in page
    assert 'value="Sam"' in page and 'value="not a postcode"' in page
    # Come back later (a closed tab): the answers are still there.
    again = client.get(reverse("referrals:step", kwargs={"draft_id": draft.id, "step": "family"}))
    assert 'value="not a postcode"' in again.content.decode()


def test_children_dates_are_checked(client, service):
    draft = _start(client, service)
    future = dict(CHILDREN, child_1_date_of_birth_2="2099")
    response = _step(client, draft, "children", future)
    assert response.status_code == 400
    assert "must be in the past" in response.content.decode()
    old = dict(CHILDREN, child_1_date_of_birth_2="1950")
    assert "25 or younger" in _step(client, draft, "children", old).content.decode()


def test_add_another_child_without_javascript(client, service):
    draft = _start(client, service)
    _step(client, draft, "children", dict(CHILDREN, add_child="1"))
    page = client.get(reverse("referrals:step", kwargs={"draft_id": draft.id, "step": "children"}))
    assert "child_2_first_name" in page.content.decode()
    assert 'value="Alex"' in page.content.decode()


class _SubmitButtons(HTMLParser):
    """The names of the buttons that submit the page's form, in the order of the page: a
    browser submits with the first when someone presses Enter in a field."""

    def __init__(self):
        super().__init__()
        self.names = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (tag == "button" and attrs.get("type", "submit") == "submit") or (
            tag == "input" and attrs.get("type") == "submit"
        ):
            self.names.append(attrs.get("name"))


def test_pressing_enter_on_the_children_page_continues_rather_than_adding_a_child(client, service):
    draft = _start(client, service)
    page = client.get(reverse("referrals:step", kwargs={"draft_id": draft.id, "step": "children"}))
    form = page.content.decode().split('<form method="post" novalidate>')[1].split("</form>")[0]
    buttons = _SubmitButtons()
    buttons.feed(form)
    assert buttons.names == ["continue", "add_child"]
    assert 'class="govuk-button-group"' in form  # side by side, the main button first


def test_danger_is_diverted_to_999_before_anything_else(client, service):
    draft = _start(client, service)
    response = _step(client, draft, "safety", {"in_danger": "yes"})
    assert response.status_code == 200
    assert "999" in response.content.decode()
    assert not SupportRequest.objects.filter(idempotency_key=draft.id).exists()


def test_cannot_skip_to_check_or_send_unfinished(client, service):
    draft = _start(client, service)
    check = client.get(reverse("referrals:step", kwargs={"draft_id": draft.id, "step": "check"}))
    assert check.url.endswith("/consent/")  # the first question not yet answered
    sent = client.post(reverse("referrals:submit", args=[draft.id]))
    assert sent.status_code == 302 and not SupportRequest.objects.exists()


def test_someone_else_cannot_open_my_draft(client, service):
    draft = _start(client, service)
    client.cookies.clear()
    url = reverse("referrals:step", kwargs={"draft_id": draft.id, "step": "family"})
    assert client.get(url).status_code == 404


def test_not_sure_which_service_goes_to_triage(client):
    client.post(reverse("referrals:start"), {"in_danger": "no"})
    draft = Draft.objects.latest("created_at")
    _fill_in(client, draft)
    client.post(reverse("referrals:submit", args=[draft.id]))
    support_request = SupportRequest.objects.get(idempotency_key=draft.id)
    assert support_request.service is None and support_request.status == Status.SUBMITTED


def test_a_practitioner_refers_with_consent_and_sees_it_in_their_requests(client, service):
    practitioner = person("practitioner", team=team_in(service.organisation))
    client.force_login(practitioner)
    draft = _start(client, service)
    _fill_in(client, draft)
    client.post(reverse("referrals:submit", args=[draft.id]))
    support_request = SupportRequest.objects.get(idempotency_key=draft.id)
    assert support_request.made_by_practitioner
    assert support_request.consent.given_by == "practitioner"
    assert support_request.referrer_team == practitioner.profile.team


def test_a_signed_in_family_tells_its_story_once(client, service):
    parent = person("parent")
    client.force_login(parent)
    draft = _start(client, service)
    _fill_in(client, draft)
    client.post(reverse("referrals:submit", args=[draft.id]))
    family = Family.objects.get(account_holders=parent)
    # The next request starts with everything already filled in.
    second = _start(client, service)
    assert second.answers["family_id"] == str(family.pk)
    page = client.get(reverse("referrals:step", kwargs={"draft_id": second.id, "step": "family"}))
    assert 'value="Sam"' in page.content.decode()
    _step(client, second, "safety", {"in_danger": "no"})
    _step(client, second, "consent", {"agree": "on", "given_by_name": "Sam Parent"})
    for step in ("family", "children", "contact"):
        typed = second.answers["typed"][step]
        data = {}
        for key, value in typed.items():
            if isinstance(value, list) and key.endswith("date_of_birth"):
                for i, part in enumerate(value):
                    data[f"{key}_{i}"] = part
            else:
                data[key] = value
        assert _step(client, second, step, data).status_code == 302, step
    _step(client, second, "worries", WORRIES)
    check = client.get(reverse("referrals:step", kwargs={"draft_id": second.id, "step": "check"}))
    # The family sees its own open request for the same service before sending again.
    assert "There is already a request for these children" in check.content.decode()
    client.post(reverse("referrals:submit", args=[second.id]))
    assert Family.objects.filter(account_holders=parent).count() == 1
    assert family.members.filter(first_name="Alex").count() == 1
