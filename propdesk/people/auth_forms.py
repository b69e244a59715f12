"""Sign-in and password forms in the product's words (Django's stock messages never reach a page)."""

from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from propdesk.core.forms import worded_errors


def _worded(form) -> None:
    for field in form.fields.values():
        field.error_messages = {**field.error_messages, **worded_errors(field)}


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or the password is wrong (both are case-sensitive). Try again."
        ),
        "inactive": _("This account is switched off. Ask the system administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _worded(self)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": _("The two new passwords are not the same."),
        "password_incorrect": _("The current password is wrong. Type it again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _worded(self)
