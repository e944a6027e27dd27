"""The keys a family record is compared by: a child's name, a postcode, a contact (keyed hash).
Plain functions, used by the models (to store the keys) and by matching (to compare them)."""

import hashlib
import hmac
import re

from django.conf import settings

from familyhub.directory.search.words import fold
from familyhub.notifications.services import InvalidMessage, clean_uk_phone
from familyhub.postcodes.formats import InvalidPostcode, compact, normalise


def name_key(first_name: str, last_name: str = "") -> str:
    """'Zoë  O'Brien-Smith' -> 'zoe obriensmith': case, accents, spaces and punctuation ignored."""
    words = [re.sub(r"[^a-z]", "", fold(part)) for part in (first_name, last_name)]
    return " ".join(word for word in words if word)


def postcode_key(postcode: str) -> str:
    """How postcodes are stored on a family: 'ME4 4TR' (upper case, one space)."""
    try:
        return normalise(postcode)
    except InvalidPostcode:
        value = compact(postcode)
        return f"{value[:-3]} {value[-3:]}" if len(value) > 4 else value


def contact_key(kind: str, value: str | None) -> str:
    """A keyed hash of an email address (case and spaces ignored) or a UK phone number (spaces,
    punctuation and +44 ignored): equal for the same contact, and useless to anyone without the
    site's secret. '' when there is none."""
    text = (value or "").strip()
    if not text:
        return ""
    if kind == "email":
        text = text.lower()
    else:
        try:
            text = clean_uk_phone(text)
        except InvalidMessage:
            text = re.sub(r"\D", "", text)
    secret = f"family contact:{settings.SECRET_KEY}".encode()
    return hmac.new(secret, f"{kind}:{text}".encode(), hashlib.sha256).hexdigest()
