"""The secret in a feedback link: worked out from the invitation's id with the site's secret key
(so the family's tracking page can show the same link again), and stored only as a hash (so the
database alone cannot open a family's form)."""

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import salted_hmac

SALT = "familyhub.feedback.link"


def token_for(invitation_id) -> str:
    return salted_hmac(SALT, str(invitation_id), algorithm="sha256").hexdigest()[:40]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def path_for(invitation, *, language: str | None = None) -> str:
    """The form's path, in the invitation's language (Polish pages are under /pl/)."""
    with translation.override(language or invitation.language):
        return reverse("feedback:form", kwargs={"token": token_for(invitation.pk)})


def link_for(invitation) -> str:
    return settings.SITE_URL + path_for(invitation)
