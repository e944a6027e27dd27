"""The administrator's forms: find a family record by a request's reference, and erase it."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from familyhub.retention.erasure import REASON_MAX_LENGTH


def _helper(*items, button: str, warning: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's own <form> has the token
    main = Button.warning("erase", button) if warning else Button.primary("find", button)
    helper.layout = Layout(*items, main)
    return helper


class FindFamilyForm(forms.Form):
    reference = forms.CharField(
        label="A request's reference",
        help_text="Any request of the family, like FH-7K3M-9QXD.",
        max_length=20,
        error_messages={"required": "Enter a request's reference"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("reference", field_width=10, label_size=Size.SMALL), button="Find"
        )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label="Why is this family's data being erased?",
        help_text="The request you received: who asked, when and how, and the grounds. Do not "
        "write anyone's name or contact details here.",
        widget=forms.Textarea,
        max_length=REASON_MAX_LENGTH,
        error_messages={
            "required": "Say why the data is being erased",
            "max_length": f"Use {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )
    confirm = forms.BooleanField(
        label="I have checked this is the right family record, and I understand the erasure "
        "cannot be undone",
        error_messages={"required": "Confirm you have checked the record and the erasure is final"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.textarea("reason", rows=4, max_characters=REASON_MAX_LENGTH,
                           label_size=Size.MEDIUM, label_tag="h2"),
            Field.checkbox("confirm"),
            button="Erase this family's data",
            warning=True,
        )  # fmt: skip
