from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with Vietnamese-first messages and phone-friendly inputs."""

    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["username"].widget.attrs.update(
            {
                "autocapitalize": "none",
                "autocomplete": "username",
                "class": "form-control form-control-lg",
            }
        )
        self.fields["password"].label = _("Mật khẩu")
        self.fields["password"].widget.attrs.update({"class": "form-control form-control-lg"})


class DateInput(forms.DateInput):
    """dd/mm/yyyy text input: works the same on every phone and in every locale."""

    def __init__(self, attrs=None):
        base = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


def bootstrapify(form: forms.Form) -> forms.Form:
    """Give every widget Bootstrap's classes (no template pack needed)."""
    for field in form.fields.values():
        widget = field.widget
        css = widget.attrs.get("class", "")
        if isinstance(widget, forms.CheckboxInput):
            extra = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            extra = "form-select"
        else:
            extra = "form-control"
        if extra not in css:
            widget.attrs["class"] = f"{css} {extra}".strip()
    return form
