"""A parent's account, made without telling anyone which emails have accounts.

Asking for an account always answers the same ("check your email"), in about the same time
(the password is hashed either way), whether the email is new or not. The email's owner is told
which: a new email gets a link that finishes making the account (it is switched off until
then), an email with an account gets "you already have one, sign in here". Whoever can read the
email decides, so nobody can take an address they do not hold: asking again for an account not
yet confirmed replaces its password and sends a new link (the old one stops working).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from familyhub.accounts.models import Profile, Role
from familyhub.notifications.services import queue_message

MESSAGE_REFERENCE = "account"


def _waiting_for_confirmation(user) -> bool:
    """A parent's account asked for and never confirmed: switched off, never signed in."""
    profile = getattr(user, "profile", None)
    return (
        not user.is_active
        and user.last_login is None
        and profile is not None
        and profile.role == Role.PARENT
    )


def _link(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


@transaction.atomic
def ask_for_account(email: str, password: str) -> None:
    """Answer a request for a parent's account for this email (already lower case)."""
    User = get_user_model()
    user = User.objects.select_for_update().filter(username=email).first()
    if user is not None and not _waiting_for_confirmation(user):
        make_password(password)  # the same work as a new account, so the time tells nothing
        queue_message(
            channel="email", to=email, kind="account_exists", reference=MESSAGE_REFERENCE,
            link=_link("accounts:sign_in"),
        )  # fmt: skip
        return
    if user is None:
        user = User(username=email, email=email, is_active=False)
        user.set_password(password)
        user.save()
        Profile.objects.create(user=user, role=Role.PARENT)
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    queue_message(
        channel="email", to=email, kind="account_confirm", reference=MESSAGE_REFERENCE,
        link=_link(
            "accounts:confirm_account",
            uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
            token=default_token_generator.make_token(user),
        ),
    )  # fmt: skip


def account_to_confirm(uidb64: str, token: str):
    """The account this link would confirm, or None (a wrong, used or out-of-date link). The
    token changes once the account has signed in, so a link works once."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
        return None
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None or not _waiting_for_confirmation(user):
        return None
    if not default_token_generator.check_token(user, token):
        return None
    return user


@transaction.atomic
def confirm_account(user) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
