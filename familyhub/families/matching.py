"""Finding the same family twice: normalised child name, date of birth and postcode."""

import re

from familyhub.directory.search.words import fold
from familyhub.postcodes.formats import compact


def name_key(first_name: str, last_name: str = "") -> str:
    """'Zoë  O'Brien-Smith' -> 'zoe obriensmith': case, accents, spaces and punctuation ignored."""
    words = [re.sub(r"[^a-z]", "", fold(part)) for part in (first_name, last_name)]
    return " ".join(word for word in words if word)


def matching_children(first_name: str, last_name: str, date_of_birth, postcode: str):
    """Children already on record with this name, date of birth and postcode."""
    from familyhub.families.models import FamilyMember

    return FamilyMember.objects.filter(
        name_key=name_key(first_name, last_name),
        date_of_birth=date_of_birth,
        family__postcode=postcode_key(postcode),
        family__merged_into__isnull=True,
    ).select_related("family")


def postcode_key(postcode: str) -> str:
    """How postcodes are stored on a family: 'ME4 4TR' (upper case, one space)."""
    value = compact(postcode)
    return f"{value[:-3]} {value[-3:]}" if len(value) > 4 else value
