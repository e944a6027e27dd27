"""A parent's account without account enumeration: the page answers the same whether the
email has an account or not, and the email's owner is told which (decision 0019)."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.notifications.models import Message
from tests.referrals.helpers import person

pytestmark = pytest.mark.django_db

PASSWORD = "a long walk by the Medway"


def _ask(client, email, password=PASSWORD):
    return client.post(reverse("accounts:create_account"), {"email": email, "password": password})


def _emails_to(address) -> list[Message]:
    """The outbox's messages to this address (addresses are encrypted: compared in Python)."""
    return [message for message in Message.objects.order_by("created_at") if message.to == address]


def _link_in_last_email(to) -> str:
    return urlsplit(_emails_to(to)[-1].personalisation["link"]).path


def test_a_new_email_and_one_with_an_account_get_the_same_answer(client, settings):
    holder = person("parent", email="held@example.org")
    get_user_model().objects.filter(pk=holder.pk).update(username="held@example.org")

    new = _ask(client, "new.parent@example.org")
    existing = _ask(client, "held@example.org")

    assert new.status_code == existing.status_code == 302
    assert new.url == existing.url == reverse("accounts:check_email")
    assert "_auth_user_id" not in client.session  # nobody is signed in by asking
    page = client.get(new.url).content.decode()
    assert "Check your email" in page and "There is already an account" not in page


def test_the_owner_of_an_email_with_an_account_is_told_by_email_and_nothing_changes(client):
    holder = person("parent", email="held@example.org")
    User = get_user_model()
    User.objects.filter(pk=holder.pk).update(username="held@example.org")
    before = User.objects.get(pk=holder.pk).password

    _ask(client, "Held@Example.org", password="someone else's password 42")

    [message] = _emails_to("held@example.org")
    assert message.kind == "account_exists"
    assert message.personalisation["link"].endswith(reverse("accounts:sign_in"))
    assert User.objects.get(pk=holder.pk).password == before
    assert User.objects.filter(username="held@example.org").count() == 1


def test_a_new_email_gets_a_link_that_finishes_the_account_and_works_once(client):
    _ask(client, "Sam.Parent@Example.org")
    user = get_user_model().objects.get(username="sam.parent@example.org")
    assert not user.is_active and user.profile.role == Role.PARENT
    assert [m.kind for m in _emails_to("sam.parent@example.org")] == ["account_confirm"]
    link = _link_in_last_email("sam.parent@example.org")

    # Opening the link (or a mail scanner opening it) changes nothing: a button does.
    page = client.get(link)
    assert page.status_code == 200 and "Finish and sign in" in page.content.decode()
    user.refresh_from_db()
    assert not user.is_active and "_auth_user_id" not in client.session

    done = client.post(link)
    assert done.url == reverse("referrals:my_requests")
    user.refresh_from_db()
    assert user.is_active
    assert client.session["_auth_user_id"] == str(user.pk)

    client.logout()
    again = client.post(link)
    assert again.status_code == 404
    assert "This link does not work" in again.content.decode()


def test_an_account_not_yet_confirmed_cannot_sign_in_and_says_so_like_a_wrong_password(client):
    _ask(client, "waiting@example.org")
    response = client.post(
        reverse("accounts:sign_in"), {"username": "waiting@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Enter a correct email address or username and password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_asking_again_replaces_the_password_and_only_the_newest_link_works(client):
    """Someone who typed another person's email first cannot keep the account: whoever reads
    the email confirms it, with the password they chose."""
    _ask(client, "taken@example.org", password="the first asker's password 1")
    first_link = _link_in_last_email("taken@example.org")
    _ask(client, "taken@example.org", password="the real owner's password 2")
    newest_link = _link_in_last_email("taken@example.org")
    assert first_link != newest_link

    assert client.post(first_link).status_code == 404
    assert client.post(newest_link).url == reverse("referrals:my_requests")
    user = get_user_model().objects.get(username="taken@example.org")
    assert user.check_password("the real owner's password 2")


def test_a_staff_account_is_never_taken_over_through_the_parents_page(client):
    staff = person("triage", email="triage.lead@example.org")
    User = get_user_model()
    User.objects.filter(pk=staff.pk).update(username="triage.lead@example.org", is_active=False)
    _ask(client, "triage.lead@example.org")
    assert [m.kind for m in _emails_to("triage.lead@example.org")] == ["account_exists"]
    assert not User.objects.get(pk=staff.pk).check_password(PASSWORD)


@pytest.mark.parametrize("uid,token", [("x", "y"), ("MTIzNDU2Nzg5", "abc-def"), ("!!", "1-2")])
def test_a_made_up_link_is_a_clear_page_not_a_500(client, uid, token):
    response = client.get(reverse("accounts:confirm_account", args=[uid, token]))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_the_pages_a_parent_sees_are_in_polish_at_pl(client):
    asked = client.post(
        "/pl/accounts/create/", {"email": "rodzic@example.org", "password": PASSWORD}
    )
    assert asked.url == "/pl/accounts/create/check-your-email/"
    assert "Sprawdź swoją skrzynkę e-mail" in client.get(asked.url).content.decode()
    made_up = client.get("/pl/accounts/confirm/x/y/").content.decode()
    assert "Ten link nie działa" in made_up
