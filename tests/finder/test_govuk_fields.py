"""The one GOV.UK field include every staff form uses (`staff/_field.html`)."""

from django import forms
from django.template.loader import render_to_string

from familyhub.finder.templatetags.govuk_fields import widget_kind


class Everything(forms.Form):
    hidden = forms.CharField(widget=forms.HiddenInput)
    pick_one = forms.ChoiceField(choices=[("a", "Apple"), ("b", "Pear")], widget=forms.RadioSelect)
    pick_many = forms.MultipleChoiceField(choices=[], widget=forms.CheckboxSelectMultiple)
    agreed = forms.BooleanField(label="I agree")
    words = forms.CharField(label="Your words", help_text="In a sentence or two")


def draw(form, name):
    return render_to_string("staff/_field.html", {"field": form[name]})


def test_each_widget_gets_its_govuk_pattern():
    form = Everything()
    assert [widget_kind(form[name]) for name in form.fields] == [
        "hidden", "radios", "checkboxes", "checkbox", "input",
    ]  # fmt: skip
    assert "govuk-radios__input" in draw(form, "pick_one")
    assert 'class="govuk-checkboxes__item"><input' in draw(form, "agreed")
    assert 'id="id_words-hint" class="govuk-hint">In a sentence or two' in draw(form, "words")
    assert "govuk-form-group" not in draw(form, "hidden")


def test_an_empty_choice_says_so_in_the_forms_own_words():
    form = Everything()
    assert "None to choose from." in draw(form, "pick_many")
    form.fields["pick_many"].none_to_choose = "No universal services were found."
    assert "No universal services were found." in draw(form, "pick_many")


def test_errors_are_shown_against_the_field():
    form = Everything(data={"pick_one": "z"})
    html = draw(form, "pick_one")
    assert "govuk-form-group--error" in html
    assert 'aria-describedby="id_pick_one-error"' in html
