"""Drawing a Django form field with the GOV.UK Design System's pattern for its widget.

Staff forms in every app include `staff/_field.html`, which loads this library.
"""

from django import forms, template

register = template.Library()


@register.filter
def widget_kind(field) -> str:
    """Which GOV.UK pattern a form field is drawn with."""
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"
