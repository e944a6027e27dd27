from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.upkeep.models import SuggestedChange


class SuggestChangeForm(forms.ModelForm):
    class Meta:
        model = SuggestedChange
        fields = ["kind", "details"]
        error_messages = {
            "kind": {"required": _("Select what kind of change you are suggesting")},
            "details": {
                "required": _("Tell us what should change"),
                "max_length": _("Use 2,000 characters or fewer"),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = SuggestedChange.Kind.choices
