"""A family asked for support without an account, then made one (or signed in): they add the
request to their account from its page — only after unlocking it with its reference and a
one-time code in the same browser, never by the reference alone."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.directory.models import Service
from familyhub.notifications.models import Message
from familyhub.referrals.access import FAMILY_SESSION_KEY
from tests.referrals.helpers import make_request, person

pytestmark = pytest.mark.django_db

ADD = "Add this request to your account"


@pytest.fixture
def service():
    return Service.objects.filter(access_self_referral=True, status="active").first()


@pytest.fixture
def support_request(service):
    """Made without an account: no one holds the family's record."""
    made = make_request(service)
    assert not made.family.account_holders.exists()
    return made


def _unlock(client, support_request):
    """The family's way in: the reference, then the code sent to their safe contact."""
    client.post(reverse("referrals:track"), {"reference": support_request.reference})
    code = Message.objects.filter(kind="tracking_code").latest("created_at").personalisation
    response = client.post(reverse("referrals:track_code"), {"code": code["code"]})
    assert response.status_code == 302
    assert str(support_request.id) in client.session[FAMILY_SESSION_KEY]


def _make_account(client, email):
    """Ask for an account, then finish it with the link emailed (accounts/signup.py)."""
    answers = {"email": email, "password": "a long walk by the Medway"}
    client.post(reverse("accounts:create_account"), answers)
    link = Message.objects.filter(kind="account_confirm").latest("created_at").personalisation
    finished = client.post(urlsplit(link["link"]).path)
    assert finished.url == reverse("referrals:my_requests")


def _page(client, support_request):
    return client.get(reverse("referrals:family_request", args=[support_request.reference]))


def _add(client, support_request):
    return client.post(reverse("referrals:add_to_account", args=[support_request.reference]))


def test_create_an_account_then_unlock_with_the_code_then_add_the_request(client, support_request):
    _unlock(client, support_request)
    assert ADD not in _page(client, support_request).content.decode()  # no account yet
    _make_account(client, "sam@example.org")
    user = get_user_model().objects.get(username="sam@example.org")
    # Making the account starts a new session: what was opened before does not carry over...
    mine = client.get(reverse("referrals:my_requests")).content.decode()
    assert support_request.reference not in mine
    assert _page(client, support_request).status_code == 404
    # ...the family opens it again with a new code, signed in, and adds it.
    _unlock(client, support_request)
    page = _page(client, support_request)
    assert page.status_code == 200 and ADD in page.content.decode()

    response = _add(client, support_request)
    assert response.status_code == 302
    family = support_request.family
    assert list(family.account_holders.all()) == [user]
    event = AuditEvent.objects.get(family_id=family.pk, action="change", user=user)
    assert event.detail.startswith("account holder added (reference and one-time code")
    # Now the request is theirs: listed with their requests, and the family record is theirs.
    mine = client.get(reverse("referrals:my_requests")).content.decode()
    assert "Opened in this browser with a code" not in mine
    assert support_request.reference in mine
    assert "Sam Parent" in client.get(reverse("referrals:my_family")).content.decode()
    assert ADD not in _page(client, support_request).content.decode()
    # Adding twice changes nothing more.
    _add(client, support_request)
    assert family.account_holders.count() == 1
    assert (
        AuditEvent.objects.filter(family_id=family.pk, detail__startswith="account holder").count()
        == 1
    )


def test_sign_in_then_unlock_then_add(client, support_request):
    parent = person("parent")
    _unlock(client, support_request)
    response = client.post(
        reverse("accounts:sign_in"), {"username": parent.username, "password": "x-unused-1"}
    )
    assert response.status_code == 302
    assert _page(client, support_request).status_code == 404  # nothing carried over
    _unlock(client, support_request)
    assert ADD in _page(client, support_request).content.decode()
    _add(client, support_request)
    assert support_request.family.account_holders.filter(pk=parent.pk).exists()


def test_the_next_person_on_a_shared_computer_gets_nothing_of_the_family_before_them(
    client, service
):
    """The attack from issue 15: a family asks for support without signing in (and leaves a
    draft); the next person on the same browser makes an account, or signs in."""
    from familyhub.referrals.models import Draft

    client.post(reverse("referrals:start") + f"?service={service.id}", {"in_danger": "no"})
    draft = Draft.objects.latest("created_at")
    draft_url = reverse("referrals:step", args=[draft.id, "worries"])
    assert client.get(draft_url).status_code == 200  # the family's own browser, before
    sent = make_request(service)
    _unlock(client, sent)
    _make_account(client, "next.person@example.org")
    mine = client.get(reverse("referrals:my_requests")).content.decode()
    assert sent.reference not in mine
    assert "Sam Parent" not in client.get(reverse("referrals:my_family")).content.decode()
    assert _page(client, sent).status_code == 404
    assert _add(client, sent).status_code == 404
    assert client.get(draft_url).status_code == 404
    assert not sent.family.account_holders.exists()


def test_a_signed_in_parent_can_unlock_with_a_code_and_add(client, support_request):
    parent = person("parent")
    client.force_login(parent)
    assert client.get(reverse("referrals:track")).status_code == 200  # not sent away
    _unlock(client, support_request)
    _add(client, support_request)
    assert support_request.family.account_holders.filter(pk=parent.pk).exists()


def test_never_by_reference_alone(client, support_request):
    parent = person("parent")
    client.force_login(parent)
    assert _page(client, support_request).status_code == 404
    assert _add(client, support_request).status_code == 404
    # Asking for a code is not enough either: the code has to be entered.
    client.post(reverse("referrals:track"), {"reference": support_request.reference})
    assert _add(client, support_request).status_code == 404
    wrong = client.post(reverse("referrals:track_code"), {"code": "not-it"})
    assert wrong.status_code == 400
    assert _add(client, support_request).status_code == 404
    assert not support_request.family.account_holders.exists()
    assert not AuditEvent.objects.filter(detail__startswith="account holder").exists()


def test_a_code_for_one_request_does_not_add_another(client, service, support_request):
    other = make_request(
        service,
        children=[{"first_name": "Other", "last_name": "Child", "date_of_birth": "2019-01-01"}],
    )
    client.force_login(person("parent"))
    _unlock(client, support_request)
    assert _add(client, other).status_code == 404
    assert not other.family.account_holders.exists()


def test_only_a_parent_can_add(client, support_request):
    # Signed out, even with the code: sign in first.
    _unlock(client, support_request)
    response = _add(client, support_request)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))
    # Staff are never made account holders of a family's record.
    staff = person("practitioner")
    client.force_login(staff)
    session = client.session
    session[FAMILY_SESSION_KEY] = [str(support_request.id)]
    session.save()
    assert _add(client, support_request).status_code == 403
    assert not support_request.family.account_holders.exists()


def test_adding_needs_a_post(client, support_request):
    client.force_login(person("parent"))
    _unlock(client, support_request)
    url = reverse("referrals:add_to_account", args=[support_request.reference])
    assert client.get(url).status_code == 405
    assert not support_request.family.account_holders.exists()


def test_the_family_is_told_when_an_account_is_added(client, support_request):
    """Where there is domestic abuse someone else may hold the phone: the family hears of it,
    by their safe way, with only the reference and a link."""
    _unlock(client, support_request)
    client.force_login(person("parent"))
    _unlock(client, support_request)
    before = Message.objects.filter(kind="account_added").count()
    _add(client, support_request)
    told = Message.objects.filter(kind="account_added")
    assert told.count() == before + 1
    message = told.latest("created_at")
    assert message.reference == support_request.reference
    assert set(message.personalisation) == {"reference", "link"}
    _add(client, support_request)  # adding again changes nothing and tells no one twice
    assert Message.objects.filter(kind="account_added").count() == before + 1


def test_an_unlock_from_long_ago_in_this_browser_cannot_be_added(client, support_request):
    """Someone signing in on a browser a family used yesterday does not get their record."""
    from datetime import timedelta

    from django.utils import timezone

    from familyhub.referrals.access import UNLOCKED_AT_SESSION_KEY

    _unlock(client, support_request)
    session = client.session
    long_ago = timezone.now() - timedelta(days=1)
    session[UNLOCKED_AT_SESSION_KEY] = {str(support_request.id): long_ago.isoformat()}
    session.save()
    parent = person("parent")
    client.force_login(parent)
    page = _page(client, support_request)
    assert page.status_code == 200  # still unlocked in this browser, to see
    assert ADD not in page.content.decode()  # but not to take
    assert _add(client, support_request).status_code == 404
    assert not support_request.family.account_holders.filter(pk=parent.pk).exists()
