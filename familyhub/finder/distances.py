"""Distances in words: "1 mile", "3 miles", "2.5 miles", with the right plural in every
language (Polish has three forms for whole numbers, and a fraction takes its own).

Two forms, because Polish puts a distance in a different case after "within" ("w promieniu
1 mili") than on its own ("1 mila stąd"); English says both the same way.
"""

from django.utils.formats import number_format
from django.utils.translation import ngettext, npgettext, pgettext


def miles(value, *, within: bool = False) -> str:
    """`value` miles in words, to one decimal place; `within`: after "within" or "up to"."""
    value = round(float(value), 1)
    if value.is_integer():
        count = int(value)
        if within:
            text = npgettext(
                "a distance after 'within'", "%(miles)s mile", "%(miles)s miles", count
            )
        else:
            text = ngettext("%(miles)s mile", "%(miles)s miles", count)
        return text % {"miles": count}
    if within:
        text = pgettext("a distance with a fraction, after 'within'", "%(miles)s miles")
    else:
        text = pgettext("a distance with a fraction", "%(miles)s miles")
    return text % {"miles": number_format(value, 1)}
