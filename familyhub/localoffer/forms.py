from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.localoffer.questions import QUESTIONS


class AnswersForm(forms.Form):
    """The seven questions, each optional (a service may answer some now and the rest later)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.field] = forms.CharField(
                label=question.question,
                help_text=question.hint,
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    "max_length": _("Answer in 2,000 characters or fewer"),
                },
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *(Field.textarea(q.field, label_size=Size.SMALL, rows=4) for q in QUESTIONS),
            Submit("save", _("Save answers")),
        )
