"""{{ value|miles }} ("3 miles") and {{ value|miles_within }} (after "within"): see
familyhub/finder/distances.py."""

from django import template

from familyhub.finder import distances

register = template.Library()


@register.filter
def miles(value):
    return "" if value in (None, "") else distances.miles(value)


@register.filter
def miles_within(value):
    return "" if value in (None, "") else distances.miles(value, within=True)
