from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


def _helper(*fields, button) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", button))
    return helper


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Enter a correct email address or username and password."),
        "inactive": _("This account has been switched off. Ask your administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address or username")
        self.fields["username"].error_messages["required"] = _("Enter your email address")
        self.fields["password"].error_messages["required"] = _("Enter your password")
        # AuthenticationForm sets max_length after the field is made, so nothing checks it: a
        # longer name reached the lockout records (a 500 on PostgreSQL). Check it here.
        limit = self.fields["username"].max_length or 150
        self.fields["username"].validators.append(
            MaxLengthValidator(limit, _("Use %(limit_value)s characters or fewer"))
        )
        self.helper = _helper(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            button=_("Sign in"),
        )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("code", field_width=5, label_size=Size.SMALL), button=_("Continue")
        )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("The code must be 6 numbers, like 123456"))
        return code


class PasswordAgainForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("password", field_width=20), button=_("Continue"))


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=20,
        error_messages={"required": _("Enter one of your recovery codes")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("code", field_width=10, label_size=Size.SMALL), button=_("Continue")
        )


class ParentAccountForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the right format, like name@example.com"),
        },
    )
    password = forms.CharField(
        label=_("Create a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters. Not a common word or only numbers."),
        error_messages={"required": _("Create a password")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("email", field_width=20),
            Field.text("password", field_width=20),
            button=_("Create account"),
        )

    def clean_email(self):
        # Never "there is already an account": that would tell anyone which emails have one.
        return self.cleaned_data["email"].lower()

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("email"):
            user = get_user_model()(username=data["email"], email=data["email"])
            try:
                password_validation.validate_password(data["password"], user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data
