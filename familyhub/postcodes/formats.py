"""UK postcode formats: cleaning, validating and splitting.

The pattern is the one in the UK Government Data Standards Catalogue (BS 7666), without the
special cases (GIR 0AA, BFPO) that no family in England will type.
"""

import re

_OUTWARD = (
    r"[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9][0-9]?|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
FULL_POSTCODE = re.compile(rf"^({_OUTWARD})({_INWARD})$")
OUTWARD_CODE = re.compile(rf"^{_OUTWARD}$")


class InvalidPostcode(ValueError):
    """The text is not shaped like a UK postcode."""


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def normalise(text: str) -> str:
    """'me44tr ' -> 'ME4 4TR'; an outward code alone ('me4') -> 'ME4'. Raises InvalidPostcode."""
    value = compact(text)
    match = FULL_POSTCODE.match(value)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    if OUTWARD_CODE.match(value):
        return value
    raise InvalidPostcode(
        f"“{(text or '').strip()[:20]}” is not a UK postcode. Enter a postcode like ME4 4TR."
    )


def is_full_postcode(normalised: str) -> bool:
    return " " in normalised


def outward_code(normalised: str) -> str:
    return normalised.split(" ", 1)[0]
